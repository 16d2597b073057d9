"""Assistance's permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "ASSIST_VIEW",
    "assistance.view_archive",
    "查看困难职工档案",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare(
    "ASSIST_MANAGE",
    "assistance.change_archive",
    "管理困难职工档案",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
declare(
    "ASSIST_REVIEW",
    "assistance.review_archive",
    "审核困难职工档案",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN),
)
declare(
    "CAMPAIGN_MANAGE",
    "assistance.manage_campaign",
    "管理四送活动和金秋助学",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN),
)
