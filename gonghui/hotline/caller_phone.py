"""「查看来电号码」: the purpose-bound grant to call a caller back.

The union holding a case must call the worker, and the 12351 agents call back closed cases; both
see only 139****1203 otherwise. With this grant (held by the handler and agent roles, not by
superusers as such) they reveal that one case's phone number, one audited action at a time —
nothing else of the caller (name and ID number stay masked: that is 「查看完整个人信息」), and
no other case. A union the case has moved away from (transferred down, returned) no longer
holds it and cannot; nor can the unions above the holder, who supervise but do not call.
"""

from django.db import transaction

from gonghui.accounts.permissions import Perm
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.audit.services import audit_record, audit_subjects_mark
from gonghui.core.errors import Forbidden
from gonghui.hotline.models import Case
from gonghui.hotline.selectors import is_agent_for

CALLER_PHONE_DENIED = (
    "只有当前承办该工单的工会和12351坐席可以查看来电号码；如需联系来电人，请联系当前承办单位。"
)
ACTION = "case.caller_phone"


def mark_caller_member(log: AuditLog, case: Case) -> None:
    """A caller linked to a member record: the reveal shows on that member's page too."""
    if case.member_id is not None:
        audit_subjects_mark(
            log=log, queryset=Case.objects.filter(pk=case.pk), field="member", object_type="member"
        )


def may_reveal_caller_phone(user, case: Case) -> bool:
    """Whether the case page and the console offer `user` the button for `case`."""
    if not user.has_perm(Perm.CALLER_PHONE):
        return False
    return user.org_id == case.holder_id or is_agent_for(user, case.holder)


def case_caller_phone_reveal(*, actor, case: Case) -> str:
    """The caller's phone number of `case` in full, for the holding union or an agent; audited
    either way. The holder is read under a row lock, so a transfer committed a moment ago
    counts."""
    with transaction.atomic(durable=True):
        case = Case.objects.select_for_update(of=("self",)).select_related("holder").get(pk=case.pk)
        allowed = may_reveal_caller_phone(actor, case)
        log = audit_record(
            actor=actor,
            action=ACTION,
            obj=case,
            org=case.holder,
            changes={"fields": ["caller_phone"]} if allowed else {},
            result=AuditResult.SUCCESS if allowed else AuditResult.DENIED,
        )
        if allowed:
            mark_caller_member(log, case)
    if not allowed:
        raise Forbidden(CALLER_PHONE_DENIED)
    return case.caller_phone
