"""Names of audited actions and how they read in Chinese.

The registry lives in `gonghui.audit.registry`; every app declares its own actions in its
`audit_actions.py`. Here: the audit app's own action and the keys that read the same under
every action.
"""

from gonghui.audit.models import AuditResult
from gonghui.audit.objects import object_type_label
from gonghui.audit.registry import (
    LABELS,
    AuditAction,
    Field,
    action_label,
    coded,
    register_actions,
    register_fields,
)

# Kept for the templates' `action_label` filter: the registry's live code → label dict.
ACTION_LABELS = LABELS

register_actions({"access.denied": "越权访问"})
# The export of the log records the filters it was made with (see gonghui/audit/filters.py).
register_actions(
    [
        AuditAction(
            "audit.export",
            "导出审计日志",
            {
                "username": Field(label="操作人"),
                "action": Field(label="操作", render=action_label),
                "object_type": Field(label="对象类型", render=object_type_label),
                "result": coded("结果", AuditResult),
            },
        )
    ]
)

register_fields(
    {
        key: Field(label=label)
        for key, label in {
            "name": "姓名",
            "id_number": "身份证号",
            "phone": "手机号",
            "org": "工会",
            "from": "转出",
            "to": "转入",
            "reason": "原因",
            "note": "说明",
            "fields": "字段",
            "permission": "所需权限",
            "year": "年份",
            "added": "新增",
            "changed": "修改",
            "removed": "删除",
            "file": "文件",
            "format": "格式",
            "rows": "行数",
            "mode": "导入方式",
            "count": "数量",
            "amount": "金额（元）",
            "start": "开始日期",
            "end": "结束日期",
            "member": "会员",
            "title": "标题",
            "version": "版本",
            "kind": "类型",
            "old": "原值",
            "new": "新值",
        }.items()
    }
)
