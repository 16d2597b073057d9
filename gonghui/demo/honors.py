"""Demo honor rounds: the Gansu catalogue; a finished 2024 省五一劳动奖章 round (decision
甘总工发〔2024〕12号, its honorees in the registry); an open 2026 round of 省五一劳动奖状/奖章/
工人先锋号 with the reports' places (46/239/170), split to 兰州 and 城关, and nominations waiting
at 城关 and 兰州. Written once (idempotent by the rounds' titles)."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.demo.accounts import demo_orgs
from gonghui.honors.models import (
    Honor,
    Honoree,
    HonorType,
    Nomination,
    NominationStatus,
    Quota,
    ReviewAction,
    ReviewStep,
    Round,
    RoundStatus,
)
from gonghui.honors.models.honorees import HonorSource
from gonghui.honors.rounds.catalogue import load_catalogue
from gonghui.honors.rounds.services import (
    nominate,
    nomination_approve,
    nomination_return,
    quota_set,
    round_open,
)
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import OrgType

ROUND_2024 = "2024年甘肃省五一劳动奖章评选"
ROUND_2026 = "2026年甘肃省五一劳动奖状、奖章和工人先锋号评选"
DEEDS = (
    "扎根生产一线二十余年，牵头攻克关键工序技术难题{n}项，带出徒弟三十余名。",
    "主持技术革新{n}项，年节约成本200余万元，获国家实用新型专利。",
    "在重点工程建设中带领班组连续{n}年安全生产无事故，提前完成节点任务。",
)


def _members(org, count: int, offset: int = 0) -> list[Member]:
    return list(
        Member.objects.filter(org__path__startswith=org.path, status=MemberStatus.ACTIVE)
        .exclude(org__org_type=OrgType.TOWNSHIP)
        .order_by("id")[offset : offset + count]
    )


@transaction.atomic
def _finished_2024(province, medal: HonorType, members: list[Member], actor: User) -> int:
    rnd = Round.objects.create(
        org=province,
        title=ROUND_2024,
        year=2024,
        status=RoundStatus.DECIDED,
        publicity_days=5,
        publicity_from=date(2024, 3, 18),
        publicity_until=date(2024, 3, 22),
        decision_no="甘总工发〔2024〕12号",
        decided_on=date(2024, 4, 26),
        created_by=actor,
    )
    # Opened in January 2024: the nominations' statistics count in the month a round opened.
    Round.objects.filter(pk=rnd.pk).update(
        created_at=timezone.make_aware(datetime(2024, 1, 15, 9, 0))
    )
    rnd.honor_types.set([medal])
    Quota.objects.create(round=rnd, honor_type=medal, org=province, places=239)
    for seq, m in enumerate(members, start=1):
        n = Nomination.objects.create(
            round=rnd,
            honor_type=medal,
            subject=medal.subject,
            org=m.org,
            holder=province,
            status=NominationStatus.AWARDED,
            member=m,
            nominee_key=f"p:{m.id_number_hash}",
            name=m.name,
            gender=m.gender,
            employer=m.employer or m.org.name,
            post=m.job or "技术工人",
            front_line=True,
            deeds=DEEDS[seq % 3].format(n=seq + 2),
            certificate_no=f"2024-{rnd.pk:04d}-{seq:04d}",
            created_by=actor,
        )
        ReviewStep.objects.create(
            nomination=n, action=ReviewAction.APPROVE, org=province, actor=actor
        )
        honoree = Honoree.objects.filter(id_number_hash=m.id_number_hash).first()
        if honoree is None:
            honoree = Honoree.objects.create(
                subject=medal.subject,
                name=m.name,
                member=m,
                org=m.org,
                gender=m.gender,
                birth_date=m.birth_date,
                id_number_enc=m.id_number_enc,
                id_number_hash=m.id_number_hash,
                phone_enc=m.phone_enc,
                employer=n.employer,
                post=n.post,
            )
        Honor.objects.create(
            honoree=honoree,
            honor_type=medal,
            year=2024,
            decision_no=rnd.decision_no,
            decided_on=rnd.decided_on,
            certificate_no=n.certificate_no,
            source=HonorSource.DECISION,
            nomination_id=n.pk,
        )
    return len(members)


def _open_2026(orgs, types: dict[str, HonorType], members: list[Member]) -> int:
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["prov_admin", "lz_admin", "cg_admin", "base_admin"]
        )
    }
    if len(users) < 4:
        return 0
    award, medal, vanguard = (
        types["gansu-may1-award"],
        types["gansu-may1-medal"],
        types["gansu-vanguard"],
    )
    today = timezone.localdate()
    rnd = round_open(
        actor=users["prov_admin"],
        title=ROUND_2026,
        year=2026,
        quotas={award: 46, medal: 239, vanguard: 170},
        deadlines={
            "base": today + timedelta(days=20),
            "county": today + timedelta(days=30),
            "city": today + timedelta(days=40),
            "province": today + timedelta(days=55),
        },
        ratio=1.2,
        front_line_pct=85,
        new_form_min=7,
    )
    quota_set(
        actor=users["prov_admin"], round=rnd, honor_type=medal, org=orgs["lanzhou"], places=48
    )
    quota_set(actor=users["prov_admin"], round=rnd, honor_type=award, org=orgs["lanzhou"], places=9)
    quota_set(
        actor=users["lz_admin"], round=rnd, honor_type=medal, org=orgs["chengguan"], places=12
    )
    made = []
    for i, m in enumerate(members):
        made.append(
            nominate(
                actor=users["base_admin"],
                round=rnd,
                honor_type=medal,
                member=m,
                post=m.job or "一线职工",
                front_line=i != 2,
                new_form=i == 1,
                deeds=DEEDS[i % 3].format(n=i + 3),
                votes_for=40 + i,
                votes_total=45 + i,
            )
        )
    if len(made) >= 3:
        nomination_approve(actor=users["cg_admin"], nomination=made[0])
        nomination_approve(actor=users["cg_admin"], nomination=made[1])
        nomination_return(
            actor=users["lz_admin"], nomination=made[1], reason="请补充近三年获奖证明材料。"
        )
    return len(made)


def seed_honors() -> int:
    """The catalogue and the two rounds; the number of nominations written (0 if there)."""
    orgs = demo_orgs()
    province = orgs["province"]
    if province is None:
        return 0
    load_catalogue(province)
    if Round.objects.filter(title__in=[ROUND_2024, ROUND_2026]).exists():
        return 0
    types = {t.code: t for t in HonorType.objects.all()}
    actor = User.objects.filter(username="prov_admin").first()
    if actor is None or orgs["street_base"] is None:
        return 0
    written = _finished_2024(
        province, types["gansu-may1-medal"], _members(orgs["lanzhou"], 8, 50), actor
    )
    return written + _open_2026(orgs, types, _members(orgs["street_base"], 4))
