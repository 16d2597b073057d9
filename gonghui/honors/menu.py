"""Honor rounds' workbench entries (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(
    MenuItem(
        "荣誉评选",
        "honors:rounds",
        Perm.HONOR_VIEW,
        order=101,
        exclude=("honors:type", "honors:honoree"),
    )
)
register_menu(
    MenuItem("荣誉目录", "honors:types", Perm.HONOR_CATALOGUE, order=102, section="honors:type")
)

# The honoree registry and care register their own (gonghui/honors/care).
from gonghui.honors.care import menu as _care_menu  # noqa: E402, F401
