"""Joining (入会申请), a member's own requests (转会/退会) and e-card verification.

The worker asks; the union's staff decide in the workbench. Decisions go through the member
registry's own services (`member_create`, `transfer_request`, `member_leave`), so its rules —
one membership per person, card numbers, history, both sides consenting to a transfer — hold
here exactly as in the workbench.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core import crypto
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.masking import mask_name
from gonghui.members.codes import (
    EDUCATION_CHOICES,
    ETHNICITY_CHOICES,
    POLITICAL_CHOICES,
    Category,
    ChangeReason,
)
from gonghui.members.models import Member, Transfer, TransferStatus
from gonghui.members.selectors import holding_member_by_id_number
from gonghui.members.services import member_create, member_leave, transfer_request
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope
from gonghui.portal.ecard import TokenState, read_card_token
from gonghui.portal.models import (
    JoinApplication,
    MemberRequest,
    MemberRequestKind,
    RequestStatus,
    Worker,
)
from gonghui.portal.selectors import FALLBACK_TYPES

NOT_CERTIFIED = "请先完成实名认证，再申请入会。"
ALREADY_MEMBER = "您已是「{org}」的会员，无需重复申请入会；如需变更所属工会，请申请转会。"
DUPLICATE_APPLICATION = "您已有一份待审核的入会申请（「{org}」），请等待审核，或撤回后重新申请。"
UNION_CLOSED = "「{name}」已撤销或合并，不能申请加入，请重新选择。"
UNION_NOT_HOLDING = "「{name}」不直接发展会员，请选择基层工会，或乡镇（街道）、社区工会。"
FALLBACK_WRONG_TYPE = "兜底入会请选择乡镇（街道）、社区工会或区域/行业工会联合会。"
CATEGORY_INVALID = "请选择职工类别。"
EMPLOYER_REQUIRED = "请填写工作单位；灵活就业、没有固定单位的，请填写“灵活就业”。"
USCC_INVALID = "统一社会信用代码应为18位且校验位正确，请核对营业执照后重新输入；不清楚可以不填。"
CODE_INVALID = "请从列表中选择{label}。"
TOO_LONG = "{label}不能超过{n}个字。"
APPLICATION_NOT_PENDING = "该入会申请当前状态为「{status}」，不能再审核或撤回。"
APPLICATION_OUT_OF_SCOPE = "您只能审核本工会及下级工会收到的入会申请。"
REASON_REQUIRED = "请填写原因，申请人会看到它。"
NOT_A_MEMBER = "您还不是工会会员，或会籍已不再有效，不能办理该申请。"
REQUEST_PENDING = "您已有一份办理中的申请，请等待办理结果，或撤回后重新申请。"
TRANSFER_ALREADY_PENDING = "您的会籍已有一份待审批的转会，请等待办理结果。"
TRANSFER_TARGET_SAME = "您已是「{org}」的会员，请选择新单位的工会。"
REQUEST_NOT_PENDING = "该申请当前状态为「{status}」，不能再办理。"
REQUEST_FORWARDED = "该转会申请已转交两个工会审批，不能再撤回；如有疑问请联系您的工会。"
REQUEST_WRONG_KIND = "该申请不是{kind}申请。"
REQUEST_OUT_OF_SCOPE = "您只能办理本工会及下级工会会员的申请。"
REQUEST_REASON_REQUIRED = "请填写原因。"
FORWARDED_DECIDE_THERE = "该转会申请已转交两个工会审批，请在“转会审批”中办理。"
NOT_YOURS = "这不是您的申请。"
TRANSFER_CANCELLED_NOTE = "工会已撤回该转会申请。"


def _check_union(org: Org, *, fallback: bool) -> None:
    if not org.is_active:
        raise ApplicationError(UNION_CLOSED.format(name=org.name), field="org")
    if not org.holds_members:
        raise ApplicationError(UNION_NOT_HOLDING.format(name=org.name), field="org")
    if fallback and org.org_type not in FALLBACK_TYPES:
        raise ApplicationError(FALLBACK_WRONG_TYPE, field="org")


def _clean_text(value: str, *, label: str, field: str, n: int) -> str:
    value = (value or "").strip()
    if len(value) > n:
        raise ApplicationError(TOO_LONG.format(label=label, n=n), field=field)
    return value


def _clean_code(value: str, choices, *, label: str, field: str) -> str:
    value = (value or "").strip()
    if value and value not in dict(choices):
        raise ApplicationError(CODE_INVALID.format(label=label), field=field)
    return value


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


@transaction.atomic
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
    return application


def _lock_pending_application(application: JoinApplication, *, actor=None) -> JoinApplication:
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


@transaction.atomic
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
    return application


def _require_application_scope(actor, application: JoinApplication) -> None:
    if not org_in_scope(actor, application.org):
        raise denial(
            Forbidden(APPLICATION_OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=application,
            org=application.org,
        )


@atomic_keeping_denials
def join_approve(*, actor, application: JoinApplication) -> JoinApplication:
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
    return application


@atomic_keeping_denials
def join_reject(*, actor, application: JoinApplication, reason: str) -> JoinApplication:
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
    return application


@dataclass
class BulkRow:
    application_id: int
    label: str
    error: str = ""
    card_number: str = ""


@transaction.atomic
def join_bulk_approve(*, actor, application_ids: list[int]) -> list[BulkRow]:
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


# --- member requests -----------------------------------------------------------------------------


def _holding_member(worker: Worker) -> Member:
    member = (
        Member.objects.select_for_update().select_related("org").filter(pk=worker.member_id).first()
    )
    if member is None or not member.is_holding:
        raise ApplicationError(NOT_A_MEMBER, code="not_member")
    return member


def _check_no_pending(member: Member) -> None:
    # A forwarded request whose transfer was settled without a save (an org merge updates
    # transfers in bulk) would stay pending for ever: settle it first.
    for item in MemberRequest.objects.filter(
        member=member, status=RequestStatus.PENDING, transfer__isnull=False
    ).exclude(transfer__status=TransferStatus.PENDING):
        member_request_follow_transfer(transfer=item.transfer)
    if MemberRequest.objects.filter(member=member, status=RequestStatus.PENDING).exists():
        raise Conflict(REQUEST_PENDING, code="duplicate")
    if Transfer.objects.filter(member=member, status=TransferStatus.PENDING).exists():
        raise Conflict(TRANSFER_ALREADY_PENDING, code="transfer_pending")


def _create_request(**fields) -> MemberRequest:
    try:
        with transaction.atomic():
            return MemberRequest.objects.create(**fields)
    except IntegrityError:
        raise Conflict(REQUEST_PENDING, code="duplicate") from None


@transaction.atomic
def member_request_transfer(*, worker: Worker, to_org: Org, reason: str) -> MemberRequest:
    """A member asks to move to his new employer's union; his union's staff forward it."""
    member = _holding_member(worker)
    _check_no_pending(member)
    _check_union(to_org, fallback=False)
    if to_org.pk == member.org_id:
        raise ApplicationError(TRANSFER_TARGET_SAME.format(org=to_org.name), field="to_org")
    reason = _clean_text(reason, label="原因", field="reason", n=200)
    if not reason:
        raise ApplicationError(REQUEST_REASON_REQUIRED, field="reason")
    item = _create_request(
        worker=worker, member=member, kind=MemberRequestKind.TRANSFER, to_org=to_org, reason=reason
    )
    audit_record(
        actor=None,
        action="member_request.transfer",
        obj=item,
        org=member.org,
        changes={"to": to_org.name, "reason": reason},
        object_repr=f"转会申请 {mask_name(member.name)}",
    )
    return item


@transaction.atomic
def member_request_leave(*, worker: Worker, reason: str) -> MemberRequest:
    member = _holding_member(worker)
    _check_no_pending(member)
    reason = _clean_text(reason, label="原因", field="reason", n=200)
    if not reason:
        raise ApplicationError(REQUEST_REASON_REQUIRED, field="reason")
    item = _create_request(
        worker=worker, member=member, kind=MemberRequestKind.LEAVE, reason=reason
    )
    audit_record(
        actor=None,
        action="member_request.leave",
        obj=item,
        org=member.org,
        changes={"reason": reason},
        object_repr=f"退会申请 {mask_name(member.name)}",
    )
    return item


def _lock_pending_request(item: MemberRequest, *, actor=None) -> MemberRequest:
    item = (
        # Only the request row is locked: PostgreSQL cannot lock the nullable side of the
        # outer join to `to_org`.
        MemberRequest.objects.select_for_update(of=("self",))
        .select_related("member__org", "to_org", "worker")
        .get(pk=item.pk)
    )
    if actor is not None:
        _require_request_scope(actor, item)
    if item.status != RequestStatus.PENDING:
        raise ApplicationError(
            REQUEST_NOT_PENDING.format(status=item.get_status_display()), code="wrong_status"
        )
    return item


@transaction.atomic
def member_request_withdraw(*, worker: Worker, item: MemberRequest) -> MemberRequest:
    if item.worker_id != worker.pk:
        raise Forbidden(NOT_YOURS)
    item = _lock_pending_request(item)
    if item.transfer_id:
        raise ApplicationError(REQUEST_FORWARDED, code="forwarded")
    item.status = RequestStatus.WITHDRAWN
    item.decided_at = timezone.now()
    item.save(update_fields=["status", "decided_at"])
    audit_record(
        actor=None,
        action="member_request.withdraw",
        obj=item,
        org=item.member.org,
        object_repr=f"{item.get_kind_display()}申请 {mask_name(item.member.name)}",
    )
    return item


def _require_request_scope(actor, item: MemberRequest) -> None:
    if not org_in_scope(actor, item.member.org):
        raise denial(
            Forbidden(REQUEST_OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=item,
            org=item.member.org,
        )


def _require_kind(item: MemberRequest, kind: str) -> None:
    if item.kind != kind:
        raise ApplicationError(REQUEST_WRONG_KIND.format(kind=MemberRequestKind(kind).label))


@atomic_keeping_denials
def member_request_forward(*, actor, item: MemberRequest) -> MemberRequest:
    """The member's union forwards a transfer request: it becomes a 转会 asked by the 转出方,
    which the receiving union approves on 转会审批. The request then follows that transfer."""
    item = _lock_pending_request(item, actor=actor)
    _require_kind(item, MemberRequestKind.TRANSFER)
    if item.transfer_id:
        raise ApplicationError(REQUEST_FORWARDED, code="forwarded")
    transfer = transfer_request(
        actor=actor,
        member=item.member,
        to_org=item.to_org,
        reason=ChangeReason.RELATION_CHANGED,
        note=f"职工本人申请：{item.reason}"[:200],
    )
    item.transfer = transfer
    item.save(update_fields=["transfer"])
    audit_record(
        actor=actor,
        action="member_request.forward",
        obj=item,
        org=item.member.org,
        changes={"transfer": transfer.pk, "to": item.to_org.name},
    )
    return item


@atomic_keeping_denials
def member_request_approve_leave(*, actor, item: MemberRequest, note: str = "") -> MemberRequest:
    item = _lock_pending_request(item, actor=actor)
    _require_kind(item, MemberRequestKind.LEAVE)
    note = _clean_text(note, label="办理意见", field="note", n=200)
    member_leave(
        actor=actor,
        member=item.member,
        reason=ChangeReason.PERSONAL,
        note=f"职工本人申请：{item.reason}"[:200],
    )
    item.status = RequestStatus.APPROVED
    item.decided_at, item.decision_note = timezone.now(), note
    item.save(update_fields=["status", "decided_at", "decision_note"])
    audit_record(actor=actor, action="member_request.approve", obj=item, org=item.member.org)
    return item


@atomic_keeping_denials
def member_request_reject(*, actor, item: MemberRequest, note: str) -> MemberRequest:
    """Reject a leave request, or a transfer request before it is forwarded."""
    item = _lock_pending_request(item, actor=actor)
    if item.transfer_id:
        raise ApplicationError(FORWARDED_DECIDE_THERE, code="forwarded")
    note = _clean_text(note, label="原因", field="note", n=200)
    if not note:
        raise ApplicationError(REASON_REQUIRED, field="note")
    item.status = RequestStatus.REJECTED
    item.decided_at, item.decision_note = timezone.now(), note
    item.save(update_fields=["status", "decided_at", "decision_note"])
    audit_record(
        actor=actor,
        action="member_request.reject",
        obj=item,
        org=item.member.org,
        changes={"note": note},
    )
    return item


_FOLLOWS = {
    TransferStatus.APPROVED: RequestStatus.APPROVED,
    TransferStatus.REJECTED: RequestStatus.REJECTED,
    TransferStatus.CANCELLED: RequestStatus.REJECTED,
}


def member_request_follow_transfer(*, transfer: Transfer) -> None:
    """A forwarded request takes its transfer's outcome, in the transfer's own transaction
    (called from the post_save signal of `members.Transfer`)."""
    status = _FOLLOWS.get(transfer.status)
    if status is None:
        return
    note = transfer.decision_note
    if transfer.status == TransferStatus.CANCELLED:
        note = TRANSFER_CANCELLED_NOTE
    MemberRequest.objects.filter(transfer=transfer, status=RequestStatus.PENDING).update(
        status=status, decided_at=transfer.decided_at or timezone.now(), decision_note=note[:200]
    )


# --- e-card verification -------------------------------------------------------------------------


@dataclass
class CardCheck:
    state: str  # TokenState values, or "not_member"
    member: Member | None = None

    @property
    def masked_name(self) -> str:
        return mask_name(self.member.name) if self.member else ""


NOT_MEMBER = "not_member"


@transaction.atomic
def card_verify(*, actor, token: str) -> CardCheck:
    """Check a scanned e-card. Any staff member may verify any card (a member shows it at any
    union's 驿站), and sees only the masked name, union, card number and status. Audited."""
    check = read_card_token(token)
    member = None
    state = check.state
    if state == TokenState.VALID:
        member = Member.objects.select_related("org").filter(pk=check.member_id).first()
        if member is None or not member.is_holding or member.card_number != check.card_number:
            state = NOT_MEMBER
    audit_record(
        actor=actor,
        action="ecard.verify",
        obj=member,
        org=member.org if member else None,
        changes={"result": state, "card_number": check.card_number},
        object_repr="" if member else "电子会员卡",
    )
    return CardCheck(state, member)
