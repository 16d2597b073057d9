"""The competitions' statistics providers (`gonghui.metrics.registry`)."""

from gonghui.competitions.contests.figures import ContestMetrics
from gonghui.metrics.services import register

register(ContestMetrics())

# The studios and 五小 register their own (gonghui/competitions/studios).
from gonghui.competitions.studios import metrics as _studios  # noqa: E402, F401

# The online courses of 工匠学院 register their own (gonghui/competitions/training/online).
from gonghui.competitions.training.online import metrics as _online  # noqa: E402, F401
