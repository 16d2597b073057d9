"""A year of demo 12351 cases, so that 工单统计 and the dashboards have something to show.

About one case per 100 members of the demo (at least `MIN_CASES`), received over the last 12
months, in the proportions of the federation reports (Gansu 2025: 1,459 cases dispatched and
2,069 万元 recovered for workers, so about 14,000 yuan per case): most about unpaid wages, more
of them in the weeks before 春节; most by phone; each caller's county drawn in proportion to the
members living there, and the case dispatched to that county's union, which handles it or passes
it to one of its townships, as the real flow does. Most cases are closed in time and called
back (about 97 % 满意 or 基本满意); a few are returned by a county they were wrongly sent to, a few
run late and are supervised (督办), and the last days' cases are still open.

Every step goes through the hotline services (deadlines on the working-day calendar, roll-ups,
timelines, audit). The services take "now" from `django.utils.timezone.now`; the demo runs each
step with that clock set to the step's moment in the past (`_clock`), so that the timeline, the
case's times and the on-time figures agree. Audit rows keep the real time they were written at.
Deterministic for a seed (times follow the clock).
"""

import random
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from unittest import mock

from django.db.models import Count
from django.utils import timezone
from faker import Faker

from gonghui.accounts.models import User
from gonghui.demo.hotline_texts import CONSULT_OUTCOME, DESCRIPTIONS, OUTCOMES, REASONS
from gonghui.hotline import services
from gonghui.hotline.codes import Category, Channel, Complexity, Kind, Rating, Result
from gonghui.hotline.models import Case
from gonghui.members.models import Member
from gonghui.orgs.models import Org, OrgStatus, OrgType

MEMBERS_PER_CASE = 100
MIN_CASES = 24
DAYS = 365
# 春节 (first day): wage complaints pile up in the 10 weeks before it.
SPRING_FESTIVALS = [date(2025, 1, 29), date(2026, 2, 17), date(2027, 2, 6), date(2028, 1, 26)]
PRE_FESTIVAL_DAYS = 70
PRE_FESTIVAL_WEIGHT = 3.0
WEEKEND_WEIGHT = 0.4

CHANNELS = {Channel.PHONE: 70, Channel.ONLINE: 22, Channel.VISIT: 6, Channel.LETTER: 2}
# Shares on an ordinary day; before 春节 wage complaints count `PRE_FESTIVAL_WEIGHT` times as
# many, which brings them to about 46 % of the year (Gansu: the largest class by far).
CATEGORIES = {
    Category.WAGES: 35,
    Category.CONTRACT: 15,
    Category.SOCIAL_INSURANCE: 12,
    Category.INJURY: 9,
    Category.POLICY: 8,
    Category.REST: 6,
    Category.WOMEN: 3,
    Category.SAFETY: 3,
    Category.HARDSHIP: 2,
    Category.DEMOCRATIC: 1,
    Category.OTHER: 3,
}
COMPLEXITY = {
    Category.WAGES: {Complexity.SIMPLE: 25, Complexity.HARD: 63, Complexity.COMPLEX: 12},
    Category.POLICY: {Complexity.SIMPLE: 100},
    None: {Complexity.SIMPLE: 50, Complexity.HARD: 45, Complexity.COMPLEX: 5},
}
RESULTS = {
    Result.RESOLVED: 80,
    Result.PARTLY: 9,
    Result.MEDIATION: 5,
    Result.LEGAL_AID: 4,
    Result.NOT_ACCEPTED: 2,
}
RATINGS = {Rating.SATISFIED: 84, Rating.BASIC: 13, Rating.UNSATISFIED: 3}
RETURNED_SHARE = 0.04  # first sent to a wrong county, which returns it
TRANSFERRED_SHARE = 0.25  # passed by the county union to one of its townships
LATE_SHARE = 0.05  # closed after the deadline
SUPERVISED_SHARE = 0.03  # still open long after the deadline, and supervised
CALLED_BACK_SHARE = 0.97  # of the closed cases older than three days

