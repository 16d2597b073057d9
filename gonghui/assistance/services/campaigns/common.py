"""Messages and small helpers shared by the campaign and grant use cases."""

from datetime import date
from decimal import Decimal

from gonghui.accounts.models import User
from gonghui.audit.services import denial
from gonghui.core import uploads
from gonghui.core.cleaning import money_message
from gonghui.core.errors import Forbidden
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能管理本工会及下级工会的四送活动和金秋助学。"
KIND_INVALID = "请选择活动类型。"
NAME_REQUIRED = "请填写活动名称。"
NAME_TOO_LONG = "活动名称不能超过100个字。"
DATES_REQUIRED = "请填写活动开始日期和结束日期。"
PERIOD_INVALID = "结束日期不能早于开始日期，请重新选择。"
BUDGET_INVALID = money_message("预算", positive=True)
AMOUNT_INVALID = money_message("金额", positive=True)
NOT_DESCENDANT = "只能向「{org}」的下级工会下拨资金，「{target}」不在其下。"
NO_FUNDS = "「{org}」没有获得本次活动的资金，不能下拨或发放。"
OVER_AVAILABLE = (
    "「{org}」可用资金不足：共获得 {total} 元，已下拨 {allocated} 元，已发放 {paid} 元，"
    "尚余 {left} 元；本次 {amount} 元，超出 {over} 元。"
)
RECIPIENT_REQUIRED = "请选择一位慰问对象（会员或困难职工档案，二选一）。"
RECIPIENT_OUTSIDE = "「{name}」不在「{org}」及其下级工会，请由其所在工会发放。"
MEMBER_NOT_HOLDING = "「{name}」的会籍状态为「{status}」，不能作为慰问对象。"
ARCHIVE_NOT_ARCHIVED = "只能慰问已建档的困难职工，该档案当前状态为「{status}」。"
FORM_INVALID = "请选择慰问形式。"
GOODS_REQUIRED = "实物慰问请填写实物内容。"
PAID_ON_REQUIRED = "请填写发放日期。"
PAID_ON_OUTSIDE = "发放日期须在活动期间（{start} 至 {end}）内，请重新填写。"
PAYING_ORG_REQUIRED = "请以具体工会的账号登记发放。"
REVOKE_REASON_REQUIRED = "请填写撤销原因。"
PAID_TWICE = "「{name}」已在本次活动中领取过慰问（{org}，{day}发放），同一人不能重复发放。"

GRANT_ARCHIVE_NOT_ARCHIVED = "金秋助学只面向已建档的困难职工家庭，该档案当前状态为「{status}」。"
STUDENT_NOT_IN_HOUSEHOLD = "请从该档案的家庭成员中选择学生。"
YEAR_INVALID = "请填写正确的资助年度。"
SCHOOL_REQUIRED = "请填写学校名称。"
SCHOOL_TOO_LONG = "学校名称不能超过100个字。"
LEVEL_INVALID = "请选择就读层次。"
PROOF_REQUIRED = "请上传录取通知书或在读证明。"
PROOF_TOO_LARGE = "录取通知书/在读证明不能超过 5 MB，请压缩后重新上传（当前 {size:.1f} MB）。"
PROOF_TYPE = "录取通知书/在读证明只能是 PDF、JPEG 或 PNG 文件。"
GRANT_TWICE = "「{name}」{year}年度已有金秋助学申请（{org}，{status}），同一学生每年只能资助一次。"
REVIEW_LEVEL = "金秋助学须由县区总工会或以上工会审核。"
REVIEW_STATE = "该申请当前状态为「{status}」，只有待审核的申请才能审核。"
REVIEW_AMOUNT = money_message("资助金额", positive=True)
REVIEW_OPINION = "不予资助时请填写审核意见，说明原因。"
PAY_STATE = "该申请当前状态为「{status}」，只有已批准的申请才能发放。"
PAY_DATE_FUTURE = "发放日期不能晚于今天。"

PROOF_MAX_BYTES = uploads.PDF_MAX_BYTES
REVIEWING_TYPES = (OrgType.PROVINCE, OrgType.CITY, OrgType.COUNTY)


def _require_scope(actor: User, org: Org, obj=None) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=obj or org, org=org
        )


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
