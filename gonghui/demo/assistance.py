"""Demo hardship assistance: 低保 lines, a few hundred archives in every state with their
households, help measures, aid records, and one 送温暖 campaign with allocations and payments.

Written in bulk like the demo members (no audit rows: no one acted); the roll-ups are rebuilt by
`stats_rollup()`, which `seed_demo` runs after all demo loaders. Deterministic for a seed.
By default a few households per thousand members (the federation reports' proportion) are
drawn at random over the province; each obeys the application's rules (`households.py`).
"""

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import (
    AidForm,
    ArchiveStatus,
    CampaignKind,
    Channel,
    FundSource,
    Measure,
    Relation,
)
from gonghui.assistance.models import (
    AidRecord,
    Allocation,
    Archive,
    ArchiveReview,
    Campaign,
    CampaignPayment,
    HelpMeasure,
    HouseholdMember,
    MeasureStatus,
    PovertyLine,
    ReviewStage,
)
from gonghui.core import crypto
from gonghui.demo.accounts import demo_orgs
from gonghui.demo.households import draw_household
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org, OrgType

# Households in hardship per member: the reports count a few per thousand.
ARCHIVES_PER_MEMBER = Decimal("0.004")
# (status, weight)
STATUSES = [
    (ArchiveStatus.ARCHIVED, 68),
    (ArchiveStatus.EXITED, 12),
    (ArchiveStatus.SUBMITTED, 8),
    (ArchiveStatus.FIRST_PASSED, 5),
    (ArchiveStatus.NOTICE, 4),
    (ArchiveStatus.REJECTED, 3),
]
FUNDS = [
    (FundSource.SPECIAL, 50),
    (FundSource.HIGHER, 25),
    (FundSource.OWN, 15),
    (FundSource.DONATION, 10),
]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _poverty_lines(counties: list[Org], years: list[int]) -> dict[tuple[int, int], Decimal]:
    lines = {}
    rows = []
    for county in counties:
        city_line = county.division_code.startswith("6201")
        for year in years:
            amount = Decimal(860 if city_line else 760) + (year - years[0]) * 20
            lines[county.pk, year] = amount
            rows.append(PovertyLine(county=county, year=year, monthly_amount=amount))
    PovertyLine.objects.bulk_create(rows, ignore_conflicts=True)
    return lines


