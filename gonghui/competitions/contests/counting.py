"""Counting as the reports count (规格 1 §10–11):

- 项: contests (the contest and every sub-contest below it in the chain);
- 个次: unit entries, one per unit per contest (a unit in a qualifier and the final counts twice);
- 人次: person entries, one per member entry in each contest of the chain;
- 人: distinct persons across the chain.

Only confirmed entries count.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from gonghui.competitions.models import Competition, Entry, EntryKind, EntryStatus


@dataclass(frozen=True)
class Counts:
    contests: int
    unit_entries: int
    person_entries: int
    persons: int


def count_entries(contests: QuerySet[Competition]) -> Counts:
    entries = Entry.objects.filter(competition__in=contests, status=EntryStatus.CONFIRMED)
    members = entries.filter(kind=EntryKind.MEMBER)
    return Counts(
        contests=contests.count(),
        unit_entries=entries.filter(kind=EntryKind.UNIT).count(),
        person_entries=members.count(),
        persons=members.values("member_id").distinct().count(),
    )


def chain_counts(contest: Competition) -> Counts:
    """The contest and its sub-contests, however deep."""
    return count_entries(Competition.objects.filter(chain__startswith=contest.chain))
