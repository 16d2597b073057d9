"""The 12351 hotline's workbench entries (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_landing, register_menu
from gonghui.core.permissions import Perm, Role

# The agent works from the console; its top bar carries the same 待办 badge.
register_landing("hotline:console", role=Role.AGENT)

register_menu(
    MenuItem(
        "坐席工作台", "hotline:console", Perm.HOTLINE_AGENT, order=50, section="hotline:console"
    ),
    MenuItem("我的工单", "hotline:queue", Perm.HOTLINE_VIEW, order=60, exclude="hotline:console"),
    MenuItem("工单统计", "hotline_stats:page", Perm.HOTLINE_VIEW, order=70),
    MenuItem("办理时限规则", "hotline_rules:list", Perm.HOTLINE_RULES, order=80),
)
