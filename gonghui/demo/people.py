"""Synthetic people for the member registry: pure generation, no database.

`MemberGenerator(seed).draw(holders)` yields `MemberDraft`s: a category in realistic
proportions, a union that fits it, and a person whose resident-ID number carries the region code
of that union's county, a birth date that fits the category and a check digit by GB 11643.
"""

import random
from bisect import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from gonghui.demo.orgs import PersonNames, company_prefixes
from gonghui.members.codes import ETHNICITY_CHOICES, Category, MemberStatus
from gonghui.members.idnumber import check_digit

# Ages are counted from this fixed day, so that one seed gives the same ID numbers on any day.
AGE_ANCHOR = date(2026, 1, 1)

ETHNIC_CODE = {label: code for code, label in ETHNICITY_CHOICES}


class Weighted:
    """A fixed discrete distribution, drawn with one random() and a bisection."""

    def __init__(self, pairs):
        self.values = [value for value, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random):
        return self.values[bisect(self.cum, rng.random() * self.total)]


def _ethnic(**weights: float) -> Weighted:
    names = {
        "汉": "汉族",
        "回": "回族",
        "藏": "藏族",
        "东乡": "东乡族",
        "保安": "保安族",
        "撒拉": "撒拉族",
        "土": "土族",
        "裕固": "裕固族",
        "蒙古": "蒙古族",
        "满": "满族",
        "哈萨克": "哈萨克族",
    }
    return Weighted([(ETHNIC_CODE[names[k]], w) for k, w in weights.items()])


# Ethnic make-up by county (6-digit code) or prefecture (4 digits), else the province default.
ETHNICITY_BY_AREA = {
    "622926": _ethnic(东乡=85, 回=10, 汉=5),
    "622927": _ethnic(汉=40, 回=25, 东乡=15, 保安=10, 撒拉=10),
    "6229": _ethnic(回=35, 汉=40, 东乡=20, 保安=1.5, 撒拉=1.5, 土=1, 藏=1),
    "6230": _ethnic(藏=55, 汉=37, 回=7, 土=1),
    "620623": _ethnic(汉=62, 藏=32, 土=5, 回=1),
    "620721": _ethnic(裕固=40, 汉=33, 藏=25, 蒙古=2),
    "620923": _ethnic(汉=55, 蒙古=40, 藏=5),
    "620924": _ethnic(汉=60, 哈萨克=35, 回=5),
    "620525": _ethnic(回=69, 汉=31),
}
ETHNICITY_DEFAULT = _ethnic(汉=96, 回=2.5, 藏=0.5, 满=0.3, 东乡=0.3, 蒙古=0.2, 土=0.2)

CATEGORIES = Weighted(
    [
        (Category.EMPLOYED, 53),
        (Category.MIGRANT, 25),
        (Category.NF_TRUCK, 2.5),
        (Category.NF_RIDEHAIL, 2),
        (Category.NF_COURIER, 2),
        (Category.NF_DELIVERY, 2.5),
        (Category.NF_PLATFORM, 1),
        (Category.DISPATCHED, 4),
        (Category.RETIRED, 8),
    ]
)


@dataclass(frozen=True)
class Profile:
    male: float  # share of men
    age: tuple[float, float, float]  # triangular: low, high, mode (years at AGE_ANCHOR)
    education: Weighted
    jobs: tuple[str, ...]
    party: float  # share of 中共党员
    employer_ending: str = ""  # for people not employed by their union's own unit
    fed_tag: str = ""  # the federation that organises this kind of worker
    join_from: date = date(1985, 1, 1)


_EDU_WORKER = Weighted(
    [("10", 6), ("20", 30), ("30", 28), ("40", 12), ("60", 12), ("70", 10), ("80", 2)]
)
_EDU_MIGRANT = Weighted([("30", 5), ("40", 12), ("60", 20), ("70", 45), ("80", 15), ("90", 3)])
_EDU_NEW_FORMS = Weighted([("20", 8), ("30", 25), ("40", 15), ("60", 27), ("70", 23), ("80", 2)])
_EDU_RETIRED = Weighted([("20", 12), ("30", 18), ("40", 15), ("60", 25), ("70", 20), ("80", 10)])
_NEW_FORMS_FROM = date(2018, 1, 1)

