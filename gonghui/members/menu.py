"""Members' workbench entries (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(
    MenuItem("会员", "members:list", Perm.MEMBER_VIEW, order=20, exclude="members:transfer"),
    MenuItem(
        "转会审批", "members:transfers", Perm.MEMBER_TRANSFER, order=30, section="members:transfer"
    ),
)
