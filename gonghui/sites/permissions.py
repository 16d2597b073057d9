"""The service sites' permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "SITE_VIEW",
    "sites.view_site",
    "查看服务阵地",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare("SITE_MANAGE", "sites.change_site", "管理服务阵地", roles=(Role.SYSADMIN, Role.UNION_ADMIN))
