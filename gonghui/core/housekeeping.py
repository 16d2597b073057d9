"""Housekeeping: the rows a long-running province would otherwise keep for ever — sent outbox
messages, SMS codes, login failures, certification attempts, finished task results, expired
sessions — deleted by `manage.py housekeeping` once older than their retention setting.

A port: each app registers what it may prune in `<app>/housekeeping.py` (found by
`CoreConfig.ready()`), so core names none of them. A registration gives the rows that may go
for a cut-off (`rows(cutoff)`): old enough *and* no longer needed (a message still unsent, a task
still running, an outbox stream's last number are never among them). The audit trail registers
nothing: it is never pruned (on PostgreSQL old months are detached and archived instead).

Deletes go in batches of primary keys, each in its own transaction, so a large backlog never
holds one long lock; running twice deletes nothing the second time.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class Prunable:
    """`rows(cutoff)`: the rows that may be deleted, those older than `cutoff`. `setting`
    names the retention in days (None: the rows say themselves when they expire, as sessions
    do, and the cut-off is now). `floor`: the window a limit counts these rows over; a
    retention set shorter still keeps that much, so pruning never lifts a limit."""

    name: str
    label: str
    rows: Callable[[datetime], QuerySet]
    setting: str | None = None
    floor: timedelta = timedelta(0)

    def days(self) -> int | None:
        return None if self.setting is None else int(getattr(settings, self.setting))

    def cutoff(self, now: datetime) -> datetime:
        days = self.days()
        keep = timedelta(0) if days is None else timedelta(days=days)
        return now - max(keep, self.floor)


_registry: dict[str, Prunable] = {}


def register_prunable(
    name: str,
    label: str,
    rows: Callable[[datetime], QuerySet],
    *,
    setting: str | None = None,
    floor: timedelta = timedelta(0),
) -> None:
    if name in _registry:
        raise ValueError(f"prunable {name} registered twice")
    if setting is not None and not hasattr(settings, setting):
        raise ValueError(f"prunable {name}: no setting {setting}")
    _registry[name] = Prunable(name=name, label=label, rows=rows, setting=setting, floor=floor)


def prunables() -> list[Prunable]:
    return sorted(_registry.values(), key=lambda p: p.name)


def prune(prunable: Prunable, *, now: datetime | None = None, batch_size: int = 1000) -> int:
    """Delete the rows of `prunable` past their retention, `batch_size` at a time; returns how
    many of its own rows went (rows that cascade with them are not counted)."""
    rows = prunable.rows(prunable.cutoff(now or timezone.now()))
    model = rows.model
    deleted = 0
    while True:
        with transaction.atomic():
            keys = list(rows.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not keys:
                return deleted
            _, per_model = model._base_manager.filter(pk__in=keys).delete()
        deleted += per_model.get(model._meta.label, 0)
        if len(keys) < batch_size:
            return deleted


def count(prunable: Prunable, *, now: datetime | None = None) -> int:
    return prunable.rows(prunable.cutoff(now or timezone.now())).count()


# --- what no app owns: Django's sessions and django-tasks' results ---------------------------


def _expired_sessions(cutoff: datetime) -> QuerySet:
    # Only a database session engine keeps rows (a cache engine's expire on their own).
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = store.get_model_class() if hasattr(store, "get_model_class") else None
    if model is None:
        from django.contrib.sessions.models import Session

        return Session.objects.none()
    return model.objects.filter(expire_date__lt=cutoff)


def _finished_task_results(cutoff: datetime) -> QuerySet:
    from django_tasks_db.models import DBTaskResult

    # finished(): successful or failed; ready and running results are never touched.
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)


register_prunable("core.sessions", "过期会话", _expired_sessions)
register_prunable(
    "core.task_results",
    "已结束的后台任务结果",
    _finished_task_results,
    setting="GONGHUI_KEEP_TASK_RESULTS_DAYS",
)