@transaction.atomic
def seed_assistance(*, seed: int = 2026, n: int | None = None) -> int:
    """Write the demo archives if there are none yet; returns how many were written. `n`: that
    many households, half of them in 城关区 and the rest in 兰州; by default a few per
    thousand members, anywhere."""
    if Archive.objects.exists():
        return 0
    orgs = demo_orgs()
    sysadmin = User.objects.filter(username="sysadmin").first()
    province, lanzhou, chengguan = orgs["province"], orgs["lanzhou"], orgs["chengguan"]
    if sysadmin is None or province is None or lanzhou is None or chengguan is None:
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    counties = list(Org.objects.filter(org_type=OrgType.COUNTY).order_by("path"))
    lines = _poverty_lines(counties, [today.year - 1, today.year])
    holding = Member.objects.filter(status__in=HOLDING_STATUSES).select_related("org")
    if n is None:
        ids = list(holding.order_by("pk").values_list("pk", flat=True))
        k = int((len(ids) * ARCHIVES_PER_MEMBER).to_integral_value(ROUND_HALF_UP))
        chosen = set(rng.sample(ids, k))
        # The demo accounts' county shows at least one household, however small the demo.
        local = list(
            holding.filter(org__path__startswith=chengguan.path)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if local and chosen.isdisjoint(local):
            chosen.add(rng.choice(local))
        members = list(holding.filter(pk__in=sorted(chosen)).order_by("pk"))
    else:
        # Half of the households in 城关区 (the demo accounts' county), the rest over 兰州.
        members = list(
            holding.filter(org__path__startswith=chengguan.path).order_by("pk")[: n // 2]
        )
        members += list(
            holding.filter(org__path__startswith=lanzhou.path)
            .exclude(org__path__startswith=chengguan.path)
            .order_by("pk")[: n - len(members)]
        )
    above = _Above(province)
    archives: list[Archive] = []
    people: list[list[HouseholdMember]] = []
    for member in members:
        county = above.nearest(member.org, OrgType.COUNTY)
        if county is None:
            continue
        archive, household = _archive(rng, member, county, today, lines, sysadmin)
        archives.append(archive)
        people.append(household)
    Archive.objects.bulk_create(archives, batch_size=500)
    HouseholdMember.objects.bulk_create(
        [
            person
            for archive, household in zip(archives, people, strict=True)
            for person in _attach(archive, household)
        ],
        batch_size=1000,
    )
    _reviews(archives, sysadmin, above)
    placed = [a for a in archives if a.status in (ArchiveStatus.ARCHIVED, ArchiveStatus.EXITED)]
    _measures(rng, placed, sysadmin, today)
    _aid(rng, placed, sysadmin, today)
    _campaign(rng, orgs, placed, sysadmin, today)
    return len(archives)


class _Above:
    """The county and township unions of a city, loaded once: `nearest(org, type)` is
    `ancestor_of_type` without a query per member."""

    def __init__(self, city: Org):
        self.by_path = {
            o.path: o
            for o in Org.objects.filter(
                path__startswith=city.path, org_type__in=[OrgType.COUNTY, OrgType.TOWNSHIP]
            )
        }

    def nearest(self, org: Org, org_type: str) -> Org | None:
        for end in range(len(org.path), 0, -Org.steplen):
            found = self.by_path.get(org.path[:end])
            if found is not None and found.org_type == org_type:
                return found
        return None


def _attach(archive: Archive, household: list[HouseholdMember]) -> list[HouseholdMember]:
    for person in household:
        person.archive = archive
    return household


def _archive(rng, member: Member, county: Org, today: date, lines, sysadmin):
    status = _pick(rng, STATUSES)
    # Within the years whose 低保 lines are set; 已建档 needs its 公示 over by today.
    span = (today - date(today.year - 1, 1, 1)).days
    placed = status in (ArchiveStatus.ARCHIVED, ArchiveStatus.EXITED)
    applied = today - timedelta(days=rng.randint(min(30 if placed else 3, span), span))
    if status in (ArchiveStatus.SUBMITTED, ArchiveStatus.FIRST_PASSED, ArchiveStatus.NOTICE):
        applied = today - timedelta(days=rng.randint(min(3, span), min(40, span)))
    line = lines[county.pk, applied.year]
    household = draw_household(rng, member, county.division_code, line, today)
    fields = dict(
        org=member.org,
        county=county,
        member=member,
        status=status,
        channel=rng.choice([Channel.UNION, Channel.UNION, Channel.PORTAL]),
        applied_on=applied,
        **household.fields,
        annual_income=household.annual_income,
        household_size=len(household.people),
        per_capita_monthly=household.per_capita,
        poverty_line=line,
        created_by=sysadmin,
    )
    if status in (ArchiveStatus.NOTICE,):
        fields["notice_start"] = today - timedelta(days=rng.randint(0, 3))
        fields["notice_end"] = fields["notice_start"] + timedelta(days=6)
    if placed:
        fields["notice_start"] = applied + timedelta(days=14)
        fields["notice_end"] = applied + timedelta(days=20)
        fields["archived_on"] = applied + timedelta(days=21)
        fields["last_reviewed_year"] = fields["archived_on"].year
    if status == ArchiveStatus.EXITED:
        fields["exited_on"] = min(
            today, fields["archived_on"] + timedelta(days=rng.randint(90, 400))
        )
        fields["exit_reason"] = rng.choice(
            ["实现稳定就业，家庭收入超过低保标准", "大病治愈，恢复劳动能力", "子女毕业就业"]
        )
        fields["exit_evidence"] = "工资流水及社区证明已核实。"
    if status == ArchiveStatus.REJECTED:
        fields["rejected_reason"] = "入户核实家庭收入高于建档标准。"
    people = []
    for person in household.people:
        is_self = person.relation == Relation.SELF
        people.append(
            HouseholdMember(
                relation=person.relation,
                name=person.name,
                id_number_enc=member.id_number_enc if is_self else crypto.encrypt(person.number),
                id_number_hash=(
                    member.id_number_hash if is_self else crypto.lookup_hash(person.number)
                ),
                birth_date=person.birth_date,
                gender=person.gender,
                occupation=person.occupation,
                monthly_income=person.monthly_income,
                health=person.health,
            )
        )
    return Archive(**fields), people


def _reviews(archives: list[Archive], sysadmin, above: "_Above") -> None:
    rows = []
    for archive in archives:
        if archive.status == ArchiveStatus.SUBMITTED:
            continue
        township = above.nearest(archive.org, OrgType.TOWNSHIP) or archive.county
        rows.append(
            ArchiveReview(
                archive=archive,
                stage=ReviewStage.FIRST,
                org=township,
                reviewer=sysadmin,
                approved=archive.status != ArchiveStatus.REJECTED,
                opinion="经入户走访核实，情况属实。"
                if archive.status != ArchiveStatus.REJECTED
                else archive.rejected_reason,
            )
        )
        if archive.status in (ArchiveStatus.NOTICE, ArchiveStatus.ARCHIVED, ArchiveStatus.EXITED):
            rows.append(
                ArchiveReview(
                    archive=archive,
                    stage=ReviewStage.FINAL,
                    org=archive.county,
                    reviewer=sysadmin,
                    approved=True,
                    opinion="同意建档，进入公示。",
                )
            )
    ArchiveReview.objects.bulk_create(rows, batch_size=1000)


def _measures(rng, archives: list[Archive], sysadmin, today: date) -> None:
    texts = {
        Measure.EMPLOYMENT: "推荐参加职业技能培训并对接就业岗位",
        Measure.SECURITY: "协助办理城乡低保和医疗救助",
        Measure.RELIEF: "发放生活救助金",
        Measure.MUTUAL: "纳入职工互助保障",
        Measure.TARGETED: "落实子女助学和结对帮扶",
    }
    rows = []
    for archive in archives:
        for kind in rng.sample(list(texts), rng.randint(1, 3)):
            done = archive.status == ArchiveStatus.EXITED
            rows.append(
                HelpMeasure(
                    archive=archive,
                    kind=kind,
                    content=texts[kind],
                    responsible_org=archive.county,
                    target_date=today + timedelta(days=rng.randint(-60, 180)),
                    status=MeasureStatus.DONE
                    if done
                    else rng.choice([MeasureStatus.PLANNED, MeasureStatus.ACTIVE]),
                    created_by=sysadmin,
                )
            )
    HelpMeasure.objects.bulk_create(rows, batch_size=1000)


def _aid(rng, archives: list[Archive], sysadmin, today: date) -> None:
    rows = []
    for archive in archives:
        last = archive.exited_on or today
        for _ in range(rng.randint(1, 3)):
            span = (last - archive.archived_on).days
            paid_on = archive.archived_on + timedelta(days=rng.randint(0, max(span, 0)))
            goods = rng.random() < 0.3
            rows.append(
                AidRecord(
                    archive=archive,
                    form=AidForm.GOODS if goods else AidForm.CASH,
                    amount=Decimal(rng.choice([300, 500, 800, 1000, 1500, 2000])),
                    goods="米、面、油" if goods else "",
                    fund_source=_pick(rng, FUNDS),
                    paid_on=paid_on,
                    paid_by_org=archive.county,
                    created_by=sysadmin,
                )
            )
    AidRecord.objects.bulk_create(rows, batch_size=1000)


def _campaign(rng, orgs: dict, archives: list[Archive], sysadmin, today: date) -> None:
    province, lanzhou, chengguan = orgs["province"], orgs["lanzhou"], orgs["chengguan"]
    # The winter campaign under way, or last winter's before November.
    year = today.year if today.month >= 11 else today.year - 1
    campaign = Campaign.objects.create(
        kind=CampaignKind.WARMTH,
        name=f"{year}年元旦春节送温暖活动",
        org=province,
        starts_on=date(year, 11, 1),
        ends_on=date(year + 1, 2, 28),
        budget=Decimal("5000000"),
        created_by=sysadmin,
    )
    Allocation.objects.bulk_create(
        [
            Allocation(
                campaign=campaign,
                from_org=province,
                org=lanzhou,
                amount=Decimal("600000"),
                created_by=sysadmin,
            ),
            Allocation(
                campaign=campaign,
                from_org=lanzhou,
                org=chengguan,
                amount=Decimal("150000"),
                created_by=sysadmin,
            ),
        ]
    )
    paid_on = min(today, date(year, 12, 20))
    recipients = [
        a for a in archives if a.status == ArchiveStatus.ARCHIVED and a.county_id == chengguan.pk
    ][:80]
    CampaignPayment.objects.bulk_create(
        [
            CampaignPayment(
                campaign=campaign,
                org=chengguan,
                archive=archive,
                person_hash=archive.member.id_number_hash,
                form=AidForm.CASH,
                amount=Decimal(rng.choice([500, 800, 1000])),
                paid_on=paid_on,
                created_by=sysadmin,
            )
            for archive in recipients
        ]
    )
