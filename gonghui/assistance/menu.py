"""Hardship assistance's workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu, register_object_link
from gonghui.core.permissions import Perm

register_menu(MenuItem("困难帮扶", "assistance:archive_list", Perm.ASSIST_VIEW, order=100))

# A member's 「建立困难档案」 button, shown where a page renders its member's object links (the
# honoree page of a 困难劳模: honors names no assistance URL).
register_object_link("members.Member", "建立困难档案", "assistance:archive_apply_member")
