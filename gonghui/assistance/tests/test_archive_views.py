"""Workbench pages of 困难职工档案 (the worker's application: portal/tests/test_assistance.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance.codes import ArchiveStatus, Channel, Relation
from gonghui.assistance.models import Archive, PovertyLine
from gonghui.assistance.selectors.archives import ARCHIVE_NOT_FOUND
from gonghui.assistance.services.archives import archive_apply
from gonghui.assistance.tests.test_archive_services import CHILD_ID, FIELDS, PNG, SPOUSE_ID
from gonghui.audit.models import AuditLog
from gonghui.conftest import login
from gonghui.orgs.tests.picking import picker_offers

FORM = {
    "level": "deep",
    "causes": ["illness", "education"],
    "situation": "本人患病。",
    "monthly_income": "2400",
    "other_annual_income": "1000",
    "health": "serious",
    "housing": "rented",
    "work_status": "employed",
    "marriage": "married",
    "hukou": "urban",
    "medical_insurance": "employee",
}


def household_post(*rows):
    data = {"hh-TOTAL_FORMS": "4", "hh-INITIAL_FORMS": "0", "hh-MIN_NUM_FORMS": "0"}
    data["hh-MAX_NUM_FORMS"] = "19"
    for n, (name, relation, number) in enumerate(rows):
        data.update(
            {f"hh-{n}-name": name, f"hh-{n}-relation": relation, f"hh-{n}-id_number": number}
        )
    return data


@pytest.fixture
def archive(tree, staff, make_member):
    member = make_member(tree.base_a, name="王困难")
    return archive_apply(
        actor=staff.base_admin,
        member=member,
        household=[{"name": "王配偶", "relation": Relation.SPOUSE, "id_number": SPOUSE_ID}],
        **FIELDS,
    )


def test_nav_link_and_list_scoped(tree, staff, archive):
    page = login(staff.county_admin).get(reverse("assistance:archive_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "王困难" in html and 'href="/assistance/"' in html and "困难帮扶" in html
    other = login(staff.sibling_admin).get(reverse("assistance:archive_list")).content.decode()
    assert "王困难" not in other and "共 0 份档案" in other
    filtered = login(staff.county_admin).get(
        reverse("assistance:archive_list"), {"status": "archived"}
    )
    assert "王困难" not in filtered.content.decode()


def test_list_filters_by_a_county_picked_in_the_box(tree, staff, archive):
    client = login(staff.city_admin)
    url = reverse("assistance:archive_list")
    page = client.get(url).content.decode()
    assert '<select name="county"' not in page
    offered = picker_offers(client, page, "county", "区")
    assert 'data-label="城关区总工会"' in offered and 'data-label="七里河区总工会"' in offered
    assert "秦州区总工会" not in offered
    assert "王困难" in client.get(url, {"county": tree.chengguan.pk}).content.decode()
    assert "王困难" not in client.get(url, {"county": tree.qilihe.pk}).content.decode()
    assert "王困难" not in client.get(url, {"county_q": "七里河"}).content.decode()
    # A county outside the subtree is no filter value: dropped, the whole list shown.
    assert "王困难" in client.get(url, {"county": tree.qinzhou.pk}).content.decode()


def test_detail_other_subtree_answers_as_missing_and_audited(staff, archive):
    client = login(staff.sibling_admin)
    response = client.get(reverse("assistance:archive_detail", args=[archive.pk]))
    missing = client.get(reverse("assistance:archive_detail", args=[archive.pk + 1000]))
    assert response.status_code == missing.status_code == 404
    assert ARCHIVE_NOT_FOUND in response.content.decode()
    assert "不属于本工会" not in response.content.decode()
    assert AuditLog.objects.filter(
        action="access.denied", actor=staff.sibling_admin, object_id=str(archive.pk)
    ).exists()


def test_household_ids_masked_and_unmask_audited(staff, archive):
    html = (
        login(staff.county_admin)
        .get(reverse("assistance:archive_detail", args=[archive.pk]))
        .content.decode()
    )
    assert SPOUSE_ID not in html and SPOUSE_ID[:6] + "********" + SPOUSE_ID[-4:] in html
    assert "查看完整身份证号" not in html
    assert "未设置" in html  # no 低保 line configured
    denied = login(staff.county_admin).post(reverse("assistance:archive_unmask", args=[archive.pk]))
    assert denied.status_code == 403
    response = login(staff.county_admin_pii).post(
        reverse("assistance:archive_unmask", args=[archive.pk])
    )
    assert response.status_code == 200 and SPOUSE_ID in response.content.decode()
    log = AuditLog.objects.get(action="assistance.archive_unmask", actor=staff.county_admin_pii)
    assert SPOUSE_ID not in str(log.changes)


def test_apply_through_the_form(tree, staff, make_member):
    member = make_member(tree.base_a, name="赵申请")
    client = login(staff.base_admin)
    assert client.get(reverse("assistance:archive_apply")).status_code == 200
    data = {**FORM, "id_number": member.id_number, **household_post(("赵子", "child", CHILD_ID))}
    response = client.post(reverse("assistance:archive_apply"), data)
    archive = Archive.objects.get(member=member)
    assert response.status_code == 302 and response["Location"].endswith(f"/{archive.pk}/")
    assert archive.household_size == 2 and archive.channel == Channel.UNION
    # the same household again: refused with the message on the page
    again = client.post(reverse("assistance:archive_apply"), data)
    assert again.status_code == 400 and "一户只能有一份" in again.content.decode()
    unknown = client.post(
        reverse("assistance:archive_apply"), {**data, "id_number": "620102199001011233"}
    )
    assert "找不到该身份证号" in unknown.content.decode()


def test_review_flow_through_the_pages(tree, staff, township_admin, archive):
    url = reverse("assistance:archive_first_review", args=[archive.pk])
    township = login(township_admin)
    assert (
        "提交初审"
        in township.get(reverse("assistance:archive_detail", args=[archive.pk])).content.decode()
    )
    bad = township.post(url, {"approved": "1", "visitors": "李四", "findings": "属实"})
    assert bad.status_code == 400 and Archive.objects.get().status == ArchiveStatus.SUBMITTED
    photo = SimpleUploadedFile("v.png", PNG, content_type="image/png")
    response = township.post(
        url,
        {
            "approved": "1",
            "visited_on": timezone.localdate().isoformat(),
            "visitors": "李四",
            "findings": "属实",
            "photos": [photo],
        },
    )
    assert response.status_code == 302
    archive.refresh_from_db()
    assert archive.status == ArchiveStatus.FIRST_PASSED
    photo_id = archive.visits.get().photos.get().pk
    county = login(staff.county_admin)
    shown = county.get(reverse("assistance:archive_visit_photo", args=[archive.pk, photo_id]))
    assert shown.content == PNG and shown["Content-Type"] == "image/png"
    # township cannot 终审 through the page either
    refused = township.post(
        reverse("assistance:archive_final_review", args=[archive.pk]), {"approved": "1"}
    )
    assert refused.status_code == 403
    county.post(reverse("assistance:archive_final_review", args=[archive.pk]), {"approved": "1"})
    archive.refresh_from_db()
    assert archive.status == ArchiveStatus.NOTICE and archive.notice_end > archive.notice_start
    confirm = county.get(reverse("assistance:archive_complete_notice", args=[archive.pk]))
    assert "确认建档" in confirm.content.decode()
    early = county.post(
        reverse("assistance:archive_complete_notice", args=[archive.pk]), follow=True
    )
    assert "期满后才能确认建档" in early.content.decode()
    # the browser test moves the dates: a notice that ended yesterday
    Archive.objects.filter(pk=archive.pk).update(
        notice_start=date(2026, 1, 5), notice_end=date(2026, 1, 9)
    )
    county.post(reverse("assistance:archive_complete_notice", args=[archive.pk]))
    archive.refresh_from_db()
    assert archive.status == ArchiveStatus.ARCHIVED
    detail = county.get(reverse("assistance:archive_detail", args=[archive.pk])).content.decode()
    assert "入户走访" in detail and "终审通过" in detail and "办理解困" in detail


def test_queue_lists_by_stage(tree, staff, township_admin, archive):
    html = login(township_admin).get(reverse("assistance:archive_queue")).content.decode()
    assert "待初审（1）" in html and "王困难" in html
    html = login(staff.base_admin).get(reverse("assistance:archive_queue")).content.decode()
    assert "待初审（0）" in html


def test_poverty_lines_page(tree, staff):
    client = login(staff.city_admin)
    response = client.post(
        reverse("assistance:poverty_lines"),
        {"county": tree.chengguan.pk, "year": 2026, "amount": "880.00"},
    )
    assert response.status_code == 302
    assert PovertyLine.objects.get(county=tree.chengguan, year=2026).monthly_amount == Decimal(
        "880"
    )
    html = client.get(reverse("assistance:poverty_lines")).content.decode()
    # The county is a search box over the county unions of the user's subtree ...
    offered = picker_offers(client, html, "county", "区")
    assert 'data-label="城关区总工会"' in offered and 'data-label="七里河区总工会"' in offered
    # ... not the county of another city, nor a union that is no county.
    assert "秦州区总工会" not in offered
    for refused in (tree.qinzhou, tree.donggang):
        response = client.post(
            reverse("assistance:poverty_lines"),
            {"county": refused.pk, "year": 2026, "amount": "900.00"},
        )
        assert response.status_code == 400
        assert "所选县区不在您的管理范围内" in response.content.decode()
    assert PovertyLine.objects.count() == 1


def test_detail_shows_poverty_line_comparison(tree, staff, make_member):
    from gonghui.assistance.services.archives import poverty_line_set

    poverty_line_set(actor=staff.county_admin, county=tree.chengguan, year=2026, amount="1000")
    archive = archive_apply(
        actor=staff.base_admin,
        member=make_member(tree.base_a),
        applied_on=date(2026, 3, 1),
        **FIELDS,
    )
    html = (
        login(staff.county_admin)
        .get(reverse("assistance:archive_detail", args=[archive.pk]))
        .content.decode()
    )
    # 29800 / 12 / 1 = 2483.33 per head, 248.3% of the 1000.00 line
    assert "2483.33" in html and "1000.00 元/人·月" in html and "248.3%" in html


def test_apply_for_a_member_chosen_elsewhere(tree, staff, make_member):
    """The 建档申请 a 困难劳模's honoree page links to: the applicant is fixed by the member id,
    shown masked, and the archive records the 劳模 subject the clerk picks."""
    member = make_member(tree.base_a, name="劳模困难")
    url = reverse("assistance:archive_apply_member", args=[member.pk])
    client = login(staff.base_admin)
    page = client.get(url).content.decode()
    assert member.id_number_masked in page and member.id_number not in page
    data = {**FORM, "model_worker": "provincial", **household_post()}
    response = client.post(url, data)
    archive = Archive.objects.get(member=member)
    assert response.status_code == 302
    assert archive.model_worker == "provincial"
    assert login(staff.base_c_admin).get(url).status_code == 404
