import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.assistance.codes import ArchiveStatus, SchoolLevel
from gonghui.assistance.models import GrantStatus, StudentGrant
from gonghui.assistance.services import campaigns as svc
from gonghui.assistance.services.campaigns.common import (
    GRANT_ARCHIVE_NOT_ARCHIVED,
    PAY_STATE,
    PROOF_TOO_LARGE,
    PROOF_TYPE,
    REVIEW_AMOUNT,
    REVIEW_LEVEL,
    REVIEW_OPINION,
    REVIEW_STATE,
    STUDENT_NOT_IN_HOUSEHOLD,
)
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.conftest import message_pattern
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.stats.models import OrgStat

PDF = b"%PDF-1.4\n%test admission letter\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def proof(data=PDF, name="录取通知书.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def student_of(archive):
    return archive.household.get(relation="child")


def apply(actor, archive, *, year=2026, student=None, upload=None):
    return svc.grant_apply(
        actor=actor,
        archive=archive,
        student=student or student_of(archive),
        year=year,
        school="兰州大学",
        school_level=SchoolLevel.UNDERGRADUATE,
        proof=upload or proof(),
    )


def test_apply_review_pay_and_roll_up(tree, staff, make_member, make_archive):
    archive = make_archive(make_member(tree.base_a))
    grant = apply(staff.base_admin, archive)
    assert grant.status == GrantStatus.SUBMITTED
    assert grant.org == tree.base_a
    assert grant.admission_proof_type == "application/pdf"
    assert bytes(grant.admission_proof) == PDF
    grant = svc.grant_review(
        actor=staff.county_admin, grant=grant, approved=True, amount="3000", opinion="同意"
    )
    assert grant.status == GrantStatus.APPROVED
    assert grant.amount == Decimal("3000.00")
    grant = svc.grant_pay(actor=staff.county_admin, grant=grant, paid_on=date(2026, 9, 1))
    assert grant.status == GrantStatus.PAID
    for org in (tree.base_a, tree.chengguan, tree.province):
        row = OrgStat.objects.get(org=org, metric="grants.amount", period="2026-09")
        assert row.value == 300000
        assert OrgStat.objects.get(org=org, metric="grants.count", period="2026-09").value == 1
    actions = set(AuditLog.objects.filter(object_id=str(grant.pk)).values_list("action", flat=True))
    assert {"grant.apply", "grant.review", "grant.pay"} <= actions


def test_one_grant_per_student_per_year_but_a_rejected_one_does_not_block(
    tree, staff, make_member, make_archive
):
    archive = make_archive(make_member(tree.base_a))
    first = apply(staff.base_admin, archive)
    with pytest.raises(Conflict) as exc:
        apply(staff.county_admin, archive)
    assert "2026年度已有金秋助学申请（兰州甲公司工会，待审核）" in exc.value.message
    apply(staff.base_admin, archive, year=2025)  # another year is fine
    svc.grant_review(actor=staff.county_admin, grant=first, approved=False, opinion="材料不全")
    second = apply(staff.base_admin, archive)
    assert second.status == GrantStatus.SUBMITTED
    assert StudentGrant.objects.filter(year=2026).count() == 2


def test_only_archived_households(tree, staff, make_member, make_archive):
    for status in (ArchiveStatus.NOTICE, ArchiveStatus.EXITED):
        archive = make_archive(make_member(tree.base_a), status=status)
        with pytest.raises(
            ApplicationError,
            match=re.escape(GRANT_ARCHIVE_NOT_ARCHIVED.format(status=ArchiveStatus(status).label)),
        ):
            apply(staff.base_admin, archive)
    assert not StudentGrant.objects.exists()


def test_student_must_be_of_the_household(tree, staff, make_member, make_archive):
    archive = make_archive(make_member(tree.base_a))
    other = make_archive(make_member(tree.base_b))
    with pytest.raises(ApplicationError, match=re.escape(STUDENT_NOT_IN_HOUSEHOLD)):
        apply(staff.base_admin, archive, student=student_of(other))


def test_admission_proof_type_by_content_and_size(tree, staff, make_member, make_archive):
    archive = make_archive(make_member(tree.base_a))
    with pytest.raises(ApplicationError, match=re.escape(PROOF_TYPE)):
        apply(staff.base_admin, archive, upload=proof(b"MZ\x90\x00 not a pdf", "通知书.pdf"))
    big = PDF + b"0" * (svc.PROOF_MAX_BYTES + 1 - len(PDF))
    with pytest.raises(ApplicationError, match=message_pattern(PROOF_TOO_LARGE)):
        apply(staff.base_admin, archive, upload=proof(big))
    grant = apply(staff.base_admin, archive, upload=proof(PNG, "scan.png"))
    assert grant.admission_proof_type == "image/png"


def test_wrong_state_actions_are_conflicts(tree, staff, make_member, make_archive):
    grant = apply(staff.base_admin, make_archive(make_member(tree.base_a)))
    with pytest.raises(Conflict, match=message_pattern(PAY_STATE)):
        svc.grant_pay(actor=staff.county_admin, grant=grant, paid_on=date(2026, 9, 1))
    svc.grant_review(actor=staff.county_admin, grant=grant, approved=True, amount="2000")
    with pytest.raises(Conflict, match=message_pattern(REVIEW_STATE)):
        svc.grant_review(actor=staff.county_admin, grant=grant, approved=False, opinion="重审")
    svc.grant_pay(actor=staff.county_admin, grant=grant, paid_on=date(2026, 9, 1))
    with pytest.raises(Conflict, match=re.escape(PAY_STATE.format(status="已发放"))):
        svc.grant_pay(actor=staff.county_admin, grant=grant, paid_on=date(2026, 9, 2))


def test_review_needs_a_county_union_or_above_in_scope(
    tree, staff, make_member, make_archive, township_admin
):
    grant = apply(staff.base_admin, make_archive(make_member(tree.base_a)))
    for actor in (staff.base_admin, township_admin):
        with pytest.raises(Forbidden, match=re.escape(REVIEW_LEVEL)):
            svc.grant_review(actor=actor, grant=grant, approved=True, amount="100")
    with pytest.raises(Forbidden):
        svc.grant_review(actor=staff.sibling_admin, grant=grant, approved=True, amount="100")
    assert AuditLog.objects.filter(
        action="access.denied", actor=staff.sibling_admin, result=AuditResult.DENIED
    ).exists()
    with pytest.raises(ApplicationError, match=re.escape(REVIEW_AMOUNT)):
        svc.grant_review(actor=staff.county_admin, grant=grant, approved=True, amount="0")
    with pytest.raises(ApplicationError, match=re.escape(REVIEW_OPINION)):
        svc.grant_review(actor=staff.city_admin, grant=grant, approved=False)
    grant.refresh_from_db()
    assert grant.status == GrantStatus.SUBMITTED


def test_apply_outside_the_subtree_is_refused_and_audited(
    tree, staff, make_member, make_archive, make_user
):
    archive = make_archive(make_member(tree.base_a))
    other_base = make_user("base_b_admin", tree.base_b, ROLE_UNION_ADMIN)
    with pytest.raises(Forbidden):
        apply(other_base, archive)
    assert AuditLog.objects.filter(
        action="access.denied", actor=other_base, object_id=str(archive.pk)
    ).exists()
    assert not StudentGrant.objects.exists()
