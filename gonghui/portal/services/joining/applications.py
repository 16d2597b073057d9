"""入会申请: a certified worker applies; the union's staff approve (one by one or 集体登记),
reject, or the worker withdraws."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core import crypto
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.masking import mask_name
from gonghui.inbox.services import refresh
from gonghui.members.codes import EDUCATION_CHOICES, ETHNICITY_CHOICES, POLITICAL_CHOICES, Category
from gonghui.members.models import Member
from gonghui.members.selectors import holding_member_by_id_number
from gonghui.members.services import member_create
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope
from gonghui.portal.models import JoinApplication, RequestStatus, Worker
from gonghui.portal.services.joining.common import _check_union, _clean_code, _clean_text
from gonghui.portal.services.joining.messages import (
    ALREADY_MEMBER,
    APPLICATION_NOT_PENDING,
    APPLICATION_OUT_OF_SCOPE,
    CATEGORY_INVALID,
    DUPLICATE_APPLICATION,
    EMPLOYER_REQUIRED,
    NOT_CERTIFIED,
    NOT_YOURS,
    REASON_REQUIRED,
    USCC_INVALID,
)


def clean_employer_uscc(value: str) -> str:
    value = (value or "").strip().upper()
    if not value:
        return ""
    try:
        return stdnum_uscc.validate(value)
    except StdnumError:
        raise ApplicationError(USCC_INVALID, field="employer_uscc") from None


def _worker_id_number(worker: Worker) -> str:
    return crypto.decrypt(worker.id_number_enc) if worker.id_number_enc else ""


def _existing_membership(worker: Worker) -> Member | None:
    """The membership the person holds, linked to the account or found by ID number."""
    if worker.member_id:
        member = Member.objects.select_related("org").get(pk=worker.member_id)
        if member.is_holding:
            return member
    number = _worker_id_number(worker)
    return holding_member_by_id_number(number) if number else None


def _application_changes(application: JoinApplication) -> dict:
    return {
        "org": application.org.name,
        "fallback": application.fallback,
        "category": application.category,
        "employer": application.employer,
    }


@transaction.atomic(durable=True)
def join_apply(
    *,
    worker: Worker,
    org: Org,
    category: str,
    employer: str = "",
    employer_uscc: str = "",
    ethnicity: str = "",
    education: str = "",
    political_status: str = "",
    job: str = "",
    note: str = "",
    fallback: bool = False,
) -> JoinApplication:
    """入会申请 by a certified worker: one pending application at a time, none for a member."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if not worker.is_certified:
        raise ApplicationError(NOT_CERTIFIED, code="not_certified")
    existing = _existing_membership(worker)
    if existing is not None:
        raise Conflict(ALREADY_MEMBER.format(org=existing.org.name), code="already_member")
    pending = worker.join_applications.filter(status=RequestStatus.PENDING).first()
    if pending is not None:
        raise Conflict(DUPLICATE_APPLICATION.format(org=pending.org.name), code="duplicate")
    _check_union(org, fallback=fallback)
    if category not in Category.values:
        raise ApplicationError(CATEGORY_INVALID, field="category")
    employer = _clean_text(employer, label="工作单位", field="employer", n=120)
    if not employer:
        raise ApplicationError(EMPLOYER_REQUIRED, field="employer")
    application = JoinApplication(
        worker=worker,
        org=org,
        fallback=fallback,
        category=category,
        employer=employer,
        employer_uscc=clean_employer_uscc(employer_uscc),
        ethnicity=_clean_code(ethnicity, ETHNICITY_CHOICES, label="民族", field="ethnicity"),
        education=_clean_code(education, EDUCATION_CHOICES, label="学历", field="education"),
        political_status=_clean_code(
            political_status, POLITICAL_CHOICES, label="政治面貌", field="political_status"
        ),
        job=_clean_text(job, label="工种", field="job", n=60),
        note=_clean_text(note, label="备注", field="note", n=200),
    )
    try:
        # The partial unique index settles two submissions racing past the check above.
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise Conflict(DUPLICATE_APPLICATION.format(org=org.name), code="duplicate") from None
    audit_record(
        actor=None,
        action="join.apply",
        obj=application,
        org=org,
        changes=_application_changes(application),
        object_repr=f"入会申请 {mask_name(worker.name)}",
    )
    refresh(application)
    return application


