"""疗休养's workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("疗休养", "recuperation:plans", Perm.RECUPERATION_VIEW, order=104))
