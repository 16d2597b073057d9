"""Base-union sizes that agree with the members the demo registers.

A 基层工会 records its 职工人数 (workers) and the registry holds its members; the reports put
入会率 (members / workers) at 80–90 %. The demo unions are drawn with a long tail of workers
counts (many small employers, a few large ones), but a demo of N members cannot fill the 5,000
employers of a full tree. So:
- `thin_base_unions`: when the demo knows its N, it keeps a random share of the employer unions,
  as many as N members fill at that rate (the demo accounts' unions always stay);
- `match_workers`: once the members are written, each base union's workers count is set from its
  members at a rate of its own, drawn around the reports' figure.
"""

import random
from collections import Counter

from django.db.models import Count

from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org, OrgType

# Unions whose workers count is theirs alone: employers' unions and the federations that
# new-form workers join directly.
COUNTED = (OrgType.BASE, OrgType.FEDERATION)
# 入会率 of each union: uniform in this range (the reports: 80–90 %).
RATE_RANGE = (0.80, 0.92)
# Share of the demo's members that the generator puts in base unions (the rest are in township,
# community, industry unions and federations), measured on `seed_members` output.
BASE_SHARE = 0.83
# Keep below this share of the demo's workers in any one union; the demo accounts' unions,
# which are always kept, below a smaller one.
LARGEST_SHARE = 0.10
KEPT_SHARE = 0.03


def thin_base_unions(
    rng: random.Random, pairs: list[tuple[Org, Org]], members: int, keep_under: tuple[str, ...]
) -> list[tuple[Org, Org]]:
    """Keep each base union of `pairs` with the probability that makes their workers hold about
    `members` members; the first employer union under each township of `keep_under` stays."""
    target = members * BASE_SHARE / (sum(RATE_RANGE) / 2)
    kept: set[int] = set()
    done: set[int] = set()
    for parent, child in pairs:
        if (
            parent.division_code in keep_under
            and parent.org_type == OrgType.TOWNSHIP
            and child.org_type == OrgType.BASE
            and child.unit_nature != "500"
            and id(parent) not in done
        ):
            kept.add(id(child))
            done.add(id(parent))
    bases = [c for _, c in pairs if c.org_type == OrgType.BASE]
    for org in bases:
        share = KEPT_SHARE if id(org) in kept else LARGEST_SHARE
        org.workers_count = min(org.workers_count, max(30, int(target * share)))
    total = sum(org.workers_count for org in bases)
    share = min(1.0, target / total) if total else 1.0
    out = []
    for parent, child in pairs:
        if child.org_type == OrgType.BASE and id(child) not in kept and rng.random() >= share:
            continue
        out.append((parent, child))
    return out


def match_workers(seed: int | str) -> int:
    """Set the workers count of every base union and federation (whose members join it directly)
    from its holding members, at a rate of its own; unions without members keep theirs. Returns
    how many unions changed."""
    rng = random.Random(f"gonghui-demo-workers-{seed}")
    counts = Counter(
        dict(
            Member.objects.filter(status__in=HOLDING_STATUSES, org__org_type__in=COUNTED)
            .values("org")
            .annotate(n=Count("pk"))
            .values_list("org", "n")
        )
    )
    changed = []
    unions = Org.objects.filter(org_type__in=COUNTED).only("pk", "workers_count").order_by("pk")
    for org in unions:
        rate = rng.uniform(*RATE_RANGE)
        members = counts.get(org.pk, 0)
        if not members:
            continue
        workers = max(members, round(members / rate))
        if workers != org.workers_count:
            org.workers_count = workers
            changed.append(org)
    Org.objects.bulk_update(changed, ["workers_count"], batch_size=1000)
    return len(changed)
