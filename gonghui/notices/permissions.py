"""The notices' permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "NOTICE_VIEW",
    "notices.view_notice",
    "查看通知公告",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare(
    "NOTICE_MANAGE",
    "notices.change_notice",
    "发布通知公告",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
