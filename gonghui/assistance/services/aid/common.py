"""Messages and small helpers shared by the help-plan, aid, cap and exception use cases."""

from decimal import Decimal

from gonghui.accounts.models import User
from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.models import (
    Archive,
    MeasureStatus,
)
from gonghui.audit.services import denial
from gonghui.core.cleaning import money_message
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能为本工会及下级工会的困难职工档案登记帮扶和救助。"
NOT_ARCHIVED = "该档案状态为「{status}」，只有已建档的档案才能{action}。"
NO_ORG = "您的账号不属于任何工会，不能{action}，请使用所属工会的账号操作。"

MEASURE_KIND_INVALID = "请选择帮扶措施类别（五个一批）。"
MEASURE_CONTENT_REQUIRED = "请填写帮扶措施的具体内容。"
MEASURE_CONTENT_TOO_LONG = "具体内容不能超过500个字。"
RESPONSIBLE_ORG_INVALID = "责任单位须是本工会及下级工会，或该档案所属工会及其上级工会。"
RESPONSIBLE_ORG_INACTIVE = "「{name}」已撤销或合并，不能承担帮扶措施，请选择其他责任单位。"
TARGET_DATE_PAST = "完成时限不能早于今天（{today}），请重新选择。"
MEASURE_STATUS_INVALID = "请选择措施状态。"
MEASURE_STATUS_STEP = "措施已是「{current}」，不能改为「{wanted}」。"
MEASURE_DROP_REASON = "终止帮扶措施须写明原因。"
NOTE_REQUIRED = "请填写进展情况。"
NOTE_TOO_LONG = "进展情况不能超过1000个字。"

AMOUNT_INVALID = money_message("金额", positive=True)
FORM_INVALID = "请选择救助形式（现金或实物）。"
GOODS_REQUIRED = "实物救助须填写实物内容（如「大米 2 袋、食用油 1 桶」）。"
GOODS_TOO_LONG = "实物内容不能超过200个字。"
FUND_SOURCE_INVALID = "请选择资金来源。"
PAID_ON_FUTURE = "发放日期不能晚于今天（{today}）。"
PAID_BEFORE_ARCHIVED = "发放日期不能早于建档日期（{archived_on}）。"
NOTE_FIELD_TOO_LONG = "备注不能超过200个字。"
CAP_EXCEEDED = (
    "超出年度救助上限：该户 {year} 年救助上限 {cap} 元{extra}，已发放 {paid} 元，"
    "还可发放 {left} 元，本次 {amount} 元。如确需超额救助，请先申请超限救助，经上一级工会批准后再登记。"
)
CAP_EXTRA = "（含已批准超限 {extra} 元）"
EXCEPTION_MISMATCH = "所选超限救助申请不属于该户 {year} 年度，或尚未批准。"

YEAR_INVALID = "请填写 2000 年至 {max} 年之间的年度。"
REASON_REQUIRED = "请填写申请理由。"
EXTRA_INVALID = money_message("超限金额", positive=True)
NO_CAP = "该户 {year} 年度没有设置救助上限，不需要申请超限救助。"
NO_PARENT = "「{org}」没有上一级工会，不能申请超限救助；如需调整，请直接修改救助上限。"
EXCEPTION_PENDING = "该户 {year} 年度已有一份待审批的超限救助申请，请等待审批结果。"
EXCEPTION_DECIDED = "该申请已{status}，不能再次审批。"
EXCEPTION_SELF = "超限救助须由上一级工会（{approver}）审批，申请工会不能审批本级的申请。"
EXCEPTION_NOT_APPROVER = "超限救助由「{approver}」或其上级工会审批，您无权审批。"
OPINION_REQUIRED = "不批准时请填写审批意见，说明理由。"

CAP_OUT_OF_SCOPE = "您只能为本工会及下级工会设置救助上限。"
CAP_DEFAULT_TOP_ONLY = "全省默认救助上限只能由省总工会设置。"
CAP_SET_MEANWHILE = "该工会该年度的救助上限刚被他人设置，请刷新页面后重试。"
CAP_ORG_INACTIVE = "「{name}」已撤销或合并，不能设置救助上限。"

MEASURE_STEPS = {
    MeasureStatus.PLANNED: {MeasureStatus.ACTIVE, MeasureStatus.DONE, MeasureStatus.DROPPED},
    MeasureStatus.ACTIVE: {MeasureStatus.DONE, MeasureStatus.DROPPED},
    MeasureStatus.DONE: set(),
    MeasureStatus.DROPPED: set(),
}


def _lock_archive(actor: User, archive: Archive, *, action: str) -> Archive:
    """The archive row locked for the rest of the transaction, after the scope and state
    checks that every write of this module needs."""
    archive = (
        Archive.objects.select_for_update(of=("self",)).select_related("org").get(pk=archive.pk)
    )
    if not org_in_scope(actor, archive.org):
        raise denial(
            Forbidden(OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=archive,
            org=archive.org,
        )
    if archive.status != ArchiveStatus.ARCHIVED:
        raise Conflict(
            NOT_ARCHIVED.format(status=archive.get_status_display(), action=action),
            code="not_archived",
        )
    return archive


def _text(value: str, *, required: str, limit: int, too_long: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(required, field=field)
    if len(text) > limit:
        raise ApplicationError(too_long, field=field)
    return text


def _yuan(amount: Decimal) -> str:
    return f"{amount:.2f}"
