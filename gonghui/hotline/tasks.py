"""Supervision sweep: cases that missed their deadline or a service target.

`sweep(now)` finds, with one statement per rule whatever the number of cases,

- open cases past their deadline (办理超期), by the partial index `case_open_deadline`;
- cases still waiting at the call centre 30 minutes after receipt (超时未派单);
- cases dispatched and not accepted 2 hours later (超时未接单), judged like `dispatch_in_time`
  and `accept_in_time` on the first dispatch and the first acceptance,

and notifies the org holding each case and the org above it, straight from the query
(INSERT ... SELECT: no case is read into Python). The insert skips every row already sent:
the unique index `notification_dedupe` on (case number, rule, deadline, org) is the dedupe key
(ON CONFLICT DO NOTHING; INSERT OR IGNORE on SQLite), so running the sweep again, or two
sweeps at once, notify nobody twice, while a reopened case (new deadline) or a case passed on
to another org (new holder) is notified again. Deduplicating by a unique index rather than a
NOT EXISTS in the query keeps the plan simple and its cost flat: one index probe per late case
and org, whatever the planner thinks of the notification table's statistics.

django-tasks has no scheduler: `manage.py hotline_sweep --every 300` enqueues `sweep_overdue`
periodically, and `manage.py db_worker` runs it.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import (
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat, Length, Substr
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import task

from gonghui.hotline.codes import (
    ACCEPT_TARGET_MINUTES,
    DISPATCH_TARGET_MINUTES,
    OPEN_STATUSES,
    CaseStatus,
)
from gonghui.hotline.models import Case
from gonghui.notifications.models import NotificationKind
from gonghui.notifications.services import notify_orgs_select, notify_sysadmins_of_failure
from gonghui.orgs.models import Org

logger = logging.getLogger(__name__)

# The case page of the workbench (the hotline pages), linked from each notification.
CASE_URL_NAMES = ("hotline:detail",)


@dataclass(frozen=True)
class Rule:
    kind: str
    title: str  # 工单 <number><title>
    body: str  # 当前承办单位：<holder><body>


OVERDUE = Rule(NotificationKind.CASE_OVERDUE, " 已超过办理时限", "。请尽快办理。")
DISPATCH_LATE = Rule(NotificationKind.DISPATCH_LATE, " 超过30分钟未派单", "。请尽快派单。")
ACCEPT_LATE = Rule(NotificationKind.ACCEPT_LATE, " 派单后超过2小时未接单", "。请尽快接单。")


def _case_link() -> tuple[str, str]:
    """The case page's URL around the case number, if the hotline pages are installed."""
    for name in CASE_URL_NAMES:
        try:
            before, _, after = reverse(name, args=["__NUMBER__"]).partition("__NUMBER__")
            return before, after
        except NoReverseMatch:
            continue
    return "", ""


def _late(qs: QuerySet[Case], due, now: datetime) -> QuerySet[Case]:
    """`qs` with `due` (when the rule fell due) before `now`, annotated with the holder's
    parent org (None at the root)."""
    parent = Org.objects.filter(
        path=Substr(
            OuterRef("holder__path"),
            1,
            ExpressionWrapper(Length(OuterRef("holder__path")) - Org.steplen, IntegerField()),
        )
    ).values("pk")[:1]
    return (
        qs.annotate(due=due)
        .filter(due__lt=now)
        .annotate(parent_org=Subquery(parent, output_field=IntegerField()))
        .order_by()
    )


def _rules(now: datetime):
    """(rule, its late cases) for the three rules; what was already sent is skipped on insert."""

    def plus(field: str, minutes: int):
        return ExpressionWrapper(
            F(field) + Value(timedelta(minutes=minutes)), output_field=DateTimeField()
        )

    overdue = Case.objects.filter(status__in=OPEN_STATUSES, deadline__lt=now)
    # Service targets, judged like dispatch_in_time / accept_in_time on the first dispatch and
    # the first acceptance: a case never dispatched, a case dispatched and never accepted.
    not_dispatched = Case.objects.filter(
        status=CaseStatus.RECEIVED,
        dispatch_in_time__isnull=True,
        received_at__lt=now - timedelta(minutes=DISPATCH_TARGET_MINUTES),
    )
    not_accepted = Case.objects.filter(
        status=CaseStatus.DISPATCHED,
        accept_in_time__isnull=True,
        dispatched_at__lt=now - timedelta(minutes=ACCEPT_TARGET_MINUTES),
    )
    return [
        (OVERDUE, _late(overdue, F("deadline"), now)),
        (DISPATCH_LATE, _late(not_dispatched, plus("received_at", DISPATCH_TARGET_MINUTES), now)),
        (ACCEPT_LATE, _late(not_accepted, plus("dispatched_at", ACCEPT_TARGET_MINUTES), now)),
    ]


def _notifications(rule: Rule, cases: QuerySet[Case], org: str, link: tuple[str, str], sent_at):
    """The notification rows of `cases` for the org in column `org`, as a values() query."""
    before, after = link
    return cases.filter(**{f"{org}__isnull": False}).values(
        n_recipient_org_id=F(org),
        n_kind=Value(str(rule.kind)),
        n_title=Concat(Value("工单 "), F("number"), Value(rule.title)),
        n_body=Concat(Value("当前承办单位："), F("holder__name"), Value(rule.body)),
        n_ref=F("number"),
        n_link=Concat(Value(before), F("number"), Value(after)) if before else Value(""),
        n_due_at=F("due"),
        n_created_at=Value(sent_at, output_field=DateTimeField()),
    )


@transaction.atomic(durable=True)
def sweep(now: datetime | None = None) -> dict[str, int]:
    """Notify the holder and the org above it of every late case not yet notified: one
    INSERT ... SELECT per rule (holder rows UNION ALL parent rows), three statements whatever
    the number of cases. Returns the number of notifications inserted per rule and in all."""
    now = now or timezone.now()
    sent_at = timezone.now()
    link = _case_link()
    counts = {}
    if connection.vendor == "postgresql":
        # The parent look-up (a correlated subquery) makes the overdue statement look costly
        # enough for JIT compilation, which then costs more (~80 ms) than it saves.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    for rule, cases in _rules(now):
        rows = _notifications(rule, cases, "holder_id", link, sent_at).union(
            _notifications(rule, cases, "parent_org", link, sent_at), all=True
        )
        counts[str(rule.kind)] = notify_orgs_select(rows)
    counts["notifications"] = sum(counts.values())
    logger.info("hotline sweep at %s: %s", now.isoformat(), counts)
    return counts


RECOMPUTE_FAILED = "工作日历调整后重新计算工单办理时限"


@task()
def recompute_deadlines(days: list[str]) -> int:
    """Move open cases' deadlines after the working-day calendar changed on `days` (ISO dates;
    enqueued by `hotline.receivers`). A failure is reported to the 系统管理员, then raised so
    that the task's result records it too."""
    from gonghui.hotline.services import cases_recompute_deadlines

    try:
        return cases_recompute_deadlines(days=[date.fromisoformat(day) for day in days])
    except Exception as exc:
        notify_sysadmins_of_failure(
            what=RECOMPUTE_FAILED, source=f"{__name__}.recompute_deadlines", error=exc
        )
        raise


@task()
def sweep_overdue() -> dict[str, int]:
    """The periodic task (enqueued by `manage.py hotline_sweep`)."""
    return sweep()
