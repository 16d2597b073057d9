"""The training's permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "TRAINING_VIEW",
    "competitions.view_academy",
    "查看工匠学院和职工培训",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare(
    "TRAINING_MANAGE",
    "competitions.change_academy",
    "管理工匠学院、课程、培训班次和学员",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
