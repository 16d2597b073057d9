"""Hardship assistance's workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("困难帮扶", "assistance:archive_list", Perm.ASSIST_VIEW, order=100))
