"""金秋助学: a student of an archived household applies, a county union or above reviews, pays."""

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import ArchiveStatus, SchoolLevel
from gonghui.assistance.metrics import stats_grant_paid
from gonghui.assistance.models import (
    Archive,
    GrantStatus,
    HouseholdMember,
    StudentGrant,
)
from gonghui.assistance.services.campaigns.common import (
    GRANT_ARCHIVE_NOT_ARCHIVED,
    GRANT_TWICE,
    LEVEL_INVALID,
    PAID_ON_REQUIRED,
    PAY_DATE_FUTURE,
    PAY_STATE,
    PROOF_MAX_BYTES,
    PROOF_REQUIRED,
    PROOF_TOO_LARGE,
    PROOF_TYPE,
    REVIEW_LEVEL,
    REVIEW_OPINION,
    REVIEW_STATE,
    REVIEWING_TYPES,
    SCHOOL_REQUIRED,
    SCHOOL_TOO_LONG,
    STUDENT_NOT_IN_HOUSEHOLD,
    YEAR_INVALID,
    _require_scope,
)
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core import uploads
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.masking import mask_id_number
from gonghui.inbox.services import refresh
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.notifications.services import notify_orgs

GRANT_DECIDED = "金秋助学申请{status}：{name}"


def _read_proof(upload) -> tuple[bytes, str]:
    if upload is None or not upload.size:
        raise ApplicationError(PROOF_REQUIRED, field="proof")
    if upload.size > PROOF_MAX_BYTES:
        raise ApplicationError(
            PROOF_TOO_LARGE.format(size=upload.size / 1024 / 1024), field="proof"
        )
    data = upload.read(PROOF_MAX_BYTES + 1)
    if len(data) > PROOF_MAX_BYTES:
        raise ApplicationError(PROOF_TOO_LARGE.format(size=len(data) / 1024 / 1024), field="proof")
    content_type = uploads.content_type(data, uploads.PROOF_TYPES)
    if content_type is None:
        raise ApplicationError(PROOF_TYPE, field="proof")
    return data, content_type


def _grant_twice(student: HouseholdMember, year: int) -> Conflict:
    earlier = (
        StudentGrant.objects.filter(student_hash=student.id_number_hash, year=year)
        .exclude(status=GrantStatus.REJECTED)
        .select_related("org")
        .defer("admission_proof")
        .first()
    )
    return Conflict(
        GRANT_TWICE.format(
            name=student.name,
            year=year,
            org=earlier.org.name if earlier else "",
            status=earlier.get_status_display() if earlier else "",
        ),
        code="granted_this_year",
        field="student",
    )


def grant_snapshot(grant: StudentGrant) -> dict[str, Any]:
    return {
        "archive": grant.archive_id,
        "student": grant.student.name,
        "student_id": mask_id_number(grant.student.id_number),
        "year": grant.year,
        "school": grant.school,
        "school_level": grant.school_level,
        "status": grant.status,
    }


@atomic_keeping_denials(durable=True)
def grant_apply(
    *,
    actor: User,
    archive: Archive,
    student: HouseholdMember,
    year: int,
    school: str,
    school_level: str,
    proof,
) -> StudentGrant:
    """Apply for a 金秋助学 grant for a student of an archived household. `proof` is an uploaded
    file (anything with `size`, `read` and `name`)."""
    _require_scope(actor, archive.org, archive)
    if archive.status != ArchiveStatus.ARCHIVED:
        raise ApplicationError(
            GRANT_ARCHIVE_NOT_ARCHIVED.format(status=archive.get_status_display()),
            field="archive",
        )
    if student.archive_id != archive.pk:
        raise ApplicationError(STUDENT_NOT_IN_HOUSEHOLD, field="student")
    this_year = timezone.localdate().year
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= this_year + 1:
        raise ApplicationError(YEAR_INVALID, field="year")
    school = (school or "").strip()
    if not school:
        raise ApplicationError(SCHOOL_REQUIRED, field="school")
    if len(school) > 100:
        raise ApplicationError(SCHOOL_TOO_LONG, field="school")
    if school_level not in SchoolLevel.values:
        raise ApplicationError(LEVEL_INVALID, field="school_level")
    if (
        StudentGrant.objects.filter(student_hash=student.id_number_hash, year=year)
        .exclude(status=GrantStatus.REJECTED)
        .exists()
    ):
        raise _grant_twice(student, year)
    data, content_type = _read_proof(proof)
    try:
        with transaction.atomic():
            grant = StudentGrant.objects.create(
                archive=archive,
                student=student,
                student_hash=student.id_number_hash,
                year=year,
                school=school,
                school_level=school_level,
                admission_proof=data,
                admission_proof_type=content_type,
                admission_proof_name=(getattr(proof, "name", "") or "证明材料")[-200:],
                org=archive.org,
                created_by=actor,
            )
    except IntegrityError:
        raise _grant_twice(student, year) from None
    refresh(grant)
    audit_record(
        actor=actor,
        action="grant.apply",
        obj=grant,
        org=grant.org,
        changes={**grant_snapshot(grant), "proof_bytes": len(data), "proof_type": content_type},
    )
    return grant


