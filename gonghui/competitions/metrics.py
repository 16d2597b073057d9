"""The competitions' statistics providers (`gonghui.metrics.registry`)."""

from gonghui.competitions.contests.figures import ContestMetrics
from gonghui.competitions.quiz.figures import QuizMetrics
from gonghui.metrics.services import register

register(ContestMetrics())
# 网上练兵 (gonghui/competitions/quiz/figures.py).
register(QuizMetrics())

# The studios and 五小 register their own (gonghui/competitions/studios).
from gonghui.competitions.studios import metrics as _studios  # noqa: E402, F401
from gonghui.competitions.training import metrics as _training  # noqa: E402, F401

# The online courses of 工匠学院 register their own (gonghui/competitions/training/online).
from gonghui.competitions.training.online import metrics as _online  # noqa: E402, F401
