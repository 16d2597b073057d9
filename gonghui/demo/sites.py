"""Demo service sites: a few hundred 驿站, 职工之家, 书屋 … spread over Gansu's counties.

Each site lies within a few kilometres of its county's seat (real coordinates: `county_seats.csv`,
see `data/SOURCES.md`) and has a landline with its city's area code. Deterministic for a given
seed. `demo_sites` is also what `bench/sites.py` loads, 20,000 of them.
"""

import csv
import math
import random
from functools import cache
from pathlib import Path

from django.db import transaction

from gonghui.orgs.models import Org, OrgStatus, OrgType
from gonghui.sites.models import Facility, Site, SiteType
from gonghui.sites.parsing import parse_hours

SEATS = Path(__file__).resolve().parent / "data/county_seats.csv"
# Sites lie at most this far from their county seat (uniform over the disc).
SPREAD_KM = 6.0
KM_PER_DEGREE = 111.2
# 长途区号 of each prefecture (the first 4 digits of its division code); 嘉峪关 shares 酒泉's
# 0937 and 金昌 shares 武威's 0935. Checked against the geocoding data of python-phonenumbers
# 9.0.43 (see data/SOURCES.md).
AREA_CODES = {
    "6201": "0931",
    "6202": "0937",
    "6203": "0935",
    "6204": "0943",
    "6205": "0938",
    "6206": "0935",
    "6207": "0936",
    "6208": "0933",
    "6209": "0937",
    "6210": "0934",
    "6211": "0932",
    "6212": "0939",
    "6229": "0930",
    "6230": "0941",
}

# (type, weight, hours presets, facilities every site of the type has, optional extras)
F = Facility
KINDS = [
    (
        SiteType.STATION,
        40,
        ["24小时", "每天 07:00-21:00", "每天 06:30-22:00"],
        F.WATER | F.REST,
        [F.MEAL, F.CHARGING, F.TOILET, F.MEDKIT, F.AIRCON, F.WIFI, F.BOOKS],
    ),
    (
        SiteType.HOME,
        20,
        ["周一至周五 08:30-12:00,14:30-18:00", "周一至周六 09:00-18:00"],
        F.WATER | F.REST | F.BOOKS,
        [F.WIFI, F.AIRCON, F.MEDKIT, F.CHARGING],
    ),
    (
        SiteType.LIBRARY,
        10,
        ["周一至周五 09:00-17:30；周六 09:00-12:00", "每天 09:00-20:00"],
        F.BOOKS | F.WATER,
        [F.WIFI, F.AIRCON, F.REST],
    ),
    (SiteType.NURSING, 8, ["周一至周五 08:00-18:00"], F.WATER | F.REST, [F.AIRCON, F.TOILET]),
    (
        SiteType.DRIVER,
        10,
        ["24小时"],
        F.WATER | F.MEAL | F.TOILET | F.REST,
        [F.CHARGING, F.WIFI, F.MEDKIT],
    ),
    (
        SiteType.SERVICE,
        6,
        ["周一至周五 09:00-12:00,13:30-17:30"],
        F.WATER | F.WIFI,
        [F.AIRCON, F.BOOKS],
    ),
    (SiteType.PALACE, 3, ["周二至周日 09:00-21:00"], F.WATER | F.TOILET | F.BOOKS, [F.WIFI]),
    (SiteType.PARK, 3, ["每天 06:00-22:00"], F.TOILET | F.REST, [F.WATER]),
]
PLACES = (  # noqa: SIM905
    "人民路 解放路 建设路 和平路 东环路 西环路 南大街 北大街 滨河路 五一路 胜利路 文化路 "
    "新华路 团结路 长青路 金城路 丝路大道 开发区 火车站 汽车站 客运中心 高速服务区 物流园 "
    "工业园 商贸城 农贸市场 中心广场 体育场 医院 政务大厅"
).split()
HOSTS = [
    "中国石化加油站",
    "中国石油加油站",
    "邮政支局",
    "供电所",
    "环卫所",
    "银行网点",
    "社区服务中心",
    "公交场站",
]


@cache
def county_seats() -> dict[str, tuple[float, float]]:
    """(lat, lng) in WGS-84 of every prefecture's and county's seat, by 6-digit division code."""
    with SEATS.open(encoding="utf-8") as f:
        return {r["code"][:6]: (float(r["lat"]), float(r["lng"])) for r in csv.DictReader(f)}


def area_code(division_code: str) -> str:
    return AREA_CODES.get(division_code[:4], "0931")


def _near(rng: random.Random, lat: float, lng: float) -> tuple[float, float]:
    """A point uniformly spread over the disc of SPREAD_KM around (lat, lng)."""
    r = SPREAD_KM * math.sqrt(rng.random()) / KM_PER_DEGREE
    angle = rng.uniform(0, 2 * math.pi)
    return (
        round(lat + r * math.sin(angle), 6),
        round(lng + r * math.cos(angle) / math.cos(math.radians(lat)), 6),
    )


def demo_sites(n: int, seed: int = 2026) -> list[Site]:
    """`n` unsaved sites, each owned by a county union or one of its 乡镇(街道) unions."""
    rng = random.Random(f"gonghui-demo-sites-{seed}")
    seats = county_seats()
    counties = list(
        Org.objects.filter(org_type=OrgType.COUNTY, status=OrgStatus.ACTIVE).order_by("path")
    )
    if not counties:
        return []
    townships: dict[str, list[Org]] = {}
    for org in Org.objects.filter(org_type=OrgType.TOWNSHIP, status=OrgStatus.ACTIVE).only(
        "id", "path", "name"
    ):
        townships.setdefault(org.path[: len(counties[0].path)], []).append(org)
    anchors = {
        county.pk: seats.get(county.division_code[:6]) or seats[county.division_code[:4] + "00"]
        for county in counties
    }
    weights = [k[1] for k in KINDS]
    sites, taken = [], set()
    for i in range(n):
        county = counties[i % len(counties)]
        kind, _, hours, base, extras = rng.choices(KINDS, weights)[0]
        owners = [county, *townships.get(county.path, [])[:6]]
        owner = owners[0] if rng.random() < 0.5 else rng.choice(owners)
        short = county.name.removesuffix("总工会")
        place = rng.choice(PLACES)
        host = rng.choice(HOSTS) if kind == SiteType.STATION else ""
        name = f"{short}{place}{host}{SiteType(kind).label}"
        k = 2
        while (owner.pk, name) in taken:
            name, k = f"{short}{place}{host}{SiteType(kind).label}（{k}）", k + 1
        taken.add((owner.pk, name))
        lat, lng = _near(rng, *anchors[county.pk])
        facilities = base
        for extra in extras:
            if rng.random() < 0.5:
                facilities |= extra
        sites.append(
            Site(
                name=name,
                site_type=kind,
                org=owner,
                county=county,
                address=f"{short}{place}{rng.randint(1, 300)}号",
                lat=lat,
                lng=lng,
                phone=f"{area_code(county.division_code)}-{rng.randint(2000000, 8999999)}",
                hours=parse_hours(rng.choice(hours)),
                facilities=int(facilities),
            )
        )
    return sites


def seed_sites(n: int = 300, seed: int = 2026) -> int:
    """Add `n` demo sites once; nothing when sites exist. Returns the number created."""
    if Site.objects.exists():
        return 0
    with transaction.atomic():
        return len(Site.objects.bulk_create(demo_sites(n, seed), batch_size=2000))
