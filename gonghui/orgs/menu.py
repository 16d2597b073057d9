"""The tree's workbench entries, and 工作人员账号 (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(
    MenuItem("组织", "orgs:home", Perm.ORG_VIEW, order=10, exclude="orgs:staff"),
    MenuItem("工作人员账号", "orgs:staff_list", Perm.STAFF_MANAGE, order=135, section="orgs:staff"),
)
