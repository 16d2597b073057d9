"""Member list export to Excel, in the federation's template column names.

Personal data is masked unless the user holds the separate grant and asks for it in full; every
export writes one audit row (how many rows, which filters, masked or not).
"""

import tempfile

from django.db.models import QuerySet
from openpyxl import Workbook

from gonghui.audit.services import audit_record
from gonghui.core.errors import Forbidden
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.members.models import Member
from gonghui.members.services import PII_FORBIDDEN

HEADER = [
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "移动电话",
    "有效证件类别",
    "证件号码",
    "所属企业/工会",
    "工会会员号",
    "职工类别",
    "就业状况",
    "学历",
    "入会日期",
    "会籍状态",
]


def member_export_xlsx(*, actor, members: QuerySet[Member], filters: dict, full: bool = False):
    """Write the (already scoped) members to a temporary XLSX file and return it, rewound.

    openpyxl's write-only mode streams rows to disk, so memory stays flat for long lists.
    """
    if full and not actor.has_perm("members.view_member_pii"):
        audit_record(actor=actor, action="member.export", result="denied", changes=filters)
        raise Forbidden(PII_FORBIDDEN)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("会员")
    sheet.append(HEADER)
    count = 0
    for m in members.select_related("org").iterator(chunk_size=2000):
        id_number, phone = m.id_number, m.phone
        sheet.append(
            [
                m.name,
                m.get_gender_display(),
                m.birth_date,
                m.get_ethnicity_display(),
                phone if full else mask_phone(phone),
                m.get_id_type_display(),
                id_number if full else mask_id_number(id_number),
                m.org.name,
                m.card_number,
                m.get_category_display(),
                m.get_employment_status_display(),
                m.get_education_display(),
                m.joined_on,
                m.get_status_display(),
            ]
        )
        count += 1
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the FileResponse closes it)
    book.save(out)
    out.seek(0)
    audit_record(
        actor=actor,
        action="member.export",
        changes={**filters, "rows": count, "full": full},
    )
    return out
