"""The contests' kinds of 待办 (the inbox port, `gonghui.inbox.kinds`):

- `competitions.contest.confirm` — a worker applied on the portal: his union confirms (or
  withdraws) the entry, by the contest's entry deadline;
- `competitions.contest.results` — a running or judging contest with a results deadline: the
  host enters the results by then; the item closes when the contest is 已表彰.

The services of `competitions.contests.services` refresh the entry or the contest in their own
transaction.
"""

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.competitions.models import Competition, ContestStatus, Entry, EntryStatus
from gonghui.inbox.kinds import InboxKind, Item, register_kind

CONFIRM_SUMMARY = "{name}网上报名「{contest}」，待确认"
RESULTS_SUMMARY = "「{contest}」请按期录入成绩"


def _end_of(day) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _pending_entries():
    return (
        Entry.objects.filter(status=EntryStatus.PENDING)
        .select_related("competition", "member")
        .order_by()
    )


def _confirm_item(entry: Entry) -> Item:
    return Item(
        org_id=entry.org_id,
        summary=CONFIRM_SUMMARY.format(name=entry.member.name, contest=entry.competition.name),
        link=reverse("competitions:detail", args=[entry.competition_id]),
        due_at=_end_of(entry.competition.entry_deadline),
    )


def _results_contests():
    return Competition.objects.filter(
        status__in=(ContestStatus.RUNNING, ContestStatus.JUDGING), results_due__isnull=False
    ).order_by()


def _results_item(contest: Competition) -> Item:
    return Item(
        org_id=contest.host_id,
        summary=RESULTS_SUMMARY.format(contest=contest.name),
        link=reverse("competitions:detail", args=[contest.pk]),
        due_at=_end_of(contest.results_due),
    )


register_kind(
    InboxKind(
        key="competitions.contest.confirm",
        label="待确认的竞赛报名",
        permission=Perm.CONTEST_ENTER,
        model="competitions.Entry",
        source=_pending_entries,
        item=_confirm_item,
        order=60,
        notify=True,
    ),
    InboxKind(
        key="competitions.contest.results",
        label="待录入的竞赛成绩",
        permission=Perm.CONTEST_MANAGE,
        model="competitions.Competition",
        source=_results_contests,
        item=_results_item,
        order=61,
    ),
)

# The studios and 五小 register their own (gonghui/competitions/studios).
from gonghui.competitions.studios import inbox_kinds as _studios  # noqa: E402, F401
from gonghui.competitions.training import inbox_kinds as _training  # noqa: E402, F401
