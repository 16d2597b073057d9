"""Export of hardship archives in the import template (`imports.HEADER`), XLSX, streamed to a
temporary file with openpyxl's write-only mode and audited.

ID numbers are masked unless the user holds the personal-data grant and asks for them in full.
A masked file still imports back when the applicants have 工会会员服务卡卡号 (the import
identifies the applicant by card number when the ID number is masked).
"""

import tempfile
from collections.abc import Iterator

from django.db import transaction
from django.db.models import QuerySet

from gonghui.accounts.permissions import Perm
from gonghui.assistance.codes import ArchiveStatus, Cause
from gonghui.assistance.imports import HEADER
from gonghui.assistance.models import Archive
from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record, audit_subjects_mark
from gonghui.core.errors import Forbidden
from gonghui.core.masking import mask_id_number
from gonghui.core.tabular import xlsx_file
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope, org_scope_path

PII_FORBIDDEN = "您没有查看完整身份证号的权限，请导出脱敏文件。"
OUT_OF_SCOPE = "该工会不在您管理的范围内。"

_CAUSE_LABELS = dict(Cause.choices)


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def archive_rows(archives: QuerySet[Archive], *, full: bool) -> Iterator[list]:
    """One template row per archive (HEADER's order), decrypting one applicant at a time."""
    for a in archives.select_related("member").order_by("pk").iterator(chunk_size=2000):
        id_number = a.member.id_number
        values = {
            "姓名": a.member.name,
            "身份证号": id_number if full else mask_id_number(id_number),
            "工会会员服务卡卡号": a.member.card_number or "",
            "困难类别": a.get_level_display(),
            "建档标准": a.criterion,
            "致困原因": "、".join(_CAUSE_LABELS.get(c, c) for c in a.causes or []),
            "健康情况": a.get_health_display(),
            "残疾类别": a.get_disability_display() if a.disability else "",
            "劳模类型": a.get_model_worker_display() if a.model_worker else "",
            "住房类型": a.get_housing_display(),
            "住房面积": a.housing_area,
            "工作状态": a.get_work_status_display(),
            "所属行业": a.industry,
            "婚姻状况": a.get_marriage_display(),
            "户口类型": a.get_hukou_display(),
            "户口所在地行政区划": a.hukou_division,
            "工作单位性质": a.get_employer_nature_display() if a.employer_nature else "",
            "企业状况": a.get_enterprise_state_display() if a.enterprise_state else "",
            "是否单亲": _yes_no(a.single_parent),
            "是否家庭零就业": _yes_no(a.zero_employment),
            "是否具有自救能力": _yes_no(a.self_reliant),
            "医保状况": a.get_medical_insurance_display(),
            "劳动合同开始日期": a.contract_start,
            "劳动合同结束日期": a.contract_end,
            "月收入": a.monthly_income,
            "家庭其他年收入": a.other_annual_income,
            "家庭年度总收入": a.annual_income,
            "家庭人口": a.household_size,
            "家庭月人均收入": a.per_capita_monthly,
            "建档日期": a.archived_on,
            "状态": a.get_status_display(),
        }
        yield [values.get(column, "") for column in HEADER]


def archive_export_xlsx(
    *, actor, org: Org | None = None, status: str = ArchiveStatus.ARCHIVED, full: bool = False
):
    """The archives of the user's subtree (or of `org`'s, which must be in it) with `status`
    ("" for every status) as XLSX. Returns a rewound temporary file; audited."""
    filters = {"org": org.name if org else "", "status": status, "full": full}
    if org is not None and not org_in_scope(actor, org):
        audit_record(
            actor=actor,
            action="access.denied",
            obj=org,
            org=org,
            result=AuditResult.DENIED,
            changes={"export": "assistance.archives"},
        )
        raise Forbidden(OUT_OF_SCOPE)
    if full and not actor.has_perm(Perm.MEMBER_PII):
        audit_record(
            actor=actor, action="assistance.export", result=AuditResult.DENIED, changes=filters
        )
        raise Forbidden(PII_FORBIDDEN)
    path = org.path if org is not None else org_scope_path(actor)
    archives = Archive.objects.filter(org__path__startswith=path)
    if status:
        archives = archives.filter(status=status)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the FileResponse closes it)
    count = xlsx_file("困难职工档案", HEADER, archive_rows(archives, full=full), out)
    out.seek(0)
    with transaction.atomic():
        log = audit_record(
            actor=actor,
            action="assistance.export",
            org=org or actor.org,
            changes={**filters, "rows": count, "format": "xlsx"},
        )
        audit_subjects_mark(log=log, queryset=archives, field="member", object_type="member")
    return out
