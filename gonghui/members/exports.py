"""Member export in the federation's template (the import's columns, so a full export can be
imported elsewhere), as XLSX or CSV, streamed.

Personal data is masked unless the user holds the separate grant and asks for it in full; a
masked file cannot be imported back (its ID numbers are incomplete). Every export writes one
audit row (how many rows, which filters, masked or not, which format) and marks each exported
member as its subject, so a member's page can tell which exports touched him.
"""

import tempfile
from collections.abc import Iterator

from django.db import transaction
from django.db.models import QuerySet

from gonghui.accounts.permissions import Perm
from gonghui.audit.services import audit_record, audit_subjects_mark
from gonghui.core.errors import Forbidden
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.tabular import csv_lines, xlsx_file
from gonghui.members.codes import ChangeType, MemberStatus
from gonghui.members.imports.template import HEADER
from gonghui.members.models import Member
from gonghui.members.services import PII_FORBIDDEN

__all__ = ["HEADER", "member_export_csv", "member_export_xlsx", "member_rows"]

# The last 会籍变化 a status stands for.
_STATUS_CHANGE = {
    MemberStatus.ACTIVE: ChangeType.JOIN.label,
    MemberStatus.RETAINED: ChangeType.RETAIN.label,
    MemberStatus.LEFT: ChangeType.LEAVE.label,
    MemberStatus.EXPELLED: ChangeType.EXPEL.label,
}


def member_rows(members: QuerySet[Member], *, full: bool) -> Iterator[list]:
    """One template row per member (HEADER's order), decrypting one member at a time."""
    for m in members.select_related("org").order_by("pk").iterator(chunk_size=2000):
        id_number, phone = m.id_number, m.phone
        values = {
            "姓名": m.name,
            "性别": m.get_gender_display(),
            "出生日期": m.birth_date,
            "民族": m.get_ethnicity_display(),
            "移动电话": phone if full else mask_phone(phone),
            "有效证件类别": m.get_id_type_display(),
            "证件号码": id_number if full else mask_id_number(id_number),
            "所属企业/工会": m.org.name,
            "邮箱": m.email,
            "工会会员号": m.card_number,
            "工种": m.job,
            "企业工号": m.employee_no,
            "职称": m.title,
            "参加工作年份": m.work_start_year,
            "就业状况": m.get_employment_status_display(),
            "户籍类型": m.get_household_type_display(),
            "学历": m.get_education_display(),
            "技术等级": m.get_tech_level_display(),
            "会籍变化类型": _STATUS_CHANGE[m.status],
            "会籍变化日期": m.status_changed_on,
            "职工类别": m.get_category_display(),
            "入会日期": m.joined_on,
            "政治面貌": m.get_political_status_display(),
            "籍贯": m.native_place,
            "工作单位": m.employer,
            "会员类型": m.get_member_type_display(),
        }
        yield [values.get(column, "") for column in HEADER]


def _check_full(actor, full: bool, filters: dict) -> None:
    if full and not actor.has_perm(Perm.MEMBER_PII):
        audit_record(actor=actor, action="member.export", result="denied", changes=filters)
        raise Forbidden(PII_FORBIDDEN)


@transaction.atomic
def _audit_export(actor, members: QuerySet[Member], changes: dict) -> None:
    log = audit_record(actor=actor, action="member.export", changes=changes)
    audit_subjects_mark(log=log, queryset=members)


def member_export_xlsx(*, actor, members: QuerySet[Member], filters: dict, full: bool = False):
    """Write the (already scoped) members to a temporary XLSX file and return it, rewound.

    openpyxl's write-only mode streams rows to disk, so memory stays flat for long lists.
    """
    _check_full(actor, full, filters)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the FileResponse closes it)
    count = xlsx_file("会员", HEADER, member_rows(members, full=full), out)
    out.seek(0)
    _audit_export(actor, members, {**filters, "rows": count, "full": full, "format": "xlsx"})
    return out


def member_export_csv(
    *, actor, members: QuerySet[Member], filters: dict, full: bool = False
) -> Iterator[str]:
    """CSV lines (UTF-8 with BOM) for a StreamingHttpResponse; audited before the first line."""
    _check_full(actor, full, filters)
    _audit_export(
        actor, members, {**filters, "rows": members.count(), "full": full, "format": "csv"}
    )
    return csv_lines(HEADER, member_rows(members, full=full))
