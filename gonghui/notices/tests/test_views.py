"""Workbench pages of notices: list, publish, edit, withdraw; the scope and the bad input."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.conftest import login, message_pattern
from gonghui.notices.models import Notice, NoticeStatus
from gonghui.notices.services import TITLE_REQUIRED, WINDOW_ORDER
from gonghui.notices.views import NOTICE_CREATE_DONE, NOTICE_WITHDRAW_DONE
from gonghui.orgs.tests.picking import picker_offers


def _form(tree, **overrides):
    data = {
        "title": "五一慰问活动安排",
        "body": "各基层工会：\n请于4月底前报送名单。",
        "target": tree.chengguan.pk,
        "publish_from": "",
        "publish_until": "",
        "status": NoticeStatus.PUBLISHED,
    }
    data.update(overrides)
    return data


def test_publish_from_the_workbench(staff, tree):
    client = login(staff.county_admin)
    page = client.get("/notices/new/").content.decode()
    # The target defaults to the user's own union, shown with its path ...
    assert f'name="target" value="{tree.chengguan.pk}"' in page
    assert "甘肃省总工会 › 兰州市总工会 › 城关区总工会" in page
    # ... and the picker offers 城关区 and its townships, not a sibling county nor a company.
    offered = picker_offers(client, page, "target", "工会")
    assert 'data-label="东岗西路街道工会"' in offered and 'data-label="城关区总工会"' in offered
    assert "七里河区总工会" not in offered and "兰州甲公司工会" not in offered
    response = client.post("/notices/new/", _form(tree, target=tree.donggang.pk), follow=True)
    notice = Notice.objects.get()
    assert notice.publisher == tree.chengguan
    assert notice.target == tree.donggang
    assert NOTICE_CREATE_DONE.format(title="五一慰问活动安排") in response.content.decode()


def test_bad_input_shows_the_message_and_keeps_the_text(staff, tree):
    client = login(staff.county_admin)
    response = client.post("/notices/new/", _form(tree, title=""))
    assert response.status_code == 400
    assert TITLE_REQUIRED in response.content.decode()
    assert "请于4月底前报送名单" in response.content.decode()
    response = client.post(
        "/notices/new/",
        _form(tree, publish_from="2026-05-02T08:00", publish_until="2026-05-01T08:00"),
    )
    assert response.status_code == 400
    assert WINDOW_ORDER in response.content.decode()
    assert "五一慰问活动安排" in response.content.decode()
    assert not Notice.objects.exists()


def test_a_target_of_another_county_is_not_a_choice(staff, tree):
    client = login(staff.county_admin)
    for outside in (tree.qilihe, tree.base_a):  # another county; a company (wrong type)
        response = client.post("/notices/new/", _form(tree, target=outside.pk))
        assert response.status_code == 400
        assert "所选工会不能作为发布范围" in response.content.decode()
    assert not Notice.objects.exists()


def test_list_is_scoped_searchable_and_bounded(staff, tree, make_notice):
    for n in range(30):
        make_notice(title=f"城关通知{n}")
    make_notice(actor=staff.sibling_admin, title="七里河区通知")
    client = login(staff.county_admin)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/notices/").content.decode()
    assert len(queries) <= 12, [q["sql"] for q in queries]
    assert "共 30 条通知" in page
    assert "七里河区通知" not in page
    page = client.get("/notices/", {"q": "城关通知29"}).content.decode()
    assert "共 1 条通知" in page


def test_edit_and_withdraw_with_a_confirmation(staff, tree, make_notice):
    notice = make_notice(title="原标题")
    client = login(staff.county_admin)
    assert client.get(f"/notices/{notice.pk}/edit/").status_code == 200
    response = client.post(f"/notices/{notice.pk}/edit/", _form(tree, title="新标题"))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.title == "新标题"
    page = client.get(f"/notices/{notice.pk}/withdraw/").content.decode()
    assert "确认撤回" in page
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED  # a GET only asks
    response = client.post(f"/notices/{notice.pk}/withdraw/", follow=True)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    assert re.search(message_pattern(NOTICE_WITHDRAW_DONE, whole=False), response.content.decode())


def test_a_sibling_countys_notice_answers_404(staff, make_notice):
    notice = make_notice(actor=staff.sibling_admin)
    client = login(staff.county_admin)
    for url in (f"/notices/{notice.pk}/", f"/notices/{notice.pk}/edit/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/notices/{notice.pk}/withdraw/").status_code == 404
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED


def test_an_auditor_reads_but_cannot_publish(staff, make_notice):
    notice = make_notice()
    client = login(staff.county_auditor)
    assert client.get(f"/notices/{notice.pk}/").status_code == 200
    assert client.get("/notices/new/").status_code == 403


def test_a_notice_without_a_creator_shows_a_dash(staff, make_notice):
    notice = make_notice()
    notice.created_by = None
    notice.save()
    page = login(staff.county_admin).get(f"/notices/{notice.pk}/").content.decode()
    assert "<dt>创建人</dt><dd>—</dd>" in page
