"""Hardship assistance's workbench entry (gonghui.core.menu)."""

from gonghui.accounts.permissions import Perm
from gonghui.core.menu import MenuItem, register_menu

register_menu(MenuItem("困难帮扶", "assistance:archive_list", Perm.ASSIST_VIEW, order=100))