def _lock_pending_application(
    application: JoinApplication, *, actor: User | None = None
) -> JoinApplication:
    """Lock the row; with `actor`, check his scope before telling anything about its state."""
    application = (
        JoinApplication.objects.select_for_update()
        .select_related("worker", "org")
        .get(pk=application.pk)
    )
    if actor is not None:
        _require_application_scope(actor, application)
    if application.status != RequestStatus.PENDING:
        raise ApplicationError(
            APPLICATION_NOT_PENDING.format(status=application.get_status_display()),
            code="wrong_status",
        )
    return application


@transaction.atomic(durable=True)
def join_withdraw(*, worker: Worker, application: JoinApplication) -> JoinApplication:
    if application.worker_id != worker.pk:
        raise Forbidden(NOT_YOURS)
    application = _lock_pending_application(application)
    application.status = RequestStatus.WITHDRAWN
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    audit_record(
        actor=None,
        action="join.withdraw",
        obj=application,
        org=application.org,
        object_repr=f"入会申请 {mask_name(worker.name)}",
    )
    refresh(application)
    return application


def _require_application_scope(actor: User, application: JoinApplication) -> None:
    if not org_in_scope(actor, application.org):
        raise denial(
            Forbidden(APPLICATION_OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=application,
            org=application.org,
        )


@atomic_keeping_denials
def join_approve(*, actor: User, application: JoinApplication) -> JoinApplication:
    """Approve: the member record is created (card number issued) and linked to the account."""
    application = _lock_pending_application(application, actor=actor)
    worker = Worker.objects.select_for_update().get(pk=application.worker_id)
    fields = {
        name: getattr(application, name)
        for name in ("ethnicity", "education", "political_status", "job", "employer")
        if getattr(application, name)
    }
    member = member_create(
        actor=actor,
        org=application.org,
        name=worker.name,
        id_number=_worker_id_number(worker),
        phone=crypto.decrypt(worker.phone_enc),
        category=application.category,
        **fields,
    )
    worker.member = member
    worker.save(update_fields=["member"])
    application.status = RequestStatus.APPROVED
    application.decided_by, application.decided_at = actor, timezone.now()
    application.member = member
    application.save(update_fields=["status", "decided_by", "decided_at", "member"])
    audit_record(
        actor=actor,
        action="join.approve",
        obj=application,
        org=application.org,
        changes={"member": member.pk, "card_number": member.card_number},
    )
    refresh(application)
    return application


@atomic_keeping_denials(durable=True)
def join_reject(*, actor: User, application: JoinApplication, reason: str) -> JoinApplication:
    application = _lock_pending_application(application, actor=actor)
    reason = _clean_text(reason, label="原因", field="reason", n=200)
    if not reason:
        raise ApplicationError(REASON_REQUIRED, field="reason")
    application.status = RequestStatus.REJECTED
    application.decided_by, application.decided_at = actor, timezone.now()
    application.reject_reason = reason
    application.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    audit_record(
        actor=actor,
        action="join.reject",
        obj=application,
        org=application.org,
        changes={"reason": reason},
    )
    refresh(application)
    return application


@dataclass
class BulkRow:
    application_id: int
    label: str
    error: str = ""
    card_number: str = ""


@transaction.atomic(durable=True)
def join_bulk_approve(*, actor: User, application_ids: list[int]) -> list[BulkRow]:
    """集体登记: approve many; each row in its own savepoint, so one failure (the person became
    a member meanwhile, another union's row) costs only that row. Returns one result per id."""
    found = {
        a.pk: a
        for a in JoinApplication.objects.select_related("worker", "org").filter(
            pk__in=application_ids
        )
    }
    rows = []
    for application_id in dict.fromkeys(application_ids):
        application = found.get(application_id)
        if application is None:
            rows.append(BulkRow(application_id, f"申请 #{application_id}", "找不到该入会申请。"))
            continue
        visible = org_in_scope(actor, application.org)
        label = application.worker.name if visible else f"申请 #{application_id}"
        try:
            approved = join_approve(actor=actor, application=application)
        except ApplicationError as exc:
            rows.append(BulkRow(application_id, label, exc.message))
        else:
            rows.append(BulkRow(application_id, label, card_number=approved.member.card_number))
    return rows
