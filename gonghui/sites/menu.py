"""Service sites' workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("服务阵地", "sites:list", Perm.SITE_VIEW, order=90))
