"""Service sites' workbench entry (gonghui.core.menu)."""

from gonghui.accounts.permissions import Perm
from gonghui.core.menu import MenuItem, register_menu

register_menu(MenuItem("服务阵地", "sites:list", Perm.SITE_VIEW, order=90))
