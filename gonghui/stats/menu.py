"""The dashboards' workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("数据看板", "stats:home", Perm.ORG_VIEW, order=110))
