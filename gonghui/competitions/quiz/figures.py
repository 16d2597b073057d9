"""网上练兵's roll-up figures (statistics provider `quiz`, registered by
`competitions/metrics.py`), monthly by the month the quiz opens (local time), and only for
published quizzes (a quiz taken back to draft leaves the figures, as a draft contest does):

- `quizzes`: quizzes held, at the host union;
- `quiz_attempts`: 参与人次, finished attempts, at the union the member was in when he started;
- `quiz_score`: the sum of those attempts' scores (the average is `quiz_score / quiz_attempts`);
- `quiz_passed`: finished attempts scoring at least the quiz's pass mark (quizzes with one).

参与人数 (distinct persons) is not a sum over a subtree: `quiz.stats.quiz_persons_in` counts it
on demand. An attempt is counted by `stats_attempt_finished`, called by `attempts._finish` in
the transaction that finishes it, under the attempt's row lock (a finished attempt is never
finished again: a duplicate submit adds nothing). A change of the quiz (status, opening month,
pass mark) moves its figures with `stats_quiz_changed`.
"""

from collections import Counter
from collections.abc import Iterator

from django.db.models import Count, F, Sum
from django.utils import timezone

from gonghui.competitions.models.quiz import Attempt, AttemptStatus, Quiz, QuizStatus
from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    month_key,
    negated,
    stats_apply,
)

METRICS = (
    Metric("quizzes", "网上练兵场数", monthly=True),
    Metric("quiz_attempts", "网上练兵参与人次", monthly=True),
    Metric("quiz_score", "网上练兵得分合计", monthly=True),
    Metric("quiz_passed", "网上练兵及格人次", monthly=True),
)


def quiz_month(quiz: Quiz) -> str:
    return month_key(timezone.localtime(quiz.opens_at))


def attempt_figures(attempt: Attempt, quiz: Quiz) -> Figures:
    """What one attempt adds at its union: nothing while active or if the quiz is a draft."""
    if attempt.status == AttemptStatus.ACTIVE or quiz.status != QuizStatus.PUBLISHED:
        return Figures()
    month = quiz_month(quiz)
    score = attempt.score or 0
    figures = Figures({("quiz_attempts", month): 1, ("quiz_score", month): score})
    if quiz.pass_score is not None and score >= quiz.pass_score:
        figures["quiz_passed", month] += 1
    return figures


def quiz_figures(quiz: Quiz) -> dict[int, Figures]:
    """Everything a quiz and its finished attempts add, org id → figures (from the database)."""
    if quiz.status != QuizStatus.PUBLISHED:
        return {}
    month = quiz_month(quiz)
    per_org: dict[int, Figures] = {quiz.host_id: Figures({("quizzes", month): 1})}
    finished = Attempt.objects.filter(quiz=quiz).exclude(status=AttemptStatus.ACTIVE)
    for row in finished.values("org_id").annotate(n=Count("pk"), score=Sum("score")).order_by():
        figures = per_org.setdefault(row["org_id"], Figures())
        figures["quiz_attempts", month] += row["n"]
        figures["quiz_score", month] += row["score"] or 0
    if quiz.pass_score is not None:
        passed = finished.filter(score__gte=quiz.pass_score).values("org_id")
        for row in passed.annotate(n=Count("pk")).order_by():
            per_org.setdefault(row["org_id"], Figures())["quiz_passed", month] += row["n"]
    return per_org


def stats_quiz_changed(before: dict[int, Figures], quiz: Quiz) -> None:
    """After a change of the quiz itself (the caller holds its row lock): `before` is
    `quiz_figures` taken before it."""
    after = quiz_figures(quiz)
    changes: dict[int, Figures] = {}
    for org_id in set(before) | set(after):
        delta = Figures(after.get(org_id, Figures()))
        delta.update(negated(before.get(org_id, Figures())))
        delta = Figures({key: n for key, n in delta.items() if n})
        if delta:
            changes[org_id] = delta
    stats_apply(changes)


def stats_attempt_finished(attempt: Attempt, quiz: Quiz) -> None:
    """An attempt was just finished (submitted or expired): count it at its union."""
    figures = attempt_figures(attempt, quiz)
    if figures:
        stats_apply({attempt.org_id: figures})


class QuizMetrics(Provider):
    name = "quiz"
    metrics = METRICS

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        published = Quiz.objects.filter(status=QuizStatus.PUBLISHED)
        months = {quiz.pk: quiz_month(quiz) for quiz in published.only("pk", "opens_at")}
        counts: Counter = Counter()
        quizzes = published.values_list("pk", "host_id")
        if org_ids is not None:
            quizzes = quizzes.filter(host_id__in=org_ids)
        for quiz_id, host_id in quizzes:
            counts[host_id, "quizzes", months[quiz_id]] += 1
        finished = Attempt.objects.filter(quiz__status=QuizStatus.PUBLISHED).exclude(
            status=AttemptStatus.ACTIVE
        )
        if org_ids is not None:
            finished = finished.filter(org_id__in=org_ids)
        grouped = finished.values("org_id", "quiz_id")
        for row in grouped.annotate(n=Count("pk"), score=Sum("score")).order_by():
            month = months[row["quiz_id"]]
            counts[row["org_id"], "quiz_attempts", month] += row["n"]
            counts[row["org_id"], "quiz_score", month] += row["score"] or 0
        passed = finished.filter(
            quiz__pass_score__isnull=False, score__gte=F("quiz__pass_score")
        ).values("org_id", "quiz_id")
        for row in passed.annotate(n=Count("pk")).order_by():
            counts[row["org_id"], "quiz_passed", months[row["quiz_id"]]] += row["n"]
        for (org_id, metric, month), n in counts.items():
            if n:
                yield org_id, metric, month, n
