"""The tree's workbench entry; its home page is the workbench's home (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_home, register_menu
from gonghui.core.permissions import Perm

register_home("orgs:home")
register_menu(MenuItem("组织", "orgs:home", Perm.ORG_VIEW, order=10))
