"""The unread-notifications badge in the workbench's top bar (gonghui.core.menu)."""

from gonghui.core.menu import register_topbar

register_topbar("notifications/_topbar.html", order=10)
