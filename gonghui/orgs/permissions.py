"""The org tree's permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

# Every role sees the tree: call-centre agents too, to dispatch cases to the right union.
declare(
    "ORG_VIEW",
    "orgs.view_org",
    "查看工会组织",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR, Role.AGENT),
)
declare("ORG_MANAGE", "orgs.change_org", "管理工会组织", roles=(Role.SYSADMIN, Role.UNION_ADMIN))
