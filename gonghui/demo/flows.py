"""Membership flows for the demo: some members move to another union, some leave.

The dashboards split 新入会, 转入, 转出 and 退会/除名; a demo of joins only shows zeros there and a
净增 equal to 新入会. Over the last 18 months about 1.5 % of the demo's members transfer to
another base union (most within their county, some to another county or city) and about 2 %
leave (退会, a few 除名), on dates spread over the months, after the member's join date (and
status date) and before today. The members of the demo accounts' unions always take part.

They are written as the member services write them (`transfer_approve`, `member_leave`,
`member_expel`): the member's union, status and status date, a 转出 event at the sending union
whose `other_org` is the receiving one and a 转入 event at the receiving one, a 退会/除名 event
with a `ChangeReason` (and a note for 除名). Like the joins, they are written in bulk, without
audit rows or 转会 requests (no one acted), and the caller rebuilds the roll-ups.
"""

import random
from bisect import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from gonghui.demo.accounts import demo_orgs
from gonghui.members.codes import ChangeReason, ChangeType, MemberStatus
from gonghui.members.models import Member, MembershipEvent
from gonghui.orgs.models import Org, OrgStatus, OrgType

WINDOW_DAYS = 540  # about 18 months
TRANSFER_SHARE = 0.015
LEAVE_SHARE = 0.02
EXPEL_EVERY = 16  # one leave in 16 is a 除名
# Where a transfer goes, as the depth of the ancestor it stays under: the county (3), the city
# (2), the province (0).
TRANSFER_SCOPES = ((3, 70), (2, 20), (0, 10))
TRANSFER_REASONS = (
    (ChangeReason.RELATION_CHANGED, 85),
    (ChangeReason.BANKRUPT, 8),
    (ChangeReason.LAID_OFF, 7),
)
LEAVE_REASONS = (
    (ChangeReason.PERSONAL, 40),
    (ChangeReason.RELATION_CHANGED, 30),
    (ChangeReason.UNEMPLOYED, 12),
    (ChangeReason.BANKRUPT, 10),
    (ChangeReason.LAID_OFF, 8),
)
EXPEL_NOTES = ("因犯罪被判处刑罚，依照工会章程除名", "严重违反工会章程，经会员大会讨论除名")
# A union keeps at least this many members: the demo's small unions are not emptied.
KEEP_AT_LEAST = 3
# Members of each demo account union that surely leave, and that go to the other demo union.
DEMO_LEAVES = 2
DEMO_TRANSFERS = 1


@dataclass
class Flows:
    transfers: int = 0
    leaves: int = 0


