"""The national link's permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "NATIONAL_TRANSFER",
    "national.change_crosstransfer",
    "办理跨省转会",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
