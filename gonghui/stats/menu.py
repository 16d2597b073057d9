"""The dashboards' workbench entry (gonghui.core.menu)."""

from gonghui.accounts.permissions import Perm
from gonghui.core.menu import MenuItem, register_menu

register_menu(MenuItem("数据看板", "stats:home", Perm.ORG_VIEW, order=110))
