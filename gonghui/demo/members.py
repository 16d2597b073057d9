"""Write demo members in bulk: encrypted and hashed like `member_create`, but batched.

`member_create` costs several queries and an audit row per member; a demo of 20,000 members
(or a benchmark of a million) cannot afford that. The rows written here are what the service
would have written: the same ciphertext format, look-up hashes, card number format and an 入会
event (and a 保留 event for retained members); there is no audit row, as no one acted. Then a
share of them transfer or leave (`demo/flows.py`).
"""

from collections import defaultdict
from datetime import date
from itertools import islice

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from gonghui.core import crypto
from gonghui.demo.flows import seed_flows
from gonghui.demo.orgs import short_place
from gonghui.demo.people import Holder, MemberDraft, MemberGenerator
from gonghui.demo.sizes import match_workers
from gonghui.members.codes import HOLDING_STATUSES, ChangeType, MemberStatus
from gonghui.members.idnumber import is_known_region
from gonghui.members.models import Member, MembershipEvent
from gonghui.metrics.services import stats_rollup
from gonghui.orgs.models import MEMBER_HOLDING_TYPES, Org, OrgStatus, OrgType

# 兰州新区 (620171) is no ID-number region: its people are registered in 永登县 or 皋兰县.
# 嘉峪关 has no county level; its townships hang from the city union, so its code 620200 is used.
REGION_OVERRIDES = {"620171": ("620121", "620122"), "620201": ("620200",)}
FEDERATION_TAGS = {"货车司机": "truck", "网约车": "ridehail", "快递": "courier", "外卖": "delivery"}


def region_codes(county: Org | None, city: Org | None) -> tuple[str, ...]:
    """ID-number region codes for people of a county's unions (the city's if none is known)."""
    area = county or city
    if area is None:
        return ("620100",)
    code = area.division_code[:6]
    codes = REGION_OVERRIDES.get(code, (code,))
    known = tuple(c for c in codes if is_known_region(c))
    if known:
        return known
    return (city.division_code[:6],) if city is not None else ("620100",)


def _employer(org: Org) -> str:
    return org.name.removesuffix("工会") if org.org_type == OrgType.BASE else ""


def _pool(org: Org) -> str:
    if org.org_type == OrgType.BASE:
        return "base"
    if org.org_type in (OrgType.TOWNSHIP, OrgType.COMMUNITY):
        return "local"
    if org.org_type == OrgType.INDUSTRY:
        return "industry"
    tag = next((t for word, t in FEDERATION_TAGS.items() if word in org.name), "other")
    return f"federation:{tag}"


def load_holders() -> list[Holder]:
    """Every active union that can take members, with its county's region codes."""
    orgs = list(
        Org.objects.filter(status=OrgStatus.ACTIVE)
        .only("id", "path", "depth", "name", "org_type", "division_code", "workers_count")
        .order_by("path")
    )
    by_path = {org.path: org for org in orgs}
    step = Org.steplen
    holders = []
    regions_cache: dict[tuple[str, str], tuple[str, ...]] = {}
    for org in orgs:
        if org.org_type not in MEMBER_HOLDING_TYPES:
            continue
        city = by_path.get(org.path[: 2 * step]) if org.depth >= 2 else None
        county = by_path.get(org.path[: 3 * step]) if org.depth >= 3 else None
        if county is not None and county.org_type != OrgType.COUNTY:
            county = None
        key = (county.path if county else "", city.path if city else "")
        if key not in regions_cache:
            regions_cache[key] = region_codes(county, city)
        area = county or city
        place = short_place(area.name.removesuffix("总工会")) if area else "甘肃"
        pool = _pool(org)
        weight = (
            max(org.workers_count, 5)
            if pool == "base"
            else (org.workers_count or 200 if pool.startswith("federation") else 200)
        )
        holders.append(
            Holder(
                id=org.pk,
                name=org.name,
                org_type=org.org_type,
                card_prefix=org.county_code,
                regions=regions_cache[key],
                place=place,
                pool=pool,
                weight=weight,
                employer=_employer(org),
            )
        )
    return holders


