"""The portal's staff-side workbench entries, and its buttons on other apps' pages
(gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu, register_object_link
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

# A site's page for workers (附近的驿站), from the site's workbench page.
register_object_link("sites.Site", "职工端页面", "sites_portal:detail")
