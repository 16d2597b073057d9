"""The studios' workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("创新工作室", "studios:list", Perm.STUDIO_VIEW, order=107))
