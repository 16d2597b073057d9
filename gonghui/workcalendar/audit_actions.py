"""Audit actions of the working-day calendar (see gonghui/audit/registry.py)."""

from gonghui.audit.registry import Field, coded, register_actions
from gonghui.workcalendar.models import CalendarDayKind

register_actions(
    {
        "calendar.set": "设置工作日历",
        "calendar.delete": "删除工作日历条目",
        "calendar.import": "导入全年节假日安排",
    },
    fields={
        "day": Field(label="日期"),
        "kind": coded("类型", CalendarDayKind),
        "holiday": Field(label="名称"),
    },
)
