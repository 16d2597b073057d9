"""The national link's workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("跨省转会", "national:transfers", Perm.NATIONAL_TRANSFER, order=36))