class _Bases:
    """The active base unions, by county and by city, drawn by their workers count."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        step = Org.steplen
        rows = Org.objects.filter(org_type=OrgType.BASE, status=OrgStatus.ACTIVE).values_list(
            "pk", "path", "workers_count"
        )
        grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for pk, path, workers in rows:
            for key in ("", path[: 2 * step], path[: 3 * step]):
                grouped[key].append((pk, max(workers, 5)))
        # key → (union ids, cumulative weights, position of each id)
        self.groups = {
            key: (
                [pk for pk, _ in unions],
                list(accumulate(w for _, w in unions)),
                {pk: i for i, (pk, _) in enumerate(unions)},
            )
            for key, unions in grouped.items()
        }

    def draw(self, area: str, *, avoid: int) -> int | None:
        """A union under the org at path `area` (all of them for ""), other than `avoid`."""
        pks, cumulative, position = self.groups.get(area, ((), (), {}))
        i = position.get(avoid)
        if len(pks) - (i is not None) < 1:
            return None
        # Draw over the other unions' weights: the interval of `avoid` is skipped.
        if i is None:
            start = skipped = 0
        else:
            start = cumulative[i - 1] if i else 0
            skipped = cumulative[i] - start
        r = self.rng.random() * (cumulative[-1] - skipped)
        if skipped and r >= start:
            r += skipped
        return pks[bisect(cumulative, r)]


def _pick(rng: random.Random, weighted: tuple):
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


class _Changes:
    """The members changed and the events written, as the member services would write them."""

    def __init__(self, rng: random.Random, members: list[Member]):
        self.rng = rng
        self.holding = Counter(m.org_id for m in members)
        self.members: list[Member] = []
        self.events: list[MembershipEvent] = []
        self.flows = Flows()

    def can_lose(self, member: Member) -> bool:
        return self.holding[member.org_id] > KEEP_AT_LEAST

    def leave(self, member: Member, on: date) -> None:
        expel = self.flows.leaves % EXPEL_EVERY == EXPEL_EVERY // 2
        self.events.append(
            MembershipEvent(
                member_id=member.pk,
                change_type=ChangeType.EXPEL if expel else ChangeType.LEAVE,
                changed_on=on,
                org_id=member.org_id,
                reason=ChangeReason.CRIME if expel else _pick(self.rng, LEAVE_REASONS),
                note=self.rng.choice(EXPEL_NOTES) if expel else "",
            )
        )
        self.holding[member.org_id] -= 1
        member.status = MemberStatus.EXPELLED if expel else MemberStatus.LEFT
        self._changed(member, on)
        self.flows.leaves += 1

    def transfer(self, member: Member, to: int, on: date) -> None:
        reason = _pick(self.rng, TRANSFER_REASONS)
        for change_type, org, other in (
            (ChangeType.TRANSFER_OUT, member.org_id, to),
            (ChangeType.TRANSFER_IN, to, member.org_id),
        ):
            self.events.append(
                MembershipEvent(
                    member_id=member.pk,
                    change_type=change_type,
                    changed_on=on,
                    org_id=org,
                    other_org_id=other,
                    reason=reason,
                )
            )
        self.holding[member.org_id] -= 1
        self.holding[to] += 1
        member.org_id = to
        self._changed(member, on)
        self.flows.transfers += 1

    def _changed(self, member: Member, on: date) -> None:
        member.status_changed_on = on
        self.members.append(member)

    def save(self) -> None:
        Member.objects.bulk_update(
            self.members, ["org", "status", "status_changed_on"], batch_size=500
        )
        MembershipEvent.objects.bulk_create(self.events, batch_size=1000)


def seed_flows(members: list[Member], seed: int | str, *, today: date) -> Flows:
    """Transfer and remove a share of `members` (just written, with their ids); returns how
    many."""
    rng = random.Random(f"gonghui-demo-flows-{seed}")
    start = today - timedelta(days=WINDOW_DAYS)
    last = today - timedelta(days=1)

    def date_after(member: Member) -> date | None:
        low = max(start, member.status_changed_on, member.joined_on) + timedelta(days=1)
        if low > last:
            return None
        return low + timedelta(days=rng.randrange((last - low).days + 1))

    paths = dict(Org.objects.filter(pk__in={m.org_id for m in members}).values_list("pk", "path"))
    bases = _Bases(rng)
    changes = _Changes(rng, members)
    # Members in 保留会籍 (retired) stay as they are.
    candidates = [m for m in members if m.status == MemberStatus.ACTIVE]
    rng.shuffle(candidates)
    done: set[int] = set()

    # The demo accounts' two unions, in two counties: a few of their members leave, and one of
    # each goes to the other, so that their screens show every flow at any size of the demo.
    demo = demo_orgs()
    pair = [demo[k].pk for k in ("street_base", "qilihe_base") if demo.get(k) is not None]
    theirs = {org_id: [m for m in candidates if m.org_id == org_id] for org_id in pair}
    for org_id, mine in theirs.items():
        leaves = transfers = 0
        for member in mine:
            on = date_after(member)
            if on is None or not changes.can_lose(member):
                continue
            if leaves < DEMO_LEAVES:
                changes.leave(member, on)
                leaves += 1
            elif len(pair) == 2:
                changes.transfer(member, pair[1 - pair.index(org_id)], on)
                transfers += 1
            else:
                continue
            done.add(member.pk)
            if transfers >= DEMO_TRANSFERS:
                break

    want_leaves = round(len(members) * LEAVE_SHARE)
    want_transfers = round(len(members) * TRANSFER_SHARE)
    leave_odds = LEAVE_SHARE / (LEAVE_SHARE + TRANSFER_SHARE)
    depth = None
    for member in candidates:
        flows = changes.flows
        if flows.leaves >= want_leaves and flows.transfers >= want_transfers:
            break
        if member.pk in done or not changes.can_lose(member):
            continue
        on = date_after(member)
        if on is None:
            continue
        if flows.leaves < want_leaves and (
            flows.transfers >= want_transfers or rng.random() < leave_odds
        ):
            changes.leave(member, on)
        else:
            # Where the county (or city) has no other union, the next member goes as far.
            depth = depth if depth is not None else _pick(rng, TRANSFER_SCOPES)
            to = bases.draw(paths[member.org_id][: depth * Org.steplen], avoid=member.org_id)
            if to is not None:
                changes.transfer(member, to, on)
                depth = None
    changes.save()
    return changes.flows
