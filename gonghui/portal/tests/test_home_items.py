"""The portal home below the icons: 我的事项, 通知公告, 附近的驿站; the worker's notice pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.conftest import VALID_IDS
from gonghui.members.codes import Category
from gonghui.notices.services import notice_create
from gonghui.portal.home_items import worker_union
from gonghui.portal.services.joining import join_apply


@pytest.fixture
def applicant(make_worker, tree):
    worker = make_worker("13900000001", name="李四", id_number=VALID_IDS[1])
    join_apply(worker=worker, org=tree.base_a, category=Category.NF_DELIVERY, employer="美团")
    return worker


@pytest.fixture
def notices(staff, tree):
    def publish(actor, title, target=None):
        return notice_create(actor=actor, title=title, body="正文", target=target or actor.org)

    return {
        "province": publish(staff.sysadmin, "省总工会通知"),
        "county": publish(staff.county_admin, "城关区总工会通知"),
        "sibling": publish(staff.sibling_admin, "七里河区总工会通知"),
        "other_city": publish(staff.tianshui_admin, "秦州区总工会通知"),
    }


def test_an_applicant_sees_his_application_and_his_county_unions_notice(
    applicant, notices, worker_client
):
    page = worker_client(applicant).get("/m/").content.decode()
    assert "我的事项" in page
    assert "入会申请 · 兰州甲公司工会" in page
    assert "待审核" in page
    assert "城关区总工会通知" in page
    assert "省总工会通知" in page
    assert "七里河区总工会通知" not in page
    assert "秦州区总工会通知" not in page


def test_the_union_is_the_memberships_once_he_is_a_member(
    make_worker, make_member, tree, notices, worker_client
):
    member = make_member(tree.base_c, id_number=VALID_IDS[2])
    worker = make_worker("13900000002", name="张三", id_number=VALID_IDS[2], member=member)
    assert worker_union(worker) == tree.base_c
    page = worker_client(worker).get("/m/").content.decode()
    assert "七里河区总工会通知" in page
    assert "城关区总工会通知" not in page
    assert "电子会员卡 ›" in page


def test_a_visitor_sees_only_the_provinces_notices(client, notices):
    page = client.get("/m/").content.decode()
    assert "省总工会通知" in page
    assert "城关区总工会通知" not in page
    assert "我的事项" not in page


def test_nearby_lists_the_three_nearest_of_his_county_with_distance(
    applicant, make_site, worker_client
):
    # Measured from the county's centre, the mean of its sites: 36.06, 103.83 here.
    for n, dlat in enumerate((-0.1, -0.012, 0.001, 0.01, 0.101)):
        make_site(name=f"驿站{n}", lat=36.06 + dlat, lng=103.83)
    page = worker_client(applicant).get("/m/").content.decode()
    section = page[page.index('id="home-nearby"') :]
    assert section.count('data-testid="home-site"') == 3
    assert section.index("驿站2") < section.index("驿站3") < section.index("驿站1")
    assert "驿站0" not in section and "驿站4" not in section
    assert "110 米" in section and "1.1 公里" in section
    assert "城关区" in section


def test_nearby_fragment_from_the_browsers_position(client, make_site):
    make_site(name="近处驿站", lat=36.0601, lng=103.8301)
    make_site(name="远处驿站", lat=39.0, lng=100.0)
    response = client.get("/m/nearby/", {"lat": "36.06", "lng": "103.83"})
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("近处驿站") < text.index("远处驿站")
    assert " 米" in text
    bad = client.get("/m/nearby/", {"lat": "91", "lng": "x"})
    assert bad.status_code == 400
    assert "位置信息无效" in bad.content.decode()


def test_home_queries_are_bounded(applicant, notices, make_site, worker_client, make_worker):
    for n in range(10):
        make_site(name=f"驿站{n}", lat=36.06 + n / 1000, lng=103.83)
    for n in range(8):
        notice_create(
            actor=notices["county"].created_by,
            title=f"更多通知{n}",
            body="正文",
            target=notices["county"].target,
        )
    client = worker_client(applicant)
    client.get("/m/")  # warm: the session, content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/m/")
    assert response.status_code == 200
    assert len(queries) <= 16, [q["sql"] for q in queries]
    # Five notices at most on the home; the rest are on the list page.
    assert response.content.decode().count('data-testid="home-notice"') == 5


def test_notice_list_and_page_of_the_worker(applicant, notices, worker_client):
    client = worker_client(applicant)
    page = client.get("/m/notices/").content.decode()
    assert "城关区总工会通知" in page and "省总工会通知" in page
    assert "秦州区总工会通知" not in page
    detail = client.get(f"/m/notices/{notices['county'].pk}/")
    assert detail.status_code == 200
    assert "城关区总工会" in detail.content.decode()
    # Another county's notice answers exactly as a missing one.
    other = client.get(f"/m/notices/{notices['other_city'].pk}/")
    missing = client.get("/m/notices/987654321/")
    assert other.status_code == missing.status_code == 404
