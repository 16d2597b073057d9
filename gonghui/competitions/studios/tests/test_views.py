"""Workbench pages: the list (scoped, searchable, bounded), an application through its review
buttons, a yearly report, a 回头看; the bad input and what is out of scope."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.competitions.models.studios import Studio, StudioReport, StudioStatus
from gonghui.competitions.studios.services import results
from gonghui.competitions.studios.views import NAMED, REPORTED
from gonghui.conftest import login


def test_list_is_scoped_searchable_and_bounded(staff, tree, make_studio):
    for _ in range(25):
        make_studio()
    make_studio(actor=staff.base_c_admin, org=tree.base_c, name="七里河工作室")
    client = login(staff.county_admin)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/competitions/studios/").content.decode()
    assert len(queries) <= 12, [q["sql"] for q in queries]
    assert "共 25 个工作室" in page
    assert "七里河工作室" not in page
    page = client.get("/competitions/studios/", {"q": "工作室24"}).content.decode()
    assert "共 1 个工作室" in page


def test_out_of_scope_answers_as_missing(staff, tree, make_studio):
    studio = make_studio(actor=staff.base_c_admin, org=tree.base_c)
    response = login(staff.county_admin).get(f"/competitions/studios/{studio.pk}/")
    assert response.status_code == 404
    missing = login(staff.county_admin).get("/competitions/studios/999999/")
    assert missing.status_code == 404


def test_apply_submit_and_review_through_the_pages(
    staff, tree, township_admin, make_member, city_batch
):
    lead = make_member(tree.base_a, name="赵工匠")
    client = login(staff.base_admin)
    assert client.get(f"/competitions/studios/batches/{city_batch.pk}/apply/").status_code == 200
    bad = client.post(
        f"/competitions/studios/batches/{city_batch.pk}/apply/",
        {"name": "", "kind": "craftsman", "org": tree.base_a.pk, "lead": lead.pk},
    )
    assert bad.status_code == 400
    response = client.post(
        f"/competitions/studios/batches/{city_batch.pk}/apply/",
        {
            "name": "赵工匠技能大师工作室",
            "kind": "craftsman",
            "org": tree.base_a.pk,
            "lead": lead.pk,
            "alliance": "",
        },
    )
    studio = Studio.objects.get()
    assert response.status_code == 302
    client.post(f"/competitions/studios/{studio.pk}/submit/")
    studio.refresh_from_db()
    assert studio.at_org == tree.donggang
    # Not this union's turn: the review buttons are not shown, the action refused.
    page = login(staff.county_admin).get(f"/competitions/studios/{studio.pk}/").content.decode()
    assert "审核通过" not in page
    assert (
        login(staff.county_admin).post(f"/competitions/studios/{studio.pk}/approve/").status_code
        == 403
    )
    for reviewer in (township_admin, staff.county_admin):
        login(reviewer).post(f"/competitions/studios/{studio.pk}/approve/")
    page = login(staff.city_admin).get(f"/competitions/studios/{studio.pk}/").content.decode()
    assert "审核通过并命名" in page
    response = login(staff.city_admin).post(
        f"/competitions/studios/{studio.pk}/approve/", follow=True
    )
    assert NAMED.format(name=studio.name, level="市级") in response.content.decode()
    studio.refresh_from_db()
    assert studio.status == StudioStatus.NAMED


def test_report_form(staff, named_studio):
    client = login(staff.base_admin)
    url = f"/competitions/studios/{named_studio.pk}/report/"
    assert client.get(url).status_code == 200
    data = {
        "year": timezone.localdate().year,
        "projects": 5,
        "patents": 1,
        "methods": 1,
        "benefit": "12.5",
        "trained": 8,
        "funds_received": "0",
        "funds_matched": "0",
    }
    response = client.post(url, data, follow=True)
    assert REPORTED.format(year=data["year"]) in response.content.decode()
    again = client.post(url, data)
    assert again.status_code == 400
    assert results.ALREADY_REPORTED.format(year=data["year"]) in again.content.decode()
    assert StudioReport.objects.count() == 1


def test_review_pages(staff, named_studio):
    client = login(staff.city_admin)
    url = f"/competitions/studios/{named_studio.pk}/review/"
    response = client.post(url, {"result": "revoke", "reason": ""})
    assert response.status_code == 400
    client.post(url, {"result": "revoke", "reason": "连续两年未报送成果"})
    named_studio.refresh_from_db()
    assert named_studio.status == StudioStatus.REVOKED
    # An auditor sees the pages but may not act.
    assert login(staff.county_auditor).get("/competitions/studios/").status_code == 200
    assert login(staff.county_auditor).post(url, {}).status_code == 403


def test_batches_and_stats_pages(staff, named_studio):
    client = login(staff.county_admin)
    assert (
        "兰州市第四批劳模创新工作室"
        in client.get("/competitions/studios/batches/").content.decode()
    )
    page = client.get("/competitions/studios/stats/").content.decode()
    assert "已命名创新工作室 1 个" in page
    response = login(staff.city_admin).post(
        "/competitions/studios/batches/new/",
        {"name": "省级", "level": "province", "year": 2026, "deadline": "2099-01-01"},
    )
    assert response.status_code == 400
