from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.assistance.codes import ArchiveStatus, SchoolLevel
from gonghui.assistance.models import GrantStatus, StudentGrant
from gonghui.assistance.services import campaigns as svc
from gonghui.assistance.services.campaigns.common import PROOF_TYPE, REVIEW_OPINION
from gonghui.assistance.views.campaigns import GRANT_ARCHIVE_NOT_FOUND
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.conftest import login

PDF = b"%PDF-1.4\n%admission\n"


def make_grant(actor, archive):
    return svc.grant_apply(
        actor=actor,
        archive=archive,
        student=archive.household.get(relation="child"),
        year=2026,
        school="西北师范大学",
        school_level=SchoolLevel.UNDERGRADUATE,
        proof=SimpleUploadedFile("通知书.pdf", PDF),
    )


def test_find_the_household_and_apply(tree, staff, make_member, make_archive):
    archive = make_archive(make_member(tree.base_a, name="孙七"))
    student = archive.household.get(relation="child")
    client = login(staff.base_admin)
    url = reverse("assistance:grant_apply")
    response = client.get(url, {"q": student.id_number})
    assert response.status_code == 200
    assert response.context["archive"] == archive
    assert student.id_number_masked in response.text
    assert response.text.count(student.id_number) == 1  # only in the search box as typed
    data = {
        "archive": archive.pk,
        "student": student.pk,
        "year": 2026,
        "school": "兰州交通大学",
        "school_level": SchoolLevel.UNDERGRADUATE,
    }
    response = client.post(
        url, {**data, "proof": SimpleUploadedFile("a.pdf", b"GIF89a not allowed")}
    )
    assert response.status_code == 400
    assert PROOF_TYPE in response.text
    response = client.post(url, {**data, "proof": SimpleUploadedFile("a.pdf", PDF)})
    grant = StudentGrant.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("assistance:grant_detail", args=[grant.pk])


def test_apply_page_does_not_find_households_elsewhere(tree, staff, make_member, make_archive):
    archive = make_archive(make_member(tree.base_c))
    client = login(staff.base_admin)
    response = client.get(reverse("assistance:grant_apply"), {"q": archive.member.id_number})
    assert response.context["archive"] is None
    assert GRANT_ARCHIVE_NOT_FOUND in response.text
    response = client.get(reverse("assistance:grant_apply"), {"archive": archive.pk})
    assert response.status_code == 404


def test_only_archived_households_from_the_page(tree, staff, make_member, make_archive):
    archive = make_archive(make_member(tree.base_a), status=ArchiveStatus.FIRST_PASSED)
    response = login(staff.base_admin).post(
        reverse("assistance:grant_apply"),
        {
            "archive": archive.pk,
            "student": archive.household.get(relation="child").pk,
            "year": 2026,
            "school": "兰州大学",
            "school_level": SchoolLevel.UNDERGRADUATE,
            "proof": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert response.status_code == 400
    assert "只面向已建档的困难职工家庭" in response.text


def test_review_and_pay_from_the_page(tree, staff, make_member, make_archive):
    grant = make_grant(staff.base_admin, make_archive(make_member(tree.base_a)))
    # A base union cannot review: no form, and a post is refused.
    detail = reverse("assistance:grant_detail", args=[grant.pk])
    assert 'id="review-form"' not in login(staff.base_admin).get(detail).text
    assert 'id="review-form"' in login(staff.county_admin).get(detail).text
    response = login(staff.base_admin).post(
        reverse("assistance:grant_review", args=[grant.pk]), {"approved": "1", "amount": "2000"}
    )
    assert response.status_code == 403
    client = login(staff.county_admin)
    response = client.post(
        reverse("assistance:grant_review", args=[grant.pk]), {"approved": "0", "opinion": ""}
    )
    assert response.status_code == 400 and REVIEW_OPINION in response.text
    response = client.post(
        reverse("assistance:grant_review", args=[grant.pk]),
        {"approved": "1", "amount": "2000", "opinion": "同意"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("assistance:grant_pay", args=[grant.pk]), {"paid_on": "2026-09-10"}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PAID
    response = client.get(reverse("assistance:grant_detail", args=[grant.pk]))
    assert "已发放" in response.text
    # Paying again is a conflict, shown on the page.
    response = client.post(
        reverse("assistance:grant_pay", args=[grant.pk]), {"paid_on": "2026-09-10"}
    )
    assert response.status_code == 409


def test_list_filters_and_scope(tree, staff, make_member, make_archive):
    make_grant(staff.base_admin, make_archive(make_member(tree.base_a, name="周八")))
    make_grant(staff.base_c_admin, make_archive(make_member(tree.base_c, name="吴九")))
    response = login(staff.county_admin).get(reverse("assistance:grant_list"))
    names = [g.archive.member.name for g in response.context["page_obj"]]
    assert names == ["周八"]
    response = login(staff.city_admin).get(
        reverse("assistance:grant_list"), {"status": GrantStatus.PAID}
    )
    assert list(response.context["page_obj"]) == []
    response = login(staff.city_admin).get(reverse("assistance:grant_list"), {"year": 2026})
    assert len(response.context["page_obj"]) == 2


def test_proof_download_is_scoped_and_audited(tree, staff, make_member, make_archive):
    grant = make_grant(staff.base_admin, make_archive(make_member(tree.base_a)))
    response = login(staff.county_staff).get(reverse("assistance:grant_proof", args=[grant.pk]))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert AuditLog.objects.filter(
        action="grant.proof_view", actor=staff.county_staff, object_id=str(grant.pk)
    ).exists()
    response = login(staff.sibling_admin).get(reverse("assistance:grant_proof", args=[grant.pk]))
    assert response.status_code == 404
    assert AuditLog.objects.filter(
        action="access.denied", actor=staff.sibling_admin, result=AuditResult.DENIED
    ).exists()
