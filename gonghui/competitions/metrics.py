"""The competitions' statistics providers (`gonghui.metrics.registry`)."""

from gonghui.competitions.contests.figures import ContestMetrics
from gonghui.metrics.services import register

register(ContestMetrics())
