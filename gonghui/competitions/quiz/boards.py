"""Leaderboards of a quiz: by person (his best finished attempt: score high to low, then time
used, then who finished first) and by union subtree (participants and average of the best
scores of the members under each union one level below the chosen one)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.competitions.models.quiz import Attempt, AttemptStatus, Quiz, QuizStatus
from gonghui.competitions.quiz.expiry import as_settled
from gonghui.orgs.models import Org, OrgStatus


@dataclass
class Placing:
    rank: int
    attempt: Attempt

    @property
    def certified(self) -> bool:
        return self.rank <= self.attempt.quiz.certificate_top


def finished_or_overdue(quiz: Quiz, at: datetime) -> QuerySet[Attempt]:
    """The attempts that count: finished, or past their deadline (scored by `as_settled`)."""
    return Attempt.objects.filter(quiz=quiz).filter(
        ~Q(status=AttemptStatus.ACTIVE) | Q(deadline__lte=at)
    )


def person_board(
    quiz: Quiz, *, within: Org | None = None, at: datetime | None = None
) -> list[Placing]:
    """Every participant's best attempt, ranked (ties on score and time share a rank). An
    attempt past its deadline not yet finished in the database is ranked by the score it will
    get (`expiry.as_settled`): reading the board writes nothing."""
    qs = finished_or_overdue(quiz, at or timezone.now()).select_related("member", "org", "quiz")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    attempts = as_settled(qs, at=at or timezone.now())
    attempts.sort(key=lambda a: (-(a.score or 0), a.seconds_used or 0, a.finished_at, a.pk))
    seen: set[int] = set()
    board: list[Placing] = []
    previous: tuple[int, int] | None = None
    for attempt in attempts:
        if attempt.member_id in seen:
            continue
        seen.add(attempt.member_id)
        key = (attempt.score or 0, attempt.seconds_used or 0)
        rank = board[-1].rank if board and key == previous else len(board) + 1
        board.append(Placing(rank, attempt))
        previous = key
    return board


def my_placing(quiz: Quiz, member_id: int) -> tuple[Placing | None, int]:
    """The member's place and how many are ranked."""
    board = person_board(quiz)
    mine = next((p for p in board if p.attempt.member_id == member_id), None)
    return mine, len(board)


@dataclass
class UnionLine:
    org: Org
    participants: int
    average: float
    best: int


def union_board(quiz: Quiz, *, parent: Org | None = None) -> list[UnionLine]:
    """One line per union just below `parent` (the host by default) with participants under it,
    highest average first."""
    parent = parent or quiz.host
    children = list(Org.objects.get_children(parent).filter(status=OrgStatus.ACTIVE))
    board = person_board(quiz, within=parent)
    lines = []
    for child in children:
        scores = [p.attempt.score or 0 for p in board if p.attempt.org.path.startswith(child.path)]
        if scores:
            lines.append(
                UnionLine(child, len(scores), round(sum(scores) / len(scores), 1), max(scores))
            )
    return sorted(lines, key=lambda line: (-line.average, -line.participants, line.org.name))


def certificate_holders(quiz: Quiz) -> list[Placing]:
    return [p for p in person_board(quiz) if p.certified]


def is_open(quiz: Quiz, at: datetime) -> bool:
    return quiz.status == QuizStatus.PUBLISHED and quiz.opens_at <= at < quiz.closes_at
