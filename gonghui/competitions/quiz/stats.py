"""网上练兵's figures for the dashboard and the 「主要数据」 report (an org's subtree over a period
of months, by the month each quiz opens), and the statistics of one quiz for its staff page and
the API. The summed figures come from the roll-up table (`OrgStat`, keys of `quiz.figures`);
参与人数 (distinct persons) is counted on demand, since it is no sum."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Sum
from django.utils import timezone

from gonghui.competitions.models.quiz import Attempt, AttemptStatus, Quiz, QuizStatus
from gonghui.competitions.quiz.boards import finished_or_overdue, person_board
from gonghui.metrics.models import OrgStat
from gonghui.orgs.models import Org, OrgStatus

SUMMED = ("quizzes", "quiz_attempts", "quiz_score", "quiz_passed")
# Score bands of a quiz's statistics, as shares of the full marks: [low, high) in percent.
BANDS = ((90, 101, "90% 及以上"), (80, 90, "80%–89%"), (60, 80, "60%–79%"), (0, 60, "60% 以下"))


def _month_bounds(start: str, end: str) -> tuple[datetime, datetime]:
    """The local instants from the first of `start` to the first of the month after `end`."""
    start_year, start_month = (int(x) for x in start.split("-"))
    end_year, end_month = (int(x) for x in end.split("-"))
    after_year, after_month = end_year + end_month // 12, end_month % 12 + 1
    zone = timezone.get_current_timezone()
    return (
        datetime(start_year, start_month, 1, tzinfo=zone),
        datetime(after_year, after_month, 1, tzinfo=zone),
    )


def quiz_persons_in(*, org: Org, start: str, end: str) -> int:
    """Distinct members of the subtree with a finished attempt at a published quiz opening in
    the period (one person taking two quizzes, or one quiz twice, is one 人)."""
    since, until = _month_bounds(start, end)
    return (
        Attempt.objects.filter(
            org__path__startswith=org.path,
            quiz__status=QuizStatus.PUBLISHED,
            quiz__opens_at__gte=since,
            quiz__opens_at__lt=until,
        )
        .exclude(status=AttemptStatus.ACTIVE)
        .values("member_id")
        .distinct()
        .count()
    )


def quiz_section(*, org: Org, start: str, end: str, summed: dict | None = None) -> dict:
    """The subtree's 网上练兵 figures for months `start`..`end` ("YYYY-MM", both included).
    `summed` (metric → total over the period) saves the roll-up read when the caller (the
    contests' section) has read the `SUMMED` keys with its own."""
    if summed is None:
        rows = (
            OrgStat.objects.filter(org=org, period__gte=start, period__lte=end, metric__in=SUMMED)
            .values("metric")
            .annotate(total=Sum("value"))
        )
        summed = {row["metric"]: row["total"] for row in rows}
    values = summed
    figures = {key: values.get(key, 0) for key in SUMMED}
    figures["quiz_persons"] = quiz_persons_in(org=org, start=start, end=end)
    attempts = figures["quiz_attempts"]
    figures["quiz_average"] = round(figures["quiz_score"] / attempts, 1) if attempts else 0
    return {"figures": figures, "lines": report_lines(figures)}


def report_lines(figures: dict) -> list[str]:
    """The line in the reports' phrasing: 开展网上练兵N场，参与职工N人次（N人）…"""
    if not (figures["quizzes"] or figures["quiz_attempts"]):
        return []
    line = (
        f"开展网上练兵{figures['quizzes']}场，参与职工{figures['quiz_attempts']}人次"
        f"（{figures['quiz_persons']}人）"
    )
    if figures["quiz_attempts"]:
        line += f"，平均得分{figures['quiz_average']:g}分"
    if figures["quiz_passed"]:
        line += f"，及格{figures['quiz_passed']}人次"
    return [line + "。"]


@dataclass
class Band:
    label: str
    count: int
    share: float


@dataclass
class UnionStats:
    org: Org
    participants: int
    attempts: int
    average: float
    passed: int


@dataclass
class QuizStats:
    """One quiz's figures over the union subtree `within` (its best attempt per person)."""

    attempts: int = 0
    participants: int = 0
    average: float = 0
    best: int = 0
    pass_score: int | None = None
    passed: int = 0
    pass_rate: float | None = None
    bands: list[Band] = field(default_factory=list)
    unions: list[UnionStats] = field(default_factory=list)


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def quiz_stats(quiz: Quiz, *, within: Org | None = None) -> QuizStats:
    """参与人次 (finished attempts, and those past their deadline), 参与人数, the average and best of each person's best score,
    the pass rate (people whose best reaches the pass mark), the score bands as shares of the
    full marks, and the same by union one level below `within` (the host by default)."""
    within = within or quiz.host
    at = timezone.now()
    finished = finished_or_overdue(quiz, at).filter(org__path__startswith=within.path)
    board = person_board(quiz, within=within, at=at)
    scores = [p.attempt.score or 0 for p in board]
    stats = QuizStats(
        attempts=finished.count(),
        participants=len(board),
        average=round(sum(scores) / len(scores), 1) if scores else 0,
        best=max(scores, default=0),
        pass_score=quiz.pass_score,
    )
    if quiz.pass_score is not None:
        stats.passed = sum(1 for s in scores if s >= quiz.pass_score)
        stats.pass_rate = _share(stats.passed, len(scores))
    for low, high, label in BANDS:
        n = sum(
            1 for p in board if low <= _percent(p.attempt.score or 0, p.attempt.max_score) < high
        )
        stats.bands.append(Band(label, n, _share(n, len(board))))
    attempts_by_org = dict(
        finished.values("org__path").annotate(n=Count("pk")).values_list("org__path", "n")
    )
    for child in Org.objects.get_children(within).filter(status=OrgStatus.ACTIVE):
        mine = [p.attempt.score or 0 for p in board if p.attempt.org.path.startswith(child.path)]
        if not mine:
            continue
        stats.unions.append(
            UnionStats(
                org=child,
                participants=len(mine),
                attempts=sum(
                    n for path, n in attempts_by_org.items() if path.startswith(child.path)
                ),
                average=round(sum(mine) / len(mine), 1),
                passed=sum(1 for s in mine if quiz.pass_score is not None and s >= quiz.pass_score),
            )
        )
    stats.unions.sort(key=lambda u: (-u.participants, u.org.name))
    return stats


def _percent(score: int, max_score: int) -> float:
    return 100 * score / max_score if max_score else 0
