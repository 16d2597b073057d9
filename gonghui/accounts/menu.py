"""The signed-in user, the org and the logout button in the workbench's top bar."""

from gonghui.core.menu import register_topbar

register_topbar("accounts/_topbar.html", order=20)