PROFILES = {
    Category.EMPLOYED: Profile(
        0.55,
        (20, 62, 46),
        _EDU_WORKER,
        (
            "操作工",
            "技术员",
            "销售员",
            "会计",
            "教师",
            "护士",
            "司机",
            "电工",
            "管理人员",
            "营业员",
            "工程师",
            "文员",
        ),
        0.15,
    ),
    Category.MIGRANT: Profile(
        0.68,
        (18.5, 66, 50),
        _EDU_MIGRANT,
        ("建筑工人", "装卸工", "保洁员", "厨师", "电焊工", "钢筋工", "服务员", "保安员"),
        0.03,
        employer_ending="建筑劳务有限公司",
    ),
    Category.NF_TRUCK: Profile(
        0.97,
        (23, 58, 40),
        _EDU_NEW_FORMS,
        ("货车司机",),
        0.03,
        "货物运输有限公司",
        "truck",
        _NEW_FORMS_FROM,
    ),
    Category.NF_RIDEHAIL: Profile(
        0.9,
        (22, 58, 38),
        _EDU_NEW_FORMS,
        ("网约车司机",),
        0.03,
        "出行服务有限公司",
        "ridehail",
        _NEW_FORMS_FROM,
    ),
    Category.NF_COURIER: Profile(
        0.85,
        (19, 50, 30),
        _EDU_NEW_FORMS,
        ("快递员",),
        0.03,
        "快递服务有限公司",
        "courier",
        _NEW_FORMS_FROM,
    ),
    Category.NF_DELIVERY: Profile(
        0.88,
        (18.5, 50, 28),
        _EDU_NEW_FORMS,
        ("外卖配送员",),
        0.03,
        "配送服务有限公司",
        "delivery",
        _NEW_FORMS_FROM,
    ),
    Category.NF_PLATFORM: Profile(
        0.6,
        (18.5, 45, 27),
        _EDU_NEW_FORMS,
        ("网络主播", "家政服务员", "网约配送员", "互联网营销师"),
        0.03,
        "网络科技有限公司",
        "new_forms",
        _NEW_FORMS_FROM,
    ),
    Category.DISPATCHED: Profile(
        0.55, (19, 55, 32), _EDU_WORKER, ("保安员", "保洁员", "客服", "操作工", "司机"), 0.05
    ),
    Category.RETIRED: Profile(0.5, (55, 75, 65), _EDU_RETIRED, ("退休职工",), 0.2),
}

PHONE_PREFIXES = (  # noqa: SIM905
    "133 135 136 137 138 139 150 151 152 153 157 158 159 177 180 181 182 183 "
    "185 186 187 188 189 191 193 198 199"
).split()


@dataclass(frozen=True)
class Holder:
    """A union that takes members, with what the generator needs to know about it."""

    id: int
    name: str
    org_type: str
    card_prefix: str  # Org.county_code, the head of its members' card numbers
    regions: tuple[str, ...]  # ID-number region codes of its county
    place: str  # short place name for employer names
    pool: str  # base / local / industry / federation:<tag>
    weight: float
    employer: str  # the unit of a 基层工会, else ""


@dataclass
class MemberDraft:
    holder: Holder
    name: str
    id_number: str
    phone: str
    gender: str
    birth_date: date
    ethnicity: str
    education: str
    political_status: str
    employment_status: str
    household_type: str
    tech_level: str
    job: str
    employer: str
    work_start_year: int
    category: str
    joined_on: date
    status: str
    status_changed_on: date


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Pools:
    def __init__(self, holders: list[Holder]):
        groups: dict[str, list[Holder]] = {}
        for holder in holders:
            groups.setdefault(holder.pool, []).append(holder)
            if holder.pool.startswith("federation:") and holder.pool != "federation:other":
                groups.setdefault("federation:new_forms", []).append(holder)
        self.groups = {k: Weighted([(h, h.weight) for h in v]) for k, v in groups.items()}
        self.any = Weighted([(h, h.weight) for h in holders])

    def draw(self, rng: random.Random, *names: str) -> Holder:
        for name in names:
            if name in self.groups:
                return self.groups[name].draw(rng)
        return self.any.draw(rng)


