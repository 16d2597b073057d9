"""Port: put a member forward as a candidate for an honor, from another domain.

A domain that finds people worth honoring (a competition's winners, a studio's lead) offers
"推荐荣誉" without importing the domain that confers honors: that domain registers a sink here in
its `candidate_sinks.py`, and the offering side calls `put_forward`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gonghui.accounts.models import User


@dataclass(frozen=True)
class Candidate:
    member_id: int
    source: str  # e.g. "competitions"
    source_ref: str  # e.g. "entry:42", so one winner is put forward once
    achievement: str  # one line: "2026年全省焊工职业技能大赛 一等奖"
    deeds: str = ""


@dataclass(frozen=True)
class CandidateSink:
    key: str
    label: str  # the button: "推荐荣誉"
    # Returns the URL of what was created (or found: putting forward twice is no error).
    accept: Callable[["User", Candidate], str]


_SINKS: dict[str, CandidateSink] = {}


def register_candidate_sink(sink: CandidateSink) -> None:
    _SINKS[sink.key] = sink


def candidate_sinks() -> list[CandidateSink]:
    return list(_SINKS.values())


def put_forward(actor: "User", candidate: Candidate, *, sink: str | None = None) -> list[str]:
    """Hand the candidate to the sink named (or every sink); returns their URLs."""
    sinks = [_SINKS[sink]] if sink else list(_SINKS.values())
    return [s.accept(actor, candidate) for s in sinks]