def member_from_draft(draft: MemberDraft) -> Member:
    return Member(
        org_id=draft.holder.id,
        name=draft.name,
        id_number_enc=crypto.encrypt(draft.id_number),
        id_number_hash=crypto.lookup_hash(draft.id_number),
        phone_enc=crypto.encrypt(draft.phone),
        phone_hash=crypto.lookup_hash(draft.phone),
        gender=draft.gender,
        birth_date=draft.birth_date,
        ethnicity=draft.ethnicity,
        education=draft.education,
        political_status=draft.political_status,
        employment_status=draft.employment_status,
        household_type=draft.household_type,
        tech_level=draft.tech_level,
        job=draft.job,
        employer=draft.employer,
        work_start_year=draft.work_start_year,
        category=draft.category,
        joined_on=draft.joined_on,
        status=draft.status,
        status_changed_on=draft.status_changed_on,
    )


def events_for(member_id: int, draft: MemberDraft) -> list[MembershipEvent]:
    events = [
        MembershipEvent(
            member_id=member_id,
            change_type=ChangeType.JOIN,
            changed_on=draft.joined_on,
            org_id=draft.holder.id,
        )
    ]
    if draft.status == MemberStatus.RETAINED:
        events.append(
            MembershipEvent(
                member_id=member_id,
                change_type=ChangeType.RETAIN,
                changed_on=draft.status_changed_on,
                org_id=draft.holder.id,
                note="退休",
            )
        )
    return events


def seed_members(n: int, seed: int, *, batch_size: int = 2000, today: date | None = None) -> int:
    """Add `n` members. On an empty registry one seed always gives the same people; on a
    non-empty one the stream is shifted and people already holding a membership are skipped."""
    if n <= 0:
        return 0
    holders = load_holders()
    if not holders:
        raise ValueError("no union can take members: load the org tree first")
    existing = Member.objects.count()
    today = today or timezone.localdate()
    generator = MemberGenerator(seed if not existing else f"{seed}+{existing}", today=today)
    taken_ids = taken_phones = frozenset()
    if existing:
        holding = Member.objects.filter(status__in=HOLDING_STATUSES)
        taken_ids = set(holding.values_list("id_number_hash", flat=True))
        taken_phones = set(Member.objects.values_list("phone_hash", flat=True))
    stream = generator.draw(holders)
    written: list[Member] = []
    with transaction.atomic():
        while len(written) < n:
            drafts, members = [], []
            for draft in islice(stream, min(batch_size, n - len(written))):
                member = member_from_draft(draft)
                if member.id_number_hash in taken_ids or member.phone_hash in taken_phones:
                    continue
                drafts.append(draft)
                members.append(member)
            Member.objects.bulk_create(members, batch_size=500)
            _set_card_numbers(members, drafts)
            MembershipEvent.objects.bulk_create(
                [e for m, d in zip(members, drafts, strict=True) for e in events_for(m.pk, d)],
                batch_size=1000,
            )
            written.extend(members)
        seed_flows(written, seed if not existing else f"{seed}+{existing}", today=today)
        match_workers(seed)
        # Bulk rows skip the roll-up hooks: rebuild them (a demo spreads over the whole tree).
        stats_rollup()
    return len(written)


def _set_card_numbers(members: list[Member], drafts: list[MemberDraft]) -> None:
    """会员卡号 = county code + 10-digit id, as `member_create` issues it: one UPDATE per county
    and chunk, computed by the database from the new ids."""
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for member, draft in zip(members, drafts, strict=True):
        by_prefix[draft.holder.card_prefix].append(member.pk)
        member.card_number = f"{draft.holder.card_prefix}{member.pk:010d}"
    for prefix, ids in by_prefix.items():
        for i in range(0, len(ids), 500):
            Member.objects.filter(pk__in=ids[i : i + 500]).update(
                card_number=Concat(
                    Value(prefix),
                    LPad(Cast("id", CharField()), 10, Value("0")),
                    output_field=CharField(),
                )
            )