def _locked_grant(grant: StudentGrant) -> StudentGrant:
    return (
        StudentGrant.objects.select_for_update(of=("self",))
        .select_related("org", "student")
        .defer("admission_proof")
        .get(pk=grant.pk)
    )


@atomic_keeping_denials(durable=True)
def grant_review(
    *, actor: User, grant: StudentGrant, approved: bool, amount=None, opinion: str = ""
) -> StudentGrant:
    """终审 of a grant by a county union or above whose subtree holds the applying union."""
    grant = _locked_grant(grant)
    _require_scope(actor, grant.org, grant)
    if actor.org is not None and actor.org.org_type not in REVIEWING_TYPES:
        raise denial(
            Forbidden(REVIEW_LEVEL), actor=actor, action="access.denied", obj=grant, org=grant.org
        )
    if grant.status != GrantStatus.SUBMITTED:
        raise Conflict(REVIEW_STATE.format(status=grant.get_status_display()))
    opinion = (opinion or "").strip()
    if approved:
        grant.amount = parse_yuan(amount, label="资助金额", field="amount", positive=True)
        grant.status = GrantStatus.APPROVED
    else:
        if not opinion:
            raise ApplicationError(REVIEW_OPINION, field="opinion")
        grant.amount = None
        grant.status = GrantStatus.REJECTED
    grant.opinion, grant.reviewed_by = opinion, actor
    grant.save(update_fields=["status", "amount", "opinion", "reviewed_by"])
    refresh(grant)
    if actor.org_id != grant.org_id:
        notify_orgs(
            [
                Notification(
                    recipient_org_id=grant.org_id,
                    kind=NotificationKind.DECIDED,
                    title=GRANT_DECIDED.format(
                        name=grant.student.name, status=grant.get_status_display()
                    ),
                    body=opinion,
                    ref=f"grant-{grant.pk}",
                    link=reverse("assistance:grant_detail", args=[grant.pk]),
                )
            ]
        )
    audit_record(
        actor=actor,
        action="grant.review",
        obj=grant,
        org=grant.org,
        changes={
            "approved": bool(approved),
            "amount": str(grant.amount) if grant.amount is not None else None,
            "opinion": opinion,
        },
    )
    return grant


@atomic_keeping_denials(durable=True)
def grant_pay(*, actor: User, grant: StudentGrant, paid_on: date | None) -> StudentGrant:
    grant = _locked_grant(grant)
    _require_scope(actor, grant.org, grant)
    if grant.status != GrantStatus.APPROVED:
        raise Conflict(PAY_STATE.format(status=grant.get_status_display()))
    if paid_on is None:
        raise ApplicationError(PAID_ON_REQUIRED, field="paid_on")
    if paid_on > timezone.localdate():
        raise ApplicationError(PAY_DATE_FUTURE, field="paid_on")
    grant.status, grant.paid_on = GrantStatus.PAID, paid_on
    grant.save(update_fields=["status", "paid_on"])
    stats_grant_paid(grant)
    audit_record(
        actor=actor,
        action="grant.pay",
        obj=grant,
        org=grant.org,
        changes={"amount": str(grant.amount), "paid_on": paid_on.isoformat()},
    )
    return grant


def grant_proof_opened(*, actor: User, grant: StudentGrant) -> None:
    """Record that the admission proof (a personal document) was opened."""
    audit_record(
        actor=actor,
        action="grant.proof_view",
        obj=grant,
        org=grant.org,
        changes={"name": grant.admission_proof_name},
    )
