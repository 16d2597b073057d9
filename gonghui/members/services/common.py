"""What the registry's use cases share: scope and org checks, messages, the history row."""

from datetime import date

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import denial
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.members.models import Member, MembershipEvent
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope
from gonghui.stats import services as stats

ORG_NOT_HOLDING = "「{name}」不能直接发展会员，请选择基层工会或乡镇、社区工会。"
ORG_INACTIVE = "「{name}」已撤销或合并，不能再登记会员。"
OUT_OF_SCOPE = "您只能办理本工会及下级工会的会员业务。"
DATE_IN_FUTURE = "{label}不能晚于今天。"
WRONG_STATUS = "该会员当前状态为「{status}」，不能办理{action}。"
TRANSFER_PENDING = "该会员已有待审批的转会申请，请先处理。"
REASON_REQUIRED = "请填写原因。"
CHANGE_REASON_INVALID = "请选择会籍变化原因。"
FIELD_INVALID = "{label}：{errors}"


def _require_scope(actor: User, org: Org) -> None:
    if not org_in_scope(actor, org):
        raise denial(Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=org, org=org)


def _check_org_takes_members(org: Org) -> None:
    if not org.is_active:
        raise ApplicationError(ORG_INACTIVE.format(name=org.name), field="org")
    if not org.holds_members:
        raise ApplicationError(ORG_NOT_HOLDING.format(name=org.name), field="org")


def _check_past(value: date | None, label: str, field: str) -> None:
    if value and value > timezone.localdate():
        raise ApplicationError(DATE_IN_FUTURE.format(label=label), field=field)


def _event(member: Member, change_type: str, *, actor: User, on: date, org: Org, **extra) -> None:
    event = MembershipEvent.objects.create(
        member=member, change_type=change_type, changed_on=on, org=org, actor=actor, **extra
    )
    stats.stats_event_recorded(event)
