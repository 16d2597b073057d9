"""The online courses' permission (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "TRAINING_ONLINE_MANAGE",
    "competitions.manage_online_course",
    "管理线上课程",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
