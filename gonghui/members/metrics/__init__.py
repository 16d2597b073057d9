"""The registry's roll-up figures (statistics provider `members`, see
`gonghui.metrics.registry`); the services call the hooks below inside their transactions.

Metric keys (period "" unless noted); "holding" means a held membership, status 在会 (active)
or 保留会籍 (retained):
- `members`: holding members;
- `members.active`, `members.retained`: holding members by status;
- `category.<code>`: holding members by 职工类别 (codes of `members.codes.Category`);
- `gender.<code>`: holding members by 性别 (GB/T 2261.1 codes "0", "1", "2", "9");
- `birth_year.<YYYY>`: holding members by year of birth (`birth_year.unknown` without a birth
  date). Age bands are computed at read time from these, so the table never drifts as people age;
- `new_forms`: holding members of the 新就业形态 categories (`members.codes.NEW_FORMS`);
- `flow.join`, `flow.transfer_in`, `flow.transfer_out`, `flow.leave` (period "YYYY-MM"):
  新入会, 转入, 转出 and 退会/除名 by the month of the event. A transfer between two unions of a
  subtree is no flow of that subtree: these are not sums of the children's figures, and are
  written apart (`gonghui.members.metrics.flows` says how). They replace the `joined`/`left` of
  before: `stats` migration 0002 drops those rows; run `manage.py rollup_stats` once after
  upgrading to count the flows of existing events.

Members written in bulk past the hooks (an import) are counted in SQL by
`gonghui.members.metrics.bulk.NewMemberStats`.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear

from gonghui.members.codes import GENDER_CHOICES, HOLDING_STATUSES, NEW_FORMS, Category
from gonghui.members.metrics.flows import (
    FLOW_PREFIX,
    JOINS,
    LEAVES,
    TRANSFERS_IN,
    TRANSFERS_OUT,
    event_groups,
    flow_deltas,
    flow_totals,
    flows_moved,
    flows_within,
)
from gonghui.members.models import Member, MembershipEvent
from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    diff,
    negated,
    register,
    stats_apply,
    stats_apply_per_org,
    stats_changes,
)


@dataclass(frozen=True)
class MemberState:
    """The fields of a member the roll-ups depend on, taken before a write."""

    org_id: int
    status: str
    category: str
    gender: str
    birth_year: int | None


def member_state(member: Member) -> MemberState:
    return MemberState(
        org_id=member.org_id,
        status=member.status,
        category=member.category,
        gender=member.gender,
        birth_year=member.birth_date.year if member.birth_date else None,
    )


def _member_figures(state: MemberState) -> Figures:
    if state.status not in HOLDING_STATUSES:
        return Figures()
    year = str(state.birth_year) if state.birth_year else "unknown"
    figures = Figures(
        {
            ("members", ""): 1,
            (f"members.{state.status}", ""): 1,
            (f"category.{state.category}", ""): 1,
            (f"gender.{state.gender}", ""): 1,
            (f"birth_year.{year}", ""): 1,
        }
    )
    if state.category in NEW_FORMS:
        figures["new_forms", ""] = 1
    return figures


def stats_member_changed(*, before: MemberState | None, after: Member | None) -> None:
    """A member was created (before None), edited, changed status or moved between orgs."""
    old = _member_figures(before) if before else Figures()
    new_state = member_state(after) if after else None
    new = _member_figures(new_state) if new_state else Figures()
    if before and new_state and before.org_id == new_state.org_id:
        stats_apply({before.org_id: diff(old, new)})
        return
    stats_apply(
        stats_changes(
            (before.org_id if before else None, negated(old)),
            (new_state.org_id if new_state else None, new),
        )
    )


def stats_members_updated(pairs: list[tuple[MemberState, Member]]) -> None:
    """Many members were edited in bulk (an import): (state before, member after) each; the
    differences are summed per org and applied once."""
    changes: dict[int, Figures] = {}
    for before, after in pairs:
        for org_id, delta in (
            (before.org_id, negated(_member_figures(before))),
            (after.org_id, _member_figures(member_state(after))),
        ):
            changes.setdefault(org_id, Figures()).update(delta)
    stats_apply(changes)


def stats_event_recorded(event: MembershipEvent) -> None:
    """A 会籍变化 was written: its flows, up to below the lowest common ancestor of the two
    unions of a transfer (`gonghui.members.metrics.flows`)."""
    stats_apply_per_org(flow_deltas([event]))


class MembersMetrics(Provider):
    name = "members"
    metrics = (
        Metric("members", "会员数", choices=(("active", "在会"), ("retained", "保留会籍"))),
        Metric("category", "职工类别", choices=tuple(Category.choices)),
        Metric("gender", "性别", choices=tuple(GENDER_CHOICES)),
        Metric("birth_year", "出生年份"),
        Metric("new_forms", "新就业形态会员"),
        Metric(JOINS, "新入会", monthly=True),
        Metric(TRANSFERS_IN, "转入", monthly=True),
        Metric(TRANSFERS_OUT, "转出", monthly=True),
        Metric(LEAVES, "退会/除名", monthly=True),
    )
    unsummed_prefix = FLOW_PREFIX

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        holding = Member.objects.filter(status__in=HOLDING_STATUSES)
        if org_ids is not None:
            holding = holding.filter(org_id__in=org_ids)
        for row in holding.values("org_id", "status").annotate(n=Count("pk")).order_by():
            yield row["org_id"], "members", "", row["n"]
            yield row["org_id"], f"members.{row['status']}", "", row["n"]
        for row in holding.values("org_id", "category").annotate(n=Count("pk")).order_by():
            yield row["org_id"], f"category.{row['category']}", "", row["n"]
            if row["category"] in NEW_FORMS:
                yield row["org_id"], "new_forms", "", row["n"]
        for row in holding.values("org_id", "gender").annotate(n=Count("pk")).order_by():
            yield row["org_id"], f"gender.{row['gender']}", "", row["n"]
        years = holding.annotate(y=ExtractYear("birth_date")).values("org_id", "y")
        for row in years.annotate(n=Count("pk")).order_by():
            yield row["org_id"], f"birth_year.{row['y'] or 'unknown'}", "", row["n"]

    def count_unsummed(self, path_of: dict[int, str], id_of: dict[str, int]) -> dict[int, Figures]:
        return flow_totals(event_groups(), path_of, id_of)

    def count_unsummed_within(
        self, tree: dict[int, str], ancestors: dict[str, int], *, full_scan: bool, chunk: int
    ) -> dict[int, Figures]:
        return flows_within(tree, ancestors, full_scan=full_scan, chunk=chunk)

    def unsummed_moved(self, *, org_id: int, old_parent_id: int) -> dict[int, Figures]:
        return flows_moved(org_id=org_id, old_parent_id=old_parent_id)


register(MembersMetrics())