# The demo accounts who act for a union, the nearest first (they must hold the grant).
HANDLERS = ("jd_staff", "cg_staff", "qlh_admin", "lz_staff", "prov_staff")
SUPERVISORS = ("lz_admin", "prov_admin")
# Mobile prefixes of the callers (not 138: the demo workers' and hand-made cases' numbers).
PHONE_PREFIXES = ("135", "136", "137", "139", "151", "158", "177", "181", "186", "189", "199")


def case_count(members: int) -> int:
    return max(MIN_CASES, members // MEMBERS_PER_CASE)


@contextmanager
def _clock(at: datetime):
    """The services' "now" is `at` while the block runs."""
    with mock.patch.object(timezone, "now", lambda: at):
        yield


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _before_festival(day: date) -> bool:
    return any(0 <= (festival - day).days <= PRE_FESTIVAL_DAYS for festival in SPRING_FESTIVALS)


def _categories(day: date) -> dict:
    if not _before_festival(day):
        return CATEGORIES
    return {**CATEGORIES, Category.WAGES: CATEGORIES[Category.WAGES] * PRE_FESTIVAL_WEIGHT}


def _receipt_days(rng: random.Random, days: list[date], n: int) -> list[date]:
    """`n` days drawn in proportion to each day's calls (fewer at weekends, more before 春节),
    systematically (one draw per n-th of the total), so that each month gets its share rather
    than a random one."""
    weights = [
        (WEEKEND_WEIGHT if d.weekday() >= 5 else 1.0) * sum(_categories(d).values()) for d in days
    ]
    total, offset = sum(weights), rng.random()
    targets = iter((k + offset) * total / n for k in range(n))
    picked, running, target = [], 0.0, next(targets, None)
    for day, weight in zip(days, weights, strict=True):
        running += weight
        while target is not None and target <= running:
            picked.append(day)
            target = next(targets, None)
    # Rounding may leave the last target just beyond the total.
    return picked + [days[-1]] * (n - len(picked))


class _Cast:
    """The unions and demo accounts the cases are drawn over."""

    def __init__(self):
        users = User.objects.filter(username__in=HANDLERS + SUPERVISORS, is_active=True)
        users = {u.username: u for u in users.select_related("org")}
        self.handlers = [users[name] for name in HANDLERS if name in users]
        self.supervisors = [users[name] for name in SUPERVISORS if name in users]
        self.agent = User.objects.filter(username="agent", is_active=True).first()
        counties = Org.objects.filter(org_type=OrgType.COUNTY, status=OrgStatus.ACTIVE).order_by(
            "path"
        )
        self.counties = {c.path: c for c in counties}
        depth_len = {len(path) for path in self.counties}
        members = _members_by_prefix(depth_len)
        self.weights = {path: members.get(path, 0) for path in self.counties}
        if not any(self.weights.values()):
            self.weights = dict.fromkeys(self.counties, 1)
        self.townships: dict[str, list[Org]] = {}
        for org in Org.objects.filter(org_type=OrgType.TOWNSHIP, status=OrgStatus.ACTIVE).order_by(
            "path"
        ):
            self.townships.setdefault(org.path[: len(org.path) - Org.steplen], []).append(org)
        self.employers: dict[str, list[str]] = {}
        for path, name in Org.objects.filter(
            org_type=OrgType.BASE, status=OrgStatus.ACTIVE
        ).values_list("path", "name"):
            for county_path in self.counties:
                if path.startswith(county_path):
                    self.employers.setdefault(county_path, []).append(name.removesuffix("工会"))
                    break

    def acting_for(self, org: Org) -> User | None:
        return next((u for u in self.handlers if org.path.startswith(u.org.path)), None)

    def above(self, org: Org) -> User | None:
        return next(
            (
                u
                for u in self.supervisors
                if org.path.startswith(u.org.path) and org.path != u.org.path
            ),
            None,
        )


def _members_by_prefix(lengths: set[int]) -> dict[str, int]:
    """Members per org path prefix of the given lengths (the counties' paths)."""
    counts: dict[str, int] = {}
    for path, n in Member.objects.values_list("org__path").annotate(n=Count("pk")).order_by():
        for length in lengths:
            counts[path[:length]] = counts.get(path[:length], 0) + n
    return counts


def _plan(rng: random.Random, fake: Faker, cast: _Cast, day: date) -> dict:
    """Everything random about one case received on `day`, drawn before anything is written."""
    category = _pick(rng, _categories(day))
    start = datetime.combine(day, time(8, 0), tzinfo=timezone.get_current_timezone())
    paths = list(cast.weights)
    county = rng.choices(paths, weights=list(cast.weights.values()))[0]
    workers = 1
    if category == Category.WAGES:
        workers = _pick(rng, {1: 60, rng.randint(2, 8): 32, rng.randint(9, 40): 8})
    elif category == Category.SOCIAL_INSURANCE:
        workers = rng.randint(1, 20)
    months = rng.randint(1, 4)
    amount = workers * months * rng.randrange(2800, 6001, 100) if category == Category.WAGES else 0
    employer = rng.choice(cast.employers.get(county) or ["某企业"])
    kind = Kind.DEMAND
    if category in (Category.POLICY, Category.HARDSHIP):
        kind = Kind.CONSULT
    elif category in (Category.DEMOCRATIC, Category.OTHER) and rng.random() < 0.5:
        kind = Kind.SUGGEST
    return {
        "received_at": start + timedelta(minutes=rng.randint(0, 11 * 60)),
        "channel": _pick(rng, CHANNELS),
        "category": category,
        "kind": kind,
        "complexity": _pick(rng, COMPLEXITY.get(category, COMPLEXITY[None])),
        "county": county,
        "employer": employer,
        "workers": workers,
        "amount": amount,
        "description": DESCRIPTIONS[category].format(
            employer=employer, n=workers, months=months, amount=amount
        ),
        "caller": fake.name(),
        "phone": rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}",
        "dispatch_minutes": rng.randint(3, 28) if rng.random() < 0.9 else rng.randint(31, 180),
        "accept_minutes": rng.randint(5, 110) if rng.random() < 0.92 else rng.randint(121, 600),
        "returned_to": rng.choice(paths) if rng.random() < RETURNED_SHARE else None,
        "transfer": rng.random() < TRANSFERRED_SHARE,
        "transfer_pick": rng.random(),
        "supervised": rng.random() < SUPERVISED_SHARE,
        "late_hours": rng.uniform(2, 72) if rng.random() < LATE_SHARE else None,
        "close_share": rng.uniform(0.1, 0.9),
        "result": Result.RESOLVED if kind == Kind.CONSULT else _pick(rng, RESULTS),
        "recovered_share": rng.uniform(0.3, 0.7),
        "lawyer": fake.name(),
        "callback_hours": rng.uniform(3, 72) if rng.random() < CALLED_BACK_SHARE else None,
        "rating": _pick(rng, RATINGS),
    }


