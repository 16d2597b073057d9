"""Audit actions of hardship assistance: archives, aid, campaigns and student grants (see
gonghui/audit/registry.py)."""

from gonghui.assistance.codes import ArchiveStatus, SchoolLevel
from gonghui.assistance.models import (
    AidException,
    AidRecord,
    Archive,
    Campaign,
    CampaignPayment,
    ExceptionStatus,
    GrantStatus,
    HelpMeasure,
    MeasureStatus,
    Objection,
    StudentGrant,
)
from gonghui.audit.registry import (
    AuditAction,
    Field,
    coded,
    codes,
    register_actions,
    register_object_page,
)

# The models' own names and code lists; the first model naming a key wins.
_FIELDS: dict[str, Field] = {}
for model in (
    Archive,
    HelpMeasure,
    AidRecord,
    AidException,
    Objection,
    Campaign,
    CampaignPayment,
    StudentGrant,
):
    for field in model._meta.concrete_fields:
        _FIELDS.setdefault(
            field.name,
            Field(
                label=str(field.verbose_name),
                choices=codes(field.flatchoices) if field.choices else {},
            ),
        )
_FIELDS.update(
    {
        "archive": Field(label="档案"),
        "measure": Field(label="帮扶措施"),
        "record": Field(label="救助记录"),
        "exception": Field(label="超限申请"),
        "payment": Field(label="发放记录"),
        "student": Field(label="学生"),
        "student_id": Field(label="学生身份证号"),
        "school_level": coded("学段", SchoolLevel),
        "people": Field(label="家庭人数"),
        "upheld": Field(label="异议成立"),
        "sensitive_consent": Field(label="同意处理敏感个人信息"),
        "export": Field(label="导出内容"),
        "proof_bytes": Field(label="证明文件大小（字节）"),
        "proof_type": Field(label="证明文件类型"),
        "extra_amount": Field(label="超出金额（元）"),
        "approver_org": Field(label="审批工会"),
    }
)

_ARCHIVE_STATUS = {"status": coded("档案状态", ArchiveStatus, change=True)}

register_actions(
    [
        AuditAction(code, label, _ARCHIVE_STATUS)
        for code, label in {
            "assistance.archive_apply": "申请建立困难职工档案",
            "assistance.archive_first_review": "档案初审",
            "assistance.archive_final_review": "档案终审",
            "assistance.archive_complete_notice": "公示期满建档",
            "assistance.archive_reject": "档案审核不通过",
            "assistance.archive_exit": "解困脱困",
            "assistance.archive_annual_review": "档案年度复核",
        }.items()
    ]
    + [
        AuditAction("assistance.archive_unmask", "查看困难职工完整信息"),
        AuditAction("assistance.export", "导出困难职工档案"),
        AuditAction("assistance.import", "导入困难职工档案"),
        AuditAction("assistance.import_cancel", "取消困难职工档案导入"),
        AuditAction("assistance.objection_record", "登记公示异议"),
        AuditAction("assistance.objection_resolve", "处理公示异议"),
        AuditAction("assistance.poverty_line_set", "设置低保标准"),
        AuditAction("aid.cap_set", "设置年度救助上限"),
        AuditAction("aid.cap_remove", "删除年度救助上限"),
        AuditAction("aid.exception_request", "申请超限救助"),
        AuditAction(
            "aid.exception_decide",
            "审批超限救助",
            {"status": coded("审批结果", ExceptionStatus, change=True)},
        ),
        AuditAction("aid.measure_add", "制定帮扶措施"),
        AuditAction("aid.measure_note", "记录帮扶进展"),
        AuditAction(
            "aid.measure_status",
            "更新帮扶措施状态",
            {"status": coded("措施状态", MeasureStatus, change=True)},
        ),
        AuditAction("aid.record", "登记救助"),
        AuditAction("campaign.create", "新建送温暖等活动"),
        AuditAction("campaign.allocate", "下拨活动资金"),
        AuditAction("campaign.pay", "登记慰问发放"),
        AuditAction("campaign.pay_bulk", "批量登记慰问发放"),
        AuditAction("campaign.import", "导入发放名单"),
        AuditAction("campaign.import_cancel", "取消发放名单导入"),
        AuditAction("campaign.pay_revoke", "撤销慰问发放"),
    ]
    + [
        AuditAction(code, label, {"status": coded("助学申请状态", GrantStatus, change=True)})
        for code, label in {
            "grant.apply": "申请金秋助学",
            "grant.review": "审核金秋助学",
            "grant.pay": "发放金秋助学",
            "grant.proof_view": "查看助学录取证明",
        }.items()
    ],
    fields=_FIELDS,
)

# Where an audit row's detail page links its object (gonghui.audit.objects).
register_object_page("assistance.Archive", "assistance:archive_detail")
register_object_page("assistance.Campaign", "assistance:campaign_detail")
register_object_page("assistance.StudentGrant", "assistance:grant_detail")
