"""The tree's workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("组织", "orgs:home", Perm.ORG_VIEW, order=10))