def seed_year_of_cases(*, members: int, seed: int) -> int:
    """Create `case_count(members)` cases received over the last year; returns how many."""
    cast = _Cast()
    if cast.agent is None or not cast.handlers or not cast.counties:
        return 0
    rng = random.Random(seed * 12351)
    fake = Faker("zh_CN")
    fake.seed_instance(seed + 12351)
    real_now = timezone.now()
    today = timezone.localdate(real_now)
    days = [today - timedelta(days=back) for back in range(DAYS, 0, -1)]
    receipt_days = _receipt_days(rng, days, case_count(members))
    plans = [_plan(rng, fake, cast, day) for day in receipt_days]
    for plan in sorted(plans, key=lambda p: p["received_at"]):
        _run(plan, cast, real_now)
    return len(plans)


def _run(plan: dict, cast: _Cast, real_now: datetime) -> None:
    """Take one case through its steps, each at its moment; stop at the first moment still to
    come (the case stays open there)."""
    agent, at = cast.agent, plan["received_at"]
    county = cast.counties[plan["county"]]
    online = plan["channel"] == Channel.ONLINE
    with _clock(at):
        case = services.case_intake(
            actor=None if online else agent,
            channel=plan["channel"],
            received_at=at,
            caller_name=plan["caller"],
            caller_phone=plan["phone"],
            kind=plan["kind"],
            category=plan["category"],
            complexity=Complexity.SIMPLE if online else plan["complexity"],
            description=plan["description"],
            employer=plan["employer"],
            county=county,
            workers_affected=plan["workers"],
            amount_involved=plan["amount"],
        )

    def step(minutes: float, action, **kwargs):
        nonlocal at, case
        moment = at + timedelta(minutes=minutes)
        if moment >= real_now:
            return False
        at = moment
        with _clock(at):
            case = action(case=case, **kwargs)
        return True

    def dispatch(to: Org, minutes: float) -> bool:
        return step(
            minutes,
            services.case_dispatch,
            actor=agent,
            to_org=to,
            complexity=plan["complexity"],
            expected_version=case.version,
        )

    wrong = cast.counties.get(plan["returned_to"] or "")
    if wrong is not None and wrong.pk != county.pk:
        if not dispatch(wrong, plan["dispatch_minutes"]):
            return
        reason = "经核实该企业不在本辖区，请改派属地工会"
        done = step(
            plan["accept_minutes"],
            services.case_return,
            actor=cast.acting_for(wrong),
            reason=reason,
            expected_version=case.version,
        )
        if not done or not dispatch(county, 12):
            return
    elif not dispatch(county, plan["dispatch_minutes"]):
        return
    if not _accept(step, cast, case, plan["accept_minutes"]):
        return
    townships = cast.townships.get(county.path, [])
    if plan["transfer"] and townships:
        township = townships[int(plan["transfer_pick"] * len(townships))]
        done = step(
            plan["accept_minutes"] / 2 + 20,
            services.case_transfer,
            actor=cast.acting_for(county),
            to_org=township,
            note="请属地乡镇(街道)工会办理",
            expected_version=case.version,
        )
        if not done or not _accept(step, cast, case, plan["accept_minutes"]):
            return
    if plan["supervised"]:
        supervisor = cast.above(case.holder)
        late = (case.deadline - at).total_seconds() / 60 + 24 * 60
        if supervisor is not None:
            note = "已超过办理时限，请抓紧办理并反馈结果。"
            step(late, services.case_supervise, actor=supervisor, note=note)
        return
    return _close_and_call_back(step, cast, case, plan, at)


