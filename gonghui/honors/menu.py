"""Honor rounds' workbench entries (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(
    MenuItem("荣誉评选", "honors:rounds", Perm.HONOR_VIEW, order=96, exclude="honors:type")
)
register_menu(
    MenuItem("荣誉目录", "honors:types", Perm.HONOR_CATALOGUE, order=97, section="honors:type")
)
