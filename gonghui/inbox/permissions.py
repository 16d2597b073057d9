"""The inbox's permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import STANDARD_ROLES, Role, declare

declare("INBOX_VIEW", "inbox.view_openitem", "查看待办", roles=STANDARD_ROLES)
declare(
    "INBOX_SUPERVISE",
    "inbox.supervise_openitem",
    "查看下级超期待办",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.AUDITOR),
)
