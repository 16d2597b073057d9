"""Attempts past their deadline as they will be scored, read without writing.

An attempt whose deadline has passed takes no more answers, so its score is already fixed by
what was saved in time. Pages and API reads (GET) never finish it: they show it, and rank it,
with the score computed here in memory; it is finished in the database (and counted in the
statistics) by the next write that meets it — the member's next start, answer or submit
(`attempts._refusal`, `attempt_start`, `attempt_submit`) — or by the `settle_quiz_attempts`
command run from cron, which calls `attempts.quiz_settle_expired`. A GET therefore has no
side effect, and a member coming back in time still resumes his attempt on the server's clock.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, F, Sum

from gonghui.competitions.models.quiz import Attempt, AttemptAnswer, AttemptStatus


def is_overdue(attempt: Attempt, at: datetime) -> bool:
    """Still active in the database, but past its deadline."""
    return attempt.status == AttemptStatus.ACTIVE and attempt.deadline <= at


def as_settled(attempts: Iterable[Attempt], *, at: datetime) -> list[Attempt]:
    """The attempts, those past their deadline filled in (in memory only) as `_finish` will
    score them: the saved answers matching the key, finished at the deadline, 超时自动交卷.
    One query for all of them; none if none is overdue."""
    attempts = list(attempts)
    overdue = [attempt for attempt in attempts if is_overdue(attempt, at)]
    if not overdue:
        return attempts
    rows = (
        AttemptAnswer.objects.filter(attempt__in=overdue, choice=F("question__answer"))
        .values("attempt_id")
        .annotate(score=Sum("question__score"), correct=Count("pk"))
        .order_by()
    )
    scored = {row["attempt_id"]: row for row in rows}
    for attempt in overdue:
        row = scored.get(attempt.pk, {})
        attempt.status = AttemptStatus.EXPIRED
        attempt.finished_at = attempt.deadline
        attempt.score = row.get("score") or 0
        attempt.correct = row.get("correct") or 0
        attempt.seconds_used = max(int((attempt.deadline - attempt.started_at).total_seconds()), 0)
    return attempts
