"""Audit actions of the 12351 hotline (see gonghui/audit/registry.py).

Every timeline event writes `case.<EventAction>` (services/common.py `_record`)."""

from gonghui.audit.registry import Field, codes, register_actions, register_object_page
from gonghui.hotline.codes import EventAction
from gonghui.hotline.models import Case

_EVENT_LABELS = {
    EventAction.INTAKE: "登记12351工单",
    EventAction.NOTE: "记录办理进展",
    EventAction.CLOSE: "办结工单",
    EventAction.REOPEN: "重新办理工单",
    EventAction.DEADLINE: "调整办理时限",
    EventAction.ATTACH: "上传工单附件",
}

_PERSON_FIELDS = {"caller_name": "来电人姓名", "caller_phone": "联系电话", "id_number": "身份证号"}

_CASE_FIELDS = {
    field.name: Field(
        label=str(field.verbose_name), choices=codes(field.flatchoices) if field.choices else {}
    )
    for field in Case._meta.concrete_fields
}

register_actions(
    {
        **{
            f"case.{value}": _EVENT_LABELS.get(value, label) for value, label in EventAction.choices
        },
        "case.stats_export": "导出工单统计",
        "case.unmask": "查看来电人完整信息",
        "case.caller_phone": "查看来电号码",
        "deadline_rule.set": "设置办理时限规则",
        "deadline_rule.delete": "删除办理时限规则",
    },
    fields={
        **_CASE_FIELDS,
        **{key: Field(label=label) for key, label in _PERSON_FIELDS.items()},
        "fields": Field(label="字段", choices=_PERSON_FIELDS),
        "lawyer": Field(label="律师参与"),
        "on_time": Field(label="按时办结"),
        "overdue": Field(label="已超期"),
        "deadline": Field(label="办理时限"),
        "rule": Field(label="规则"),
        "days": Field(label="天数"),
        "cutoff": Field(label="截止时间"),
        "size": Field(label="大小（字节）"),
        "total": Field(label="合计"),
    },
)

# Where an audit row's detail page links its object (gonghui.audit.objects).
register_object_page("hotline.Case", "hotline:detail", arg="number")
