"""Signals other apps listen to.

`calendar_changed` is sent after a change to the working-day table has been committed, with
`days`: the sorted list of `datetime.date`s whose table entry was added, removed or changed kind.
Whether each of them is a working day may in fact be unchanged (an entry can agree with the
library), so a receiver recomputes what depends on those days and compares: the hotline moves the
deadlines of open cases whose working-day count spans any of them.

It is sent from `transaction.on_commit`: never for a change that was rolled back, and after the
change is visible to other connections (a receiver may hand the work to a background task).

    from django.dispatch import receiver
    from gonghui.workcalendar.signals import calendar_changed

    @receiver(calendar_changed)
    def _recompute_deadlines(sender, days, **kwargs): ...
"""

from django.dispatch import Signal

calendar_changed = Signal()
