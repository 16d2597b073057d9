"""Demo 班组 and 疗休养.

Teams: three in the demo base union of 城关 (焊接一班, 检修车间, 安装项目部) with a leader and
members of that union.

疗休养, on the scale of 003 ("省总工会开展劳模、技能人才、驻村干部疗休养22批次、5346人") divided by
about ten: six bases of Gansu (省级 plaques like 青海's "24个省级劳模疗休养基地"); the province's
2025 plan with 8 batches already travelled (24 people each, 劳模 / 技能人才 / 驻村干部 / 一线职工);
its 2026 plan with 2 batches ahead, places split between 兰州 and the other cities, some people
put forward by 城关 (推荐/报名, a 待办 of 省总) and some confirmed. Written once (by the plans'
titles).
"""

from datetime import date, timedelta
from itertools import islice

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.demo.accounts import demo_orgs
from gonghui.members.codes import HOLDING_STATUSES, MemberStatus
from gonghui.members.models import Member, Team, TeamKind
from gonghui.members.teams.services import team_add_member, team_create
from gonghui.orgs.models import Org, OrgType
from gonghui.recuperation.models import (
    BaseLevel,
    Batch,
    Category,
    Participant,
    ParticipantStatus,
    Plan,
    Resort,
)
from gonghui.recuperation.services import (
    add_participant,
    batch_create,
    batch_set_quotas,
    participant_confirm,
    plan_create,
    resort_create,
)

TEAMS = (
    ("焊接一班", TeamKind.TEAM, 8),
    ("检修车间", TeamKind.WORKSHOP, 12),
    ("安装项目部", TeamKind.PROJECT, 6),
)
RESORTS = (
    ("天水麦积山劳模疗休养基地", "天水市麦积区", BaseLevel.PROVINCE, True),
    ("张掖丹霞职工疗休养基地", "张掖市临泽县", BaseLevel.PROVINCE, True),
    ("敦煌劳模疗休养基地", "酒泉市敦煌市", BaseLevel.PROVINCE, True),
    ("甘南冶力关职工疗休养基地", "甘南州临潭县", BaseLevel.PROVINCE, True),
    ("平凉崆峒山职工疗休养基地", "平凉市崆峒区", BaseLevel.CITY, True),
    ("兰州兴隆山职工疗休养基地", "兰州市榆中县", BaseLevel.CITY, False),
)
PAST_PLAN = (2025, "劳模、技能人才、驻村干部疗休养")
NEXT_PLAN = (2026, "劳模工匠疗休养")
PAST_BATCHES = 8
PAST_PER_BATCH = 24
CATEGORIES = (
    Category.MODEL_WORKER,
    Category.SKILLED,
    Category.MODEL_WORKER,
    Category.VILLAGE_CADRE,
    Category.FRONTLINE,
)


def _team_union(orgs) -> Org | None:
    """The demo base union of 城关's demo street when it has people, else 城关's fullest."""
    candidates = [orgs.get("street_base")]
    if orgs.get("chengguan") is not None:
        candidates.append(
            Org.objects.filter(path__startswith=orgs["chengguan"].path, org_type=OrgType.BASE)
            .annotate(n=Count("members", filter=Q(members__status=MemberStatus.ACTIVE)))
            .order_by("-n", "path")
            .first()
        )
    for org in candidates:
        if (
            org is not None
            and Member.objects.filter(org=org, status=MemberStatus.ACTIVE).count() >= 2
        ):
            return org
    return None


def _seed_teams(orgs, admin: User) -> int:
    base = _team_union(orgs)
    if base is None or Team.objects.filter(org__path__startswith=orgs["chengguan"].path).exists():
        return 0
    members = list(Member.objects.filter(org=base, status=MemberStatus.ACTIVE).order_by("id")[:40])
    pool = iter(members)
    made = 0
    for name, kind, size in TEAMS:
        people = list(islice(pool, size))
        if not people:
            break
        team = team_create(actor=admin, org=base, name=name, kind=kind, leader=people[0])
        for member in people[1:]:
            team_add_member(actor=admin, team=team, member=member, role="")
        made += 1
    return made


