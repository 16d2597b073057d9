"""The portal's staff-side workbench entries (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(
    MenuItem(
        "入会申请",
        "portal_admin:applications",
        Perm.MEMBER_ADD,
        order=40,
        exclude="portal_admin:legal",
    ),
    MenuItem(
        "协议与隐私政策",
        "portal_admin:legal",
        Perm.LEGAL_MANAGE,
        order=140,
        section="portal_admin:legal",
    ),
)
