"""The honors' permissions (the registry: gonghui.core.permissions). Rounds: HONOR_*; the
honoree registry and care declare theirs in honors/care/permissions.py."""

from gonghui.core.permissions import Role, declare

declare(
    "HONOR_VIEW",
    "honors.view_round",
    "查看荣誉评选",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare(
    "HONOR_NOMINATE",
    "honors.add_nomination",
    "推荐荣誉候选人",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
declare(
    "HONOR_REVIEW",
    "honors.review_nomination",
    "审核荣誉推荐",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN),
)
declare(
    "HONOR_MANAGE",
    "honors.change_round",
    "组织评选批次（名额、公示、表彰决定）",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN),
)
declare("HONOR_CATALOGUE", "honors.change_honortype", "管理荣誉目录", roles=(Role.SYSADMIN,))

# The honoree registry and care register their own (gonghui/honors/care).
from gonghui.honors.care import permissions as _care_permissions  # noqa: E402, F401
