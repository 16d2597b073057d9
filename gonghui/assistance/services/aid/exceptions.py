"""超限救助: a union asks the union above to let a household pass the yearly cap."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.models import (
    AidException,
    Archive,
    ExceptionStatus,
)
from gonghui.assistance.selectors.aid import (
    household_archive_ids,
    household_cap_status,
)
from gonghui.assistance.services.aid.caps import _check_year
from gonghui.assistance.services.aid.common import (
    EXCEPTION_DECIDED,
    EXCEPTION_NOT_APPROVER,
    EXCEPTION_PENDING,
    EXCEPTION_SELF,
    NO_CAP,
    NO_ORG,
    NO_PARENT,
    NOTE_TOO_LONG,
    OPINION_REQUIRED,
    REASON_REQUIRED,
    _lock_archive,
    _text,
    _yuan,
)
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.inbox.services import refresh
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.notifications.services import notify_orgs
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope


def _notify(*, org: Org, title: str, body: str, exception: AidException, user: User | None) -> None:
    """The approving union hears of a request, the requester of the decision."""
    link = reverse(
        "assistance:aid_exception_decide" if user is None else "assistance:aid_records",
        args=[exception.pk if user is None else exception.archive_id],
    )
    notify_orgs(
        [
            Notification(
                recipient_org=org,
                recipient_user=user,
                # New work for the approver (its 待办 item: assistance.aid_exception), the
                # decision for the requester.
                kind=NotificationKind.WORK if user is None else NotificationKind.DECIDED,
                title=title[:200],
                body=body,
                ref=f"aidexc-{exception.pk}",
                link=link,
            )
        ]
    )


@atomic_keeping_denials(durable=True)
def aid_exception_request(
    *, actor: User, archive: Archive, year: int, extra_amount: Decimal, reason: str
) -> AidException:
    """Ask the union one level up to allow `extra_amount` above the household's cap in `year`."""
    archive = _lock_archive(actor, archive, action="申请超限救助")
    if actor.org is None:
        raise ApplicationError(NO_ORG.format(action="申请超限救助"))
    year = _check_year(year)
    extra_amount = parse_yuan(extra_amount, label="超限金额", field="extra_amount", positive=True)
    reason = _text(
        reason, required=REASON_REQUIRED, limit=1000, too_long=NOTE_TOO_LONG, field="reason"
    )
    if not household_cap_status(archive, year).limited:
        raise ApplicationError(NO_CAP.format(year=year), field="year")
    approver = Org.objects.get_parent(actor.org)
    if approver is None:
        raise ApplicationError(NO_PARENT.format(org=actor.org.name))
    if AidException.objects.filter(
        archive_id__in=household_archive_ids(archive), year=year, status=ExceptionStatus.PENDING
    ).exists():
        raise Conflict(EXCEPTION_PENDING.format(year=year), field="year")
    exception = AidException.objects.create(
        archive=archive,
        year=year,
        extra_amount=extra_amount,
        reason=reason,
        requested_by_org=actor.org,
        approver_org=approver,
        requested_by=actor,
    )
    refresh(exception)
    _notify(
        org=approver,
        title=f"超限救助待审批：{archive.member.name}（{actor.org.name}）",
        body=f"{year} 年超出上限 {_yuan(extra_amount)} 元。理由：{reason}",
        exception=exception,
        user=None,
    )
    audit_record(
        actor=actor,
        action="aid.exception_request",
        obj=exception,
        org=archive.org,
        changes={
            "archive": archive.pk,
            "year": year,
            "extra_amount": str(extra_amount),
            "reason": reason,
            "approver_org": approver.name,
        },
    )
    return exception


@atomic_keeping_denials(durable=True)
def aid_exception_decide(
    *, actor: User, exception: AidException, approved: bool, opinion: str = ""
) -> AidException:
    exception = (
        AidException.objects.select_for_update(of=("self",))
        .select_related(
            "archive__org", "archive__member", "approver_org", "requested_by_org", "requested_by"
        )
        .get(pk=exception.pk)
    )
    approver = exception.approver_org
    org = actor.org
    if org is not None and org.pk == exception.requested_by_org_id:
        raise denial(
            Forbidden(EXCEPTION_SELF.format(approver=approver.name)),
            actor=actor,
            action="access.denied",
            obj=exception,
            org=exception.archive.org,
        )
    if not org_in_scope(actor, approver):
        raise denial(
            Forbidden(EXCEPTION_NOT_APPROVER.format(approver=approver.name)),
            actor=actor,
            action="access.denied",
            obj=exception,
            org=exception.archive.org,
        )
    if exception.status != ExceptionStatus.PENDING:
        raise Conflict(EXCEPTION_DECIDED.format(status=exception.get_status_display()))
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ApplicationError(OPINION_REQUIRED, field="opinion")
    if approved:
        # Only an archive still being helped can receive more aid.
        _lock_archive(actor, exception.archive, action="批准超限救助")
    exception.status = ExceptionStatus.APPROVED if approved else ExceptionStatus.REJECTED
    exception.decided_by = actor
    exception.decided_at = timezone.now()
    exception.opinion = opinion
    exception.save(update_fields=["status", "decided_by", "decided_at", "opinion"])
    refresh(exception)
    _notify(
        org=exception.requested_by_org,
        title=f"超限救助申请{exception.get_status_display()}：{exception.archive.member.name}",
        body=opinion,
        exception=exception,
        user=exception.requested_by,
    )
    audit_record(
        actor=actor,
        action="aid.exception_decide",
        obj=exception,
        org=exception.archive.org,
        changes={"status": exception.status, "opinion": opinion},
    )
    return exception
