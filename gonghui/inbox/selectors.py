"""Reads of the inbox: what a user must act on (the badge, the page, one kind's list), who is
behind in a supervisor's subtree, and the check of the table against the kinds' own queries."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, Substr
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.inbox.kinds import InboxKind, Item, kind_of, kinds
from gonghui.inbox.models import OpenItem
from gonghui.orgs.models import Org
from gonghui.workcalendar.selectors import end_of_day, is_working_day, next_working_day

ROWS_PER_KIND = 8


def held_kinds(user: User) -> list[str]:
    """The kinds whose org-addressed items this user must act on (by permission)."""
    return [kind.key for kind in kinds() if user.has_perm(kind.permission)]


def _mine(user: User) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    mine = Q(user_id=user.pk)
    if user.org_id is not None:
        mine |= Q(user__isnull=True, org_id=user.org_id, kind__in=held_kinds(user))
    return mine


def visible_items(user: User) -> QuerySet[OpenItem]:
    """The items the user must act on: addressed to them, or to their org in a kind whose
    permission they hold."""
    return OpenItem.objects.filter(_mine(user))


def inbox_count(user: User) -> int:
    """The header badge: one COUNT."""
    return visible_items(user).count()


def due_soon_limit(now: datetime | None = None) -> datetime:
    """Items due up to this moment are 「今日到期」: the end of today, or of the next working day
    when today is a holiday."""
    today = timezone.localdate(now or timezone.now())
    return end_of_day(today if is_working_day(today) else next_working_day(today))


def _state(item: OpenItem, now: datetime, soon: datetime) -> str:
    if item.due_at is None:
        return ""
    if item.due_at < now:
        return "overdue"
    return "soon" if item.due_at <= soon else ""


def _order():
    return [F("due_at").asc(nulls_last=True), "opened_at", "pk"]


@dataclass
class KindGroup:
    kind: InboxKind
    total: int = 0
    overdue: int = 0
    soon: int = 0
    rows: list[OpenItem] = field(default_factory=list)


def inbox_groups(user: User, *, now: datetime | None = None) -> list[KindGroup]:
    """The inbox page: per kind the counts (all, overdue, due soon) and its first rows, most
    urgent first; kinds with overdue items first. Three queries whatever the number of kinds
    (the counts, the first rows of every kind through one window, the working calendar)."""
    now = now or timezone.now()
    soon = due_soon_limit(now)
    mine = visible_items(user)
    counts = mine.values("kind").annotate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        soon=Count("pk", filter=Q(due_at__gte=now, due_at__lte=soon)),
    )
    groups = {}
    for row in counts:
        kind = kind_of(row["kind"])
        if kind is not None:
            groups[kind.key] = KindGroup(kind, row["total"], row["overdue"], row["soon"])
    if groups:
        first = mine.annotate(
            rank=Window(RowNumber(), partition_by=[F("kind")], order_by=_order())
        ).filter(rank__lte=ROWS_PER_KIND, kind__in=groups)
        for item in first.order_by("kind", "rank"):
            item.state = _state(item, now, soon)
            groups[item.kind].rows.append(item)
    return sorted(groups.values(), key=lambda g: (g.overdue == 0, g.kind.order, g.kind.key))


def kind_items(user: User, kind: InboxKind) -> QuerySet[OpenItem]:
    """One kind's items of the user, most urgent first (the page paginates)."""
    return visible_items(user).filter(kind=kind.key).order_by(*_order())


def mark_states(items, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    soon = due_soon_limit(now)
    for item in items:
        item.state = _state(item, now, soon)


@dataclass
class Behind:
    org: Org
    overdue: int
    own: bool  # the items of the org itself, not of its subtree


def behind_by_child(user: User, org: Org, *, now: datetime | None = None) -> list[Behind]:
    """Who is behind under `org` (in the user's scope): the overdue items of the org itself and,
    per child, of the child's subtree, in the kinds whose permission the user holds; those
    with the most first. Two queries."""
    now = now or timezone.now()
    overdue = OpenItem.objects.filter(
        org__path__startswith=org.path, due_at__lt=now, kind__in=held_kinds(user)
    )
    width = len(org.path) + Org.steplen
    per_child = (
        overdue.annotate(branch=Substr("org__path", 1, width))
        .values("branch")
        .annotate(n=Count("pk"))
    )
    counts = {row["branch"]: row["n"] for row in per_child}
    own = counts.pop(org.path, 0)
    children = {child.path: child for child in Org.objects.filter(path__in=counts)}
    rows = [Behind(children[path], n, False) for path, n in counts.items() if path in children]
    rows.sort(key=lambda row: (-row.overdue, row.org.path))
    if own:
        rows.insert(0, Behind(org, own, True))
    return rows


def overdue_at(user: User, org: Org, *, now: datetime | None = None) -> QuerySet[OpenItem]:
    """The overdue items of `org` itself (one click from its line in `behind_by_child`)."""
    now = now or timezone.now()
    return (
        OpenItem.objects.filter(org=org, due_at__lt=now, kind__in=held_kinds(user))
        .select_related("user")
        .order_by(*_order())
    )


def expected_items(kind: InboxKind) -> Iterator[tuple[str, Item]]:
    """What the kind's own query says is pending now, object by object."""
    for obj in kind.source().iterator(chunk_size=2000):
        yield str(obj.pk), kind.item(obj)


def _key(item: Item | OpenItem) -> tuple:
    return (item.org_id, item.user_id, item.link, item.due_at)


def check_items() -> list[str]:
    """The differences between the table and the kinds' own queries (empty when right): a
    missing, extra or different row. A dismissable kind's row may be missing (the user cleared
    it) but never extra."""
    differences = []
    registered = {kind.key for kind in kinds()}
    stray = OpenItem.objects.exclude(kind__in=registered).values_list("kind", flat=True)
    differences += [f"{key}: 未注册的待办类型" for key in sorted(set(stray))]
    for kind in kinds():
        expected = {ref: _key(item) for ref, item in expected_items(kind)}
        actual = {row.ref: _key(row) for row in OpenItem.objects.filter(kind=kind.key)}
        for ref in sorted(actual.keys() - expected.keys()):
            differences.append(f"{kind.key} {ref}: 多余")
        if not kind.dismissable:
            for ref in sorted(expected.keys() - actual.keys()):
                differences.append(f"{kind.key} {ref}: 缺少")
        for ref in sorted(expected.keys() & actual.keys()):
            if expected[ref] != actual[ref]:
                differences.append(f"{kind.key} {ref}: 应为 {expected[ref]}，实为 {actual[ref]}")
    return differences
