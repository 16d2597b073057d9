"""The competitions' permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "CONTEST_VIEW",
    "competitions.view_competition",
    "查看劳动和技能竞赛",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare(
    "CONTEST_MANAGE",
    "competitions.change_competition",
    "管理劳动和技能竞赛",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN),
)
declare(
    "CONTEST_ENTER",
    "competitions.add_entry",
    "竞赛报名与成绩录入",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)

# The online quiz and the studios (with 五小) register their own, in their packages.
from gonghui.competitions.quiz import permissions as _quiz  # noqa: E402, F401
from gonghui.competitions.studios import permissions as _studios  # noqa: E402, F401
from gonghui.competitions.training import permissions as _training  # noqa: E402, F401

# The online courses of 工匠学院 register their own (gonghui/competitions/training/online).
from gonghui.competitions.training.online import permissions as _online  # noqa: E402, F401
