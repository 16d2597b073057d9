"""Demo 劳动和技能竞赛, shaped like the reports' (003: "围绕14条重点产业链…组织省级一类竞赛23项、
二类竞赛170多项"; "‘安康杯’竞赛,覆盖企业1.29万个、班组9.23万个"):

- the province's 23 一类 contests along its key industry chains (进行中), and a few 二类;
- 2026年全省职工职业技能大赛 (一类, 评定中, results due) with a qualifier by every city union
  (已表彰): each qualifier's members enter with a trade, are ranked, the best three get a title
  and go on to the final, so the final's chain counts more 人次 than 人;
- a 安康杯 contest with the demo city's base unions and teams;
- one worker's application on the portal waiting for 城关's demo base union (待办).

Rows are written directly (like the other demo data); `seed_demo` then rebuilds the roll-ups and
the 待办 table. Idempotent: nothing is written when the province already hosts a contest.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.competitions.contests.rules import chain_of, level_of
from gonghui.competitions.models import (
    Competition,
    ContestStatus,
    Entry,
    EntryKind,
    EntryStatus,
    Prize,
    Title,
)
from gonghui.demo.accounts import demo_orgs
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member, Team
from gonghui.orgs.models import Org, OrgStatus, OrgType

CHAINS = (
    "石油化工",
    "有色冶金",
    "新能源",
    "新能源装备制造",
    "新材料",
    "数据信息",
    "现代农业（牛羊菜果薯药）",
    "文化旅游",
    "中医中药",
    "生物医药",
    "装备制造",
    "电子信息",
    "现代物流",
    "绿色建材",
)
SKILL_TRADES = ["焊工", "电工", "钳工", "数控车工", "汽车维修工"]
FINAL = "2026年甘肃省职工职业技能大赛"
PER_QUALIFIER = 24
FINALISTS = 3


def _contest(**fields) -> Competition:
    contest = Competition.objects.create(level=level_of(fields["host"]), **fields)
    contest.chain = chain_of(contest)
    contest.save(update_fields=["chain"])
    return contest


def _members(org: Org, n: int, rng: random.Random) -> list[Member]:
    pool = list(
        Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES)
        .select_related("org")
        .order_by("id")[: n * 4]
    )
    rng.shuffle(pool)
    return pool[:n]


def _bases(org: Org, n: int) -> list[Org]:
    return list(
        Org.objects.filter(
            path__startswith=org.path, org_type=OrgType.BASE, status=OrgStatus.ACTIVE
        ).order_by("path")[:n]
    )


@transaction.atomic
def seed_competitions(seed: int = 2026) -> int:
    """Create the demo contests; returns how many entries were written."""
    orgs = demo_orgs()
    province = orgs["province"]
    if province is None or Competition.objects.filter(host=province).exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    year = today.year
    entries: list[Entry] = []

    for n, chain in enumerate(CHAINS + CHAINS[:9]):  # 23 一类
        _contest(
            name=f"{year}年“{chain}”产业链劳动和技能竞赛" + ("" if n < len(CHAINS) else "（二期）"),
            kind="theme",
            contest_class="1",
            host=province,
            industry_chain=chain,
            co_organisers="省发展改革委、省工业和信息化厅、省人力资源社会保障厅",
            starts_on=date(year, 3, 1),
            ends_on=date(year, 11, 30),
            status=ContestStatus.RUNNING,
        )
    for chain in CHAINS[:6]:
        _contest(
            name=f"{year}年{chain}行业“当好主力军”专项竞赛",
            kind="special",
            contest_class="2",
            host=province,
            industry_chain=chain,
            starts_on=date(year, 4, 1),
            ends_on=date(year, 10, 31),
            status=ContestStatus.RUNNING,
        )

    final = _contest(
        name=FINAL,
        kind="skill",
        contest_class="1",
        host=province,
        trades=SKILL_TRADES,
        starts_on=date(year, 5, 1),
        ends_on=today + timedelta(days=20),
        entry_deadline=today - timedelta(days=5),
        results_due=today + timedelta(days=15),
        status=ContestStatus.JUDGING,
        rules="各市州总工会组织选拔赛，每个工种前三名进入全省决赛。",
        prizes="一等奖推荐授予“甘肃省技术能手”称号；二、三等奖授予“甘肃省技术标兵”称号。",
    )
    cities = Org.objects.filter(depth=2, org_type=OrgType.CITY, status=OrgStatus.ACTIVE).order_by(
        "path"
    )
    for city in cities:
        qualifier = _contest(
            name=f"{FINAL}{city.short_name or city.name.removesuffix('总工会')}选拔赛",
            kind="skill",
            contest_class="2",
            host=city,
            parent=final,
            trades=SKILL_TRADES,
            starts_on=date(year, 5, 1),
            ends_on=date(year, 6, 30),
            status=ContestStatus.AWARDED,
        )
        people = _members(city, PER_QUALIFIER, rng)
        for unit in _bases(city, 6):
            entries.append(Entry(competition=qualifier, kind=EntryKind.UNIT, org=unit))
        for rank, member in enumerate(people, start=1):
            trade = SKILL_TRADES[rank % len(SKILL_TRADES)]
            top = rank <= FINALISTS
            entries.append(
                Entry(
                    competition=qualifier,
                    kind=EntryKind.MEMBER,
                    org=member.org,
                    member=member,
                    trade=trade,
                    score=round(98 - rank * 1.3 + rng.random(), 2),
                    rank=rank,
                    prize=Prize.FIRST if rank == 1 else Prize.SECOND if top else "",
                    title=Title.TECH_MODEL if top else "",
                )
            )
            if top:
                entries.append(
                    Entry(
                        competition=final,
                        kind=EntryKind.MEMBER,
                        org=member.org,
                        member=member,
                        trade=trade,
                    )
                )

    ankang = _contest(
        name=f"{year}年全省“安康杯”竞赛",
        kind="ankang",
        contest_class="1",
        host=province,
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        status=ContestStatus.RUNNING,
    )
    if orgs["lanzhou"] is not None:
        for unit in _bases(orgs["lanzhou"], 40):
            entries.append(Entry(competition=ankang, kind=EntryKind.UNIT, org=unit))
    for team in Team.objects.filter(active=True).select_related("org")[:20]:
        entries.append(Entry(competition=ankang, kind=EntryKind.TEAM, org=team.org, team=team))

    # A 城关 qualifier still enrolling, with one online application waiting for its union.
    if orgs["lanzhou"] is not None and orgs["street_base"] is not None:
        open_contest = _contest(
            name=f"{year}年兰州市快递员、外卖配送员技能竞赛",
            kind="skill",
            contest_class="3",
            host=orgs["lanzhou"],
            trades=["快递员", "网约配送员"],
            starts_on=today + timedelta(days=30),
            ends_on=today + timedelta(days=45),
            entry_deadline=today + timedelta(days=20),
            status=ContestStatus.ENROLLING,
        )
        applicant = _members(orgs["street_base"], 1, rng)
        if applicant:
            entries.append(
                Entry(
                    competition=open_contest,
                    kind=EntryKind.MEMBER,
                    org=applicant[0].org,
                    member=applicant[0],
                    trade="网约配送员",
                    status=EntryStatus.PENDING,
                    applied_online=True,
                )
            )
    Entry.objects.bulk_create(entries)
    return len(entries)
