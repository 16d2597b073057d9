"""Audit actions of 劳模服务管理 (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import (
    Field,
    codes,
    register_actions,
    register_fields,
    register_object_page,
)
from gonghui.honors.models import Allowance, AllowanceBatch, CareRecord, Honoree

_FIELDS: dict[str, Field] = {}
for model in (Honoree, Allowance, AllowanceBatch, CareRecord):
    for field in model._meta.concrete_fields:
        _FIELDS.setdefault(
            field.name,
            Field(
                label=str(field.verbose_name),
                choices=codes(field.flatchoices) if field.choices else {},
                change=True,
            ),
        )

register_actions(
    {
        "honoree.create": "登记劳模",
        "honoree.update": "修改劳模联系信息",
        "honoree.death": "登记劳模去世",
        "honoree.hardship": "设置困难劳模标记",
        "honoree.link_member": "关联会员档案",
        "honoree.unmask": "查看劳模完整身份证号和电话",
        "honoree.import": "导入历史荣誉",
        "honoree.import_cancel": "取消历史荣誉导入",
        "honoree.care": "登记关爱记录",
        "honoree.recuperation": "推荐劳模疗休养",
        "honoree.export": "导出待遇发放台账",
        "allowance.create": "登记待遇发放",
        "allowance.batch": "批量生成待遇发放",
    },
    fields={
        **_FIELDS,
        "honor": Field(label="荣誉"),
        "fields": Field(label="查看字段"),
        "count": Field(label="人数"),
        "batch": Field(label="疗休养批次"),
        "total": Field(label="合计金额（元）"),
        "filters": Field(label="筛选条件"),
    },
)

# The key the org handler adds to 「合并组织」 (org.merge).
register_fields({"honorees_moved": Field(label="转移劳模数")})

register_object_page("honors.Honoree", "honors:honoree")
