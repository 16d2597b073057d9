"""Keeps open cases' deadlines right when the federation edits the working-day calendar
(for instance when it enters next year's holidays and 调休 days in November)."""

from django.dispatch import receiver

from gonghui.workcalendar.signals import calendar_changed


@receiver(calendar_changed, dispatch_uid="hotline_recompute_deadlines")
def recompute_deadlines(sender, days, **kwargs) -> None:
    from gonghui.hotline.services import cases_recompute_deadlines

    cases_recompute_deadlines(days=days)
