"""Messages, the income rule and the workflow steps shared by the archive use cases."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gonghui.accounts.models import User
from gonghui.assistance.metrics import archive_state, stats_archive_changed
from gonghui.assistance.models import (
    Archive,
)
from gonghui.assistance.services.inbox import refresh_archive
from gonghui.audit.services import (
    audit_record,
    denial,
)
from gonghui.core.cleaning import MAX_YUAN, money_message
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.masking import mask_id_number
from gonghui.orgs.models import OrgType
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能办理本工会及下级工会的困难职工档案。"
FIRST_REVIEW_FORBIDDEN = "初审由档案所属工会上级的乡镇（街道）工会或县区总工会办理。"
FINAL_REVIEW_FORBIDDEN = "终审由档案所在县区总工会（或其上级工会）办理，乡镇（街道）工会不能终审。"
REVIEWER_FORBIDDEN = "只有乡镇（街道）及以上工会可以办理年审和解困。"
NOT_MEMBER = "申请人须是会籍有效的工会会员。"
WORKER_NOT_MEMBER = "只有已实名认证并已入会的会员才能在线申请困难帮扶，请先完成实名认证并申请入会。"
SENSITIVE_CONSENT_REQUIRED = (
    "健康状况、残疾情况属于敏感个人信息，请阅读说明并勾选单独同意后再提交；"
    "不同意的，可以到所在工会线下申请。"
)
NO_COUNTY = "申请人所在工会不在任何县区总工会之下，无法确定终审单位和低保标准。"
LEVEL_INVALID = "请选择困难类别。"
CAUSES_REQUIRED = "请至少选择一项致困原因。"
CHOICE_INVALID = "请选择{label}。"
HOUSEHOLD_NAME = "第{n}位家庭成员：请填写姓名。"
HOUSEHOLD_RELATION = "第{n}位家庭成员：请选择与申请人的关系（申请人本人已自动加入）。"
HOUSEHOLD_ID = "第{n}位家庭成员：{message}"
HOUSEHOLD_DUPLICATE = "第{n}位家庭成员的身份证号与申请人或其他家庭成员重复。"
HOUSEHOLD_TOO_MANY = "家庭成员最多20人。"
ALREADY_OPEN = (
    "{name}（{id}）已在「{org}」的困难职工档案中（状态：{status}），"
    "一户只能有一份在档档案，不能重复申请。"
)
WRONG_STATE = "该档案当前状态为「{status}」，不能{action}。"
VISIT_REQUIRED = "初审须填写入户走访记录：走访日期、走访人员和走访情况。"
VISIT_FUTURE = "走访日期不能晚于今天。"
VISIT_BEFORE_APPLY = "走访日期不能早于申请日期。"
PHOTO_TOO_LARGE = "走访照片不能超过 5 MB，请压缩后重新上传（当前 {size:.1f} MB）。"
PHOTO_TOO_MANY = "走访照片最多 {n} 张。"
OPINION_REQUIRED = "不通过时请填写原因。"
OBJECTION_CONTENT = "请填写异议内容。"
OBJECTION_DATE = "异议收到日期须在公示期内（{start} 至 {end}），且不晚于今天。"
OBJECTION_RESOLVED = "该异议已处理。"
RESOLUTION_REQUIRED = "请填写核实处理情况。"
NOTICE_NOT_OVER = "公示期至 {end} 结束，期满后才能确认建档。"
OBJECTIONS_OPEN = "还有 {n} 条公示异议未处理，请先核实处理。"
ANNUAL_TWICE = "该档案 {year} 年度已年审过，每年只能年审一次。"
ANNUAL_YEAR = "年审年度不能早于建档年度，也不能晚于今年。"
EXIT_REASON = "请填写解困原因。"
EXIT_EVIDENCE = "请填写解困佐证（如就业证明、收入证明）。"
EXIT_DATE = "解困日期不能晚于今天，也不能早于建档日期。"
REAPPLY_NOT_EXITED = "只有已解困的档案才能重新申请建档（新一期）。"
REAPPLY_HAS_NEXT = "该档案已有下一期档案，请在最新一期上办理。"
POVERTY_COUNTY = "低保标准按县区设置，请选择一个县区总工会。"
POVERTY_AMOUNT = money_message("低保标准", positive=True)
POVERTY_YEAR = "年度须在2000年至明年之间。"
POVERTY_SCOPE = "您只能设置本工会范围内县区的低保标准。"
ANNUAL_FAILED_REASON = "年审不再符合条件"

PHOTO_MAX_COUNT = 9
CENT = Decimal("0.01")
NOTICE_DAYS = 5
MAX_HOUSEHOLD = 20


def archive_income(
    monthly_income: Decimal, other_annual_income: Decimal, household_size: int
) -> tuple[Decimal, Decimal]:
    """(annual, per-capita monthly): annual = monthly × 12 + other annual income; per capita =
    annual / 12 / household size, rounded half-up to the fen. An annual total past MAX_YUAN
    (the column's bound) is refused as the monthly income's."""
    monthly = Decimal(monthly_income)
    other = Decimal(other_annual_income or 0)
    annual = (monthly * 12 + other).quantize(CENT, rounding=ROUND_HALF_UP)
    if annual > MAX_YUAN:
        raise ApplicationError(
            money_message("家庭年度总收入"), code="money_invalid", field="monthly_income"
        )
    size = max(int(household_size), 1)
    per_capita = (annual / 12 / size).quantize(CENT, rounding=ROUND_HALF_UP)
    return annual, per_capita


def _snapshot(archive: Archive) -> dict[str, Any]:
    return {
        "member": archive.member_id,
        "org": archive.org.name,
        "period": archive.period,
        "level": archive.level,
        "causes": archive.causes,
        "monthly_income": str(archive.monthly_income),
        "other_annual_income": str(archive.other_annual_income),
        "household_size": archive.household_size,
        "per_capita_monthly": str(archive.per_capita_monthly),
        "household": [mask_id_number(p.number) for p in getattr(archive, "_people", [])],
    }


def _lock(archive: Archive) -> Archive:
    return (
        Archive.objects.select_for_update(of=("self",))
        .select_related("org", "county", "member")
        .get(pk=archive.pk)
    )


def _refuse(actor: User, archive: Archive, message: str) -> ApplicationError:
    return denial(
        Forbidden(message), actor=actor, action="access.denied", obj=archive, org=archive.org
    )


def is_first_reviewer(actor: User, archive: Archive) -> bool:
    org = getattr(actor, "org", None)
    return (
        org is not None
        and org.org_type in (OrgType.TOWNSHIP, OrgType.COUNTY)
        and archive.org.path.startswith(org.path)
    )


def is_final_reviewer(actor: User, archive: Archive) -> bool:
    return org_in_scope(actor, archive.county)


def is_reviewer(actor: User, archive: Archive) -> bool:
    return is_first_reviewer(actor, archive) or is_final_reviewer(actor, archive)


def _require_state(archive: Archive, allowed: tuple, action: str) -> None:
    if archive.status not in allowed:
        raise Conflict(WRONG_STATE.format(status=archive.get_status_display(), action=action))


def _set_status(archive: Archive, status: str, *, actor: User, action: str, **changes) -> None:
    before = archive_state(archive)
    old = archive.status
    archive.status = status
    for name, value in changes.items():
        setattr(archive, name, value)
    archive.save()
    stats_archive_changed(before=before, after=archive)
    refresh_archive(archive)
    audit_record(
        actor=actor,
        action=action,
        obj=archive,
        org=archive.org,
        changes={"status": [old, status], **{k: str(v) for k, v in changes.items()}},
    )
