"""劳模服务管理's workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(
    MenuItem("劳模服务", "honors:honorees", Perm.HONOREE_VIEW, order=103, section="honors:honoree")
)
