"""The tree's workbench entry; its home page is the workbench's home (gonghui.core.menu)."""

from gonghui.accounts.permissions import Perm
from gonghui.core.menu import MenuItem, register_home, register_menu

register_home("orgs:home")
register_menu(MenuItem("组织", "orgs:home", Perm.ORG_VIEW, order=10))
