from django import template

from gonghui.audit.actions import ACTION_LABELS

register = template.Library()

# Keys that services write into AuditLog.changes, as an auditor reads them.
CHANGE_LABELS = {
    "name": "姓名",
    "id_number": "身份证号",
    "phone": "手机号",
    "category": "职工类别",
    "org": "工会",
    "from": "转出",
    "to": "转入",
    "side": "发起方",
    "status": "状态",
    "reason": "原因",
    "note": "说明",
    "fields": "字段",
    "permission": "所需权限",
    "parent": "上级工会",
    "into": "并入",
    "members_moved": "转移会员数",
    "roles": "角色",
    "day": "日期",
    "kind": "类型",
    "holiday": "名称",
    "year": "年份",
    "added": "新增",
    "changed": "修改",
    "removed": "删除",
}


@register.filter
def action_label(action: str) -> str:
    """The Chinese name of an audited action; unknown actions show their code."""
    return ACTION_LABELS.get(action, action)


@register.filter
def change_label(key: str) -> str:
    return CHANGE_LABELS.get(key, key)


@register.simple_tag(takes_context=True)
def nav_class(context, prefix: str, exclude: str = "") -> str:
    """Mark the current section of the left nav: "active" when the current URL name starts
    with `prefix` (and not with `exclude`)."""
    match = context["request"].resolver_match
    name = match.view_name if match else ""
    if name.startswith(prefix) and not (exclude and name.startswith(exclude)):
        return "active"
    return ""