def _accept(step, cast: _Cast, case: Case, minutes: float) -> bool:
    return step(
        minutes,
        services.case_accept,
        actor=cast.acting_for(case.holder),
        expected_version=case.version,
    )


def _close_and_call_back(step, cast: _Cast, case: Case, plan: dict, at: datetime) -> None:
    """办结 within the deadline (or `late_hours` after it), then the agent's 回访."""
    if plan["late_hours"] is not None:
        minutes = (case.deadline - at).total_seconds() / 60 + plan["late_hours"] * 60
    else:
        minutes = (case.deadline - at).total_seconds() / 60 * plan["close_share"]
    result, amount = plan["result"], Decimal(plan["amount"])
    recovered = {Result.RESOLVED: amount, Result.PARTLY: amount * Decimal(plan["recovered_share"])}
    closed = step(
        max(minutes, 20),
        services.case_close,
        actor=cast.acting_for(case.holder),
        result=result,
        reason=REASONS.get(result, ""),
        outcome=CONSULT_OUTCOME if plan["kind"] == Kind.CONSULT else OUTCOMES[result],
        money_recovered=recovered.get(result, Decimal(0)).quantize(Decimal(100)),
        workers_benefited=plan["workers"] if result in recovered else 0,
        lawyer=plan["lawyer"] if result == Result.LEGAL_AID else "",
        expected_version=case.version,
    )
    if closed and plan["callback_hours"] is not None:
        comments = {
            Rating.SATISFIED: "处理及时，满意",
            Rating.BASIC: "基本解决",
            Rating.UNSATISFIED: "",
        }
        step(
            plan["callback_hours"] * 60,
            services.case_callback,
            actor=cast.agent,
            rating=plan["rating"],
            comment=comments[plan["rating"]] or "问题没有彻底解决",
        )