class MemberGenerator:
    def __init__(self, seed: int | str, *, today: date):
        self.rng = random.Random(f"gonghui-demo-members-{seed}")
        self.today = today
        self.anchor = min(AGE_ANCHOR, today)
        self.names = PersonNames()
        self.prefixes = company_prefixes()
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()

    def _holder(self, pools: _Pools, category: str, profile: Profile) -> Holder:
        r = self.rng.random()
        if profile.fed_tag and r < 0.6:
            return pools.draw(self.rng, f"federation:{profile.fed_tag}", "base")
        if category == Category.MIGRANT and r < 0.2:
            return pools.draw(self.rng, "federation:other" if r < 0.1 else "local", "base")
        if category == Category.EMPLOYED and r < 0.09:
            return pools.draw(self.rng, "industry" if r < 0.05 else "local", "base")
        if category == Category.RETIRED and r < 0.15:
            return pools.draw(self.rng, "local", "base")
        return pools.draw(self.rng, "base")

    def _id_number(self, region: str, birth: date, male: bool) -> str:
        rng = self.rng
        while True:
            seq = rng.randrange(500) * 2 + (1 if male else 0)
            body = f"{region}{birth:%Y%m%d}{seq:03d}"
            number = body + check_digit(body)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def _phone(self) -> str:
        rng = self.rng
        while True:
            phone = f"{rng.choice(PHONE_PREFIXES)}{rng.randrange(100_000_000):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def _between(self, start: date, end: date) -> date:
        span = max(0, (end - start).days)
        return start + timedelta(days=int(self.rng.random() * (span + 1)))

    def draw(self, holders: list[Holder]):
        """Endless stream of drafts; the caller takes as many as it needs."""
        rng = self.rng
        pools = _Pools(holders)
        while True:
            category = CATEGORIES.draw(rng)
            profile = PROFILES[category]
            holder = self._holder(pools, category, profile)
            male = rng.random() < profile.male
            low, high, mode = profile.age
            birth = self.anchor - timedelta(days=int(rng.triangular(low, high, mode) * 365.2425))
            region = holder.regions[0] if len(holder.regions) == 1 else rng.choice(holder.regions)
            ethnic = (
                ETHNICITY_BY_AREA.get(region)
                or ETHNICITY_BY_AREA.get(region[:4])
                or ETHNICITY_DEFAULT
            )
            adult = _plus_years(birth, 18)
            join_start = max(adult, profile.join_from)
            join_end = self.today
            if category == Category.RETIRED:
                join_end = min(join_end, max(join_start, _plus_years(birth, 58)))
            joined = self._between(join_start, join_end)
            status, changed = MemberStatus.ACTIVE, joined
            if category == Category.RETIRED and rng.random() < 0.3:
                status = MemberStatus.RETAINED
                changed = self._between(max(joined, _plus_years(birth, 55)), self.today)
            age = (self.anchor - birth).days / 365.2425
            r = rng.random()
            political = (
                "01"
                if r < profile.party
                else "03"
                if age < 28 and r < profile.party + 0.3
                else "13"
            )
            if category == Category.MIGRANT:
                household = "1"
            elif profile.fed_tag:
                household = "1" if rng.random() < 0.55 else "3"
            else:
                household = "2" if rng.random() < 0.5 else "3" if rng.random() < 0.8 else "1"
            tech = ""
            if category in (Category.EMPLOYED, Category.MIGRANT) and rng.random() < 0.25:
                tech = rng.choice("34455")
            employer = holder.employer or (
                holder.place
                + rng.choice(self.prefixes)
                + (profile.employer_ending or "商贸有限公司")
            )
            yield MemberDraft(
                holder=holder,
                name=self.names.pick(rng, male),
                id_number=self._id_number(region, birth, male),
                phone=self._phone(),
                gender="1" if male else "2",
                birth_date=birth,
                ethnicity=ethnic.draw(rng),
                education=profile.education.draw(rng),
                political_status=political,
                employment_status="4" if category == Category.RETIRED else "1",
                household_type=household,
                tech_level=tech,
                job=rng.choice(profile.jobs),
                employer=employer[:120],
                work_start_year=min(joined.year, birth.year + rng.randint(17, 24)),
                category=category,
                joined_on=joined,
                status=status,
                status_changed_on=changed,
            )
