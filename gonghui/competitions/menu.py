"""The competitions' workbench entries (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("劳动和技能竞赛", "competitions:list", Perm.CONTEST_VIEW, order=105))

# The online quiz and the studios (with 五小) register their own, in their packages.
from gonghui.competitions.quiz import menu as _quiz  # noqa: E402, F401
from gonghui.competitions.studios import menu as _studios  # noqa: E402, F401
from gonghui.competitions.training import menu as _training  # noqa: E402, F401

# The online courses of 工匠学院 register their own (gonghui/competitions/training/online).
from gonghui.competitions.training.online import menu as _online  # noqa: E402, F401
