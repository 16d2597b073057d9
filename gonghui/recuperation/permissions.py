"""疗休养's permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "RECUPERATION_VIEW",
    "recuperation.view_batch",
    "查看疗休养",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare(
    "RECUPERATION_MANAGE",
    "recuperation.change_batch",
    "办理疗休养",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
