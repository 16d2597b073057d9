"""The quiz's permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "QUIZ_VIEW",
    "competitions.view_quiz",
    "查看网上练兵",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare(
    "QUIZ_MANAGE",
    "competitions.change_quiz",
    "管理网上练兵题库",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
