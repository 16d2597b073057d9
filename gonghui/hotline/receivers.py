"""Keeps open cases' deadlines right when the federation edits the working-day calendar
(for instance when it enters next year's holidays and 调休 days in November)."""

from django.db import transaction
from django.dispatch import receiver

from gonghui.workcalendar.signals import calendar_changed


@receiver(calendar_changed, dispatch_uid="hotline_recompute_deadlines")
def recompute_deadlines(sender, days, **kwargs) -> None:
    """Hand the work to a background task: the clerk's page does not wait for it. The signal
    comes after the commit; should it ever be sent inside a transaction, the task is still
    enqueued only once that commits."""
    from gonghui.hotline.tasks import recompute_deadlines as task

    days = [day.isoformat() for day in days]
    transaction.on_commit(lambda: task.enqueue(days))
