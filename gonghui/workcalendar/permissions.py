"""The work calendar's permission (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "CALENDAR_MANAGE",
    "workcalendar.change_calendarday",
    "维护工作日历",
    roles=(Role.SYSADMIN,),
)
