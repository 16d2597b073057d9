"""Notices' workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("通知公告", "notices:list", Perm.NOTICE_VIEW, order=95))
