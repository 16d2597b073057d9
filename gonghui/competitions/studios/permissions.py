"""The studios' permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "STUDIO_VIEW",
    "competitions.view_studio",
    "查看创新工作室",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare(
    "STUDIO_MANAGE",
    "competitions.change_studio",
    "申报创新工作室、报送年度成果",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
declare(
    "STUDIO_REVIEW",
    "competitions.review_studio",
    "审核命名创新工作室、开展回头看",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN),
)
