"""The inbox is the workbench's home; its badge sits in the top bar (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_home, register_menu, register_topbar
from gonghui.core.permissions import Perm

register_home("inbox:home")
register_menu(MenuItem("待办", "inbox:home", Perm.INBOX_VIEW, order=5))
register_topbar("inbox/_topbar.html", order=5)
