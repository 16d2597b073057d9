"""Audit actions of statistics downloads (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import Field, register_actions

register_actions(
    {
        "stats.export": "导出统计数据",
        "stats.report": "下载主要数据报告",
    },
    fields={"chart": Field(label="图表"), "members": Field(label="会员数")},
)
