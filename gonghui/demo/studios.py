"""Demo innovation studios (创新工作室), scaled from the Gansu figures ("劳模创新工作室1087个",
"为省级示范性劳模创新工作室下拨创新研发经费396万元") to the demo's unions, about 1 in 50:

- 甘肃省总工会's 2024 batch (省级 and 省级示范) and 兰州市总工会's 2024 batch (市级): 22 studios
  named in April 2024 in 兰州's employer unions, each with the results of 2024 and 2025;
- one under a 回头看 (兰州, due in a month) and one 整改中;
- 兰州市总工会's open 2026 batch with applications at each step: a draft, one at the street's
  union, one at the county, one returned.

Written once (nothing when a batch exists). Rows are written directly, as a loader would;
`seed_demo` rebuilds the roll-ups and the 待办 afterwards.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.competitions.models.studios import (
    PlaqueStatus,
    ReviewResult,
    Studio,
    StudioBatch,
    StudioKind,
    StudioLevel,
    StudioReport,
    StudioReview,
    StudioStatus,
)
from gonghui.demo.accounts import demo_orgs
from gonghui.members.models import Member
from gonghui.orgs.models import MEMBER_HOLDING_TYPES, Org, OrgStatus

NAMED_ON = date(2024, 4, 28)
REPORT_YEARS = (2024, 2025)
NAMED = 22
# Studio names: the lead's surname + a trade.
TRADES = (
    "焊接",
    "数控加工",
    "电气自动化",
    "石油化工",
    "铁路信号",
    "输变电检修",
    "隧道施工",
    "冶金",
    "装备制造",
    "供热节能",
    "桥梁养护",
    "中药炮制",
    "电力调度",
    "机车检修",
)
LEVELS = [StudioLevel.PROVINCE_DEMO] * 2 + [StudioLevel.PROVINCE] * 6 + [StudioLevel.CITY] * 14
KINDS = (StudioKind.MODEL_WORKER, StudioKind.CRAFTSMAN, StudioKind.WORKER, StudioKind.TEAM)


def _units(city: Org) -> list[Org]:
    return list(
        Org.objects.filter(
            path__startswith=city.path,
            org_type__in=MEMBER_HOLDING_TYPES,
            status=OrgStatus.ACTIVE,
        ).order_by("path")
    )


def _lead(unit: Org) -> Member | None:
    return Member.objects.filter(org=unit).order_by("pk").first()


def _report(rng: random.Random, studio: Studio, year: int, demo_level: bool) -> StudioReport:
    benefit = Decimal(rng.randint(2000, 80000)) / 100
    return StudioReport(
        studio=studio,
        year=year,
        projects=rng.randint(3, 15),
        patents=rng.randint(0, 5),
        methods=rng.randint(0, 3),
        benefit=benefit,
        trained=rng.randint(10, 60),
        funds_received=Decimal(rng.choice((15, 20, 30)) if demo_level else rng.randint(0, 10)),
        funds_matched=Decimal(rng.randint(20, 400)),
    )


@transaction.atomic
def seed_studios(seed: int = 7) -> int:
    """Create the demo batches, studios and results; returns the number of studios."""
    if StudioBatch.objects.exists():
        return 0
    orgs = demo_orgs()
    province, lanzhou = orgs["province"], orgs["lanzhou"]
    if province is None or lanzhou is None:
        return 0
    rng = random.Random(seed)
    units = [(unit, lead) for unit in _units(lanzhou) if (lead := _lead(unit)) is not None]
    if len(units) < NAMED + 4:
        return 0
    rng.shuffle(units)
    # The applications to the open batch come from 城关区 where it has enough units, so that
    # cg_admin has one to review; the named studios from the others.
    chengguan = orgs["chengguan"]
    local = [u for u in units if chengguan is not None and u[0].path.startswith(chengguan.path)]
    applying = local[:4] if len(local) >= 4 else units[-4:]
    units = [u for u in units if u not in applying]
    province_batch = StudioBatch.objects.create(
        name="甘肃省2024年劳模和工匠人才创新工作室命名",
        org=province,
        level=StudioLevel.PROVINCE,
        year=2024,
        deadline=date(2024, 3, 31),
        notice="各市州总工会：请组织推荐本地区省级劳模和工匠人才创新工作室。",
    )
    city_batch = StudioBatch.objects.create(
        name="兰州市第三批劳模创新工作室创建",
        org=lanzhou,
        level=StudioLevel.CITY,
        year=2024,
        deadline=date(2024, 3, 31),
    )
    today = timezone.localdate()
    open_batch = StudioBatch.objects.create(
        name=f"兰州市第四批劳模创新工作室创建（{today.year}年）",
        org=lanzhou,
        level=StudioLevel.CITY,
        year=today.year,
        deadline=today + timedelta(days=45),
        notice="各县区总工会：请于截止日期前组织基层工会申报，逐级审核推荐。",
    )
    studios = []
    for n, (unit, lead) in enumerate(units[:NAMED]):
        level = LEVELS[n % len(LEVELS)]
        studios.append(
            Studio(
                name=f"{lead.name[0]}{rng.choice(TRADES)}劳模创新工作室",
                kind=KINDS[n % len(KINDS)],
                lead=lead,
                org=unit,
                batch=province_batch if level != StudioLevel.CITY else city_batch,
                level=level,
                status=StudioStatus.NAMED,
                named_on=NAMED_ON,
                plaque=PlaqueStatus.HUNG if n % 5 else PlaqueStatus.PENDING,
                alliance="兰州市劳模工匠创新工作室联盟" if n % 3 == 0 else "",
                next_report_year=REPORT_YEARS[-1] + 1,
            )
        )
    # Names are unique per batch: add the unit's name where two leads share surname and trade.
    seen = set()
    for studio in studios:
        if (studio.batch.pk, studio.name) in seen:
            studio.name = f"{studio.org.name[:10]}{studio.name}"
        seen.add((studio.batch.pk, studio.name))
    Studio.objects.bulk_create(studios)
    # Two or three members of the host unit besides the lead.
    for n, studio in enumerate(studios):
        others = Member.objects.filter(org=studio.org).exclude(pk=studio.lead_id).order_by("pk")
        studio.members.add(*others[: 2 + n % 2])
    StudioReport.objects.bulk_create(
        _report(rng, s, year, s.level == StudioLevel.PROVINCE_DEMO)
        for s in studios
        for year in REPORT_YEARS
    )
    under_review, rectifying = studios[-1], studios[-2]
    under_review.review_deadline = today + timedelta(days=30)
    under_review.save(update_fields=["review_deadline"])
    rectifying.status = StudioStatus.RECTIFYING
    rectifying.review_deadline = today + timedelta(days=120)
    rectifying.save(update_fields=["status", "review_deadline"])
    StudioReview.objects.create(
        studio=rectifying,
        org=lanzhou,
        result=ReviewResult.RECTIFY,
        reason="2025年度成果偏少，创新项目未达创建标准，限期半年整改。",
        decided_on=today - timedelta(days=60),
    )
    # Applications to the open batch, one at each step.
    steps = []
    for n, (unit, lead) in enumerate(applying):
        parents = list(
            Org.objects.filter(
                path__in=[unit.path[:end] for end in range(4, len(unit.path), 4)]
            ).order_by("depth")
        )
        status, at_org, reason = [
            (StudioStatus.DRAFT, None, ""),
            (StudioStatus.SUBMITTED, parents[-1], ""),
            (StudioStatus.SUBMITTED, parents[-2] if len(parents) > 2 else parents[-1], ""),
            (StudioStatus.RETURNED, None, "请补充近两年技术攻关成果的证明材料。"),
        ][n]
        steps.append(
            Studio(
                name=f"{lead.name[0]}{TRADES[n]}职工创新工作室",
                kind=StudioKind.WORKER,
                lead=lead,
                org=unit,
                batch=open_batch,
                level=StudioLevel.CITY,
                status=status,
                at_org=at_org,
                return_reason=reason,
            )
        )
    Studio.objects.bulk_create(steps)
    return len(studios) + len(steps)