def _past_batches(plan: Plan, resorts: list[Resort], people: list[Member], admin: User) -> None:
    """2025's batches, travelled: written directly (the services refuse a past departure);
    `seed_demo` rebuilds the roll-ups afterwards."""
    start = date(2025, 4, 14)
    size = min(PAST_PER_BATCH, len(people))  # distinct people in a batch
    for n in range(PAST_BATCHES):
        begin = start + timedelta(weeks=3 * n)
        offset = (n * size) % len(people)
        chosen = (people[offset:] + people[:offset])[:size]
        batch = Batch.objects.create(
            plan=plan,
            resort=resorts[n % len(resorts)],
            name=f"2025年第{n + 1}批",
            route="兰州—" + resorts[n % len(resorts)].place,
            start_on=begin,
            end_on=begin + timedelta(days=6),
            places=PAST_PER_BATCH,
            taken=size,
        )
        rows = []
        for i, member in enumerate(chosen):
            rows.append(
                Participant(
                    batch=batch,
                    org_id=member.org_id,
                    member=member,
                    name=member.name,
                    id_number_enc=member.id_number_enc,
                    id_number_hash=member.id_number_hash,
                    category=CATEGORIES[(n + i) % len(CATEGORIES)],
                    status=ParticipantStatus.COMPLETED,
                    created_by=admin,
                    decided_at=timezone.now(),
                )
            )
        Participant.objects.bulk_create(rows)


def _next_batches(plan: Plan, resorts, orgs, people, admin: User, cg_admin: User) -> None:
    today = timezone.localdate()
    others = list(
        Org.objects.filter(depth=orgs["province"].depth + 1, path__startswith=orgs["province"].path)
        .exclude(pk=orgs["lanzhou"].pk)
        .order_by("path")[:3]
    )
    for n, (days, places) in enumerate(((21, 30), (45, 30))):
        begin = today + timedelta(days=days)
        batch = batch_create(
            actor=admin,
            plan=plan,
            name=f"2026年第{n + 1}批",
            resort=resorts[n],
            route="兰州—" + resorts[n].place,
            start_on=begin,
            end_on=begin + timedelta(days=6),
            places=places,
        )
        quotas = {orgs["lanzhou"]: 18, **{org: 4 for org in others}}
        batch_set_quotas(actor=admin, batch=batch, quotas=quotas)
        for i, member in enumerate(people[n * 8 : n * 8 + 8]):
            p = add_participant(
                actor=cg_admin,
                batch=batch,
                member=member,
                category=CATEGORIES[i % len(CATEGORIES)],
            )
            if i < 3 and n == 0:
                participant_confirm(actor=admin, participant=p)
    # One honoree who is not in the registry, as honors will put forward.
    add_participant(
        actor=cg_admin,
        batch=Batch.objects.filter(plan=plan).order_by("start_on").first(),
        name="马占林",
        id_number="620102195203150030",
        category=Category.MODEL_WORKER,
        source_ref="demo:honoree:1",
    )


@transaction.atomic
def seed_recuperation() -> tuple[int, int, int]:
    """(teams, batches, participants) created; nothing when the plans exist already."""
    orgs = demo_orgs()
    admin = User.objects.filter(username="prov_admin").first()
    cg_admin = User.objects.filter(username="cg_admin").first()
    if admin is None or cg_admin is None or orgs.get("province") is None:
        return 0, 0, 0
    teams = _seed_teams(orgs, cg_admin)
    province = orgs["province"]
    if Plan.objects.filter(org=province, title__in=[PAST_PLAN[1], NEXT_PLAN[1]]).exists():
        return teams, 0, 0
    resorts = [
        Resort.objects.filter(name=name).first()
        or resort_create(
            actor=admin, org=province, name=name, place=place, level=level, plaque=plaque
        )
        for name, place, level, plaque in RESORTS
    ]
    people = list(
        Member.objects.filter(
            org__path__startswith=orgs["chengguan"].path, status__in=HOLDING_STATUSES
        ).order_by("id")[:120]
    )
    if not people:
        return teams, 0, 0
    past = plan_create(actor=admin, org=province, year=PAST_PLAN[0], title=PAST_PLAN[1])
    _past_batches(past, resorts, people, admin)
    upcoming = plan_create(actor=admin, org=province, year=NEXT_PLAN[0], title=NEXT_PLAN[1])
    _next_batches(upcoming, resorts, orgs, people[-20:], admin, cg_admin)
    plans = [past, upcoming]
    return (
        teams,
        Batch.objects.filter(plan__in=plans).count(),
        Participant.objects.filter(batch__plan__in=plans).count(),
    )
