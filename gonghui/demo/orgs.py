"""Demo unions below the real regional tree.

Under each 街道: a few 社区工会; under some 镇/乡: a 村工会 or two; under every 乡镇(街道) and
社区(村): 基层工会 of employers (Faker zh_CN company names, valid 统一社会信用代码); under each
县区 and 市州: 产业(系统)工会 and 区域/行业工会联合会 (the federations hold the 新就业形态 workers).
"""

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from faker import Faker
from stdnum.cn import uscc as stdnum_uscc

from gonghui.demo.sizes import thin_base_unions
from gonghui.orgs.loader import bulk_add_children
from gonghui.orgs.models import Org, OrgType

# The 街道 of 城关区 and the one of 七里河区 whose first employer union gets the demo accounts.
DEMO_STREET_CODE = "620102001000"  # 酒泉路街道
DEMO_OTHER_COUNTY_STREET_CODE = "620103001000"  # 西园街道 (七里河区)

# Written as one string each, as they read; ruff would spread them one word per line.
COMMUNITY_WORDS = (  # noqa: SIM905
    "东方红 建设 和平 幸福 团结 民主 新华 光明 前进 胜利 友谊 红星 五星 育才 南关 北关 东关 西关 "
    "铁路 滨河 金城 黄河 广场 文化 东湖 兴隆 雁园 阳光 安居 康乐 华林 民乐 永安 和谐 丽景 锦华 "
    "龙泉 嘉园 花园 北苑 南苑 东苑 西苑 朝阳 向阳 工人 石化 电力 振华 长城 新城 中山 解放 人民 "
    "春华 秋实 金港 馨园 凤栖 白塔 五泉 桃园 梨园 枣林 杏林 柳湾 河畔 北滨河 南滨河"
).split()
VILLAGE_SUFFIXES = "庄 湾 沟 坪 台 堡 寨 川 塬 岘 坡 河 窑 岔 峁".split()  # noqa: SIM905

# (GB/T 4754 section, company-name endings, weight)
ENTERPRISE_KINDS = [
    (
        "C",
        [
            "机械制造有限公司",
            "化工有限公司",
            "建材有限公司",
            "食品有限公司",
            "装备制造有限公司",
            "制药有限公司",
            "铝业有限公司",
        ],
        15,
    ),
    ("E", ["建筑工程有限公司", "建设集团有限公司", "路桥工程有限公司", "建筑安装有限公司"], 14),
    ("F", ["商贸有限公司", "百货有限公司", "超市有限公司", "农产品有限公司"], 14),
    ("G", ["物流有限公司", "运输有限公司", "快递服务有限公司", "公交有限公司"], 10),
    ("H", ["餐饮管理有限公司", "酒店管理有限公司", "餐饮有限公司"], 10),
    ("I", ["科技有限公司", "网络有限公司", "信息有限公司", "传媒有限公司"], 6),
    ("K", ["物业服务有限公司", "房地产开发有限公司"], 7),
    ("A", ["农业发展有限公司", "牧业有限公司", "果业有限公司"], 6),
    ("B", ["矿业有限公司", "煤业有限公司"], 3),
    ("D", ["电力有限公司", "热力有限公司", "供水有限公司"], 3),
    ("L", ["劳务派遣有限公司", "人力资源服务有限公司", "保安服务有限公司"], 6),
    ("O", ["家政服务有限公司", "汽车维修有限公司"], 6),
]
ENTERPRISE_NATURES = [
    ("170", 40),
    ("150", 35),
    ("110", 8),
    ("160", 6),
    ("120", 4),
    ("190", 3),
    ("300", 2),
    ("200", 2),
]
SMALL_KINDS = ["F", "H", "O", "K"]

CITY_INDUSTRY_UNIONS = [("教育工会", "P"), ("卫生健康工会", "Q"), ("交通运输工会", "G")]
CITY_FEDERATIONS = ["货车司机工会联合会", "网约车行业工会联合会"]
COUNTY_NEW_FORM_FEDERATIONS = ["快递行业工会联合会", "外卖配送行业工会联合会"]
COUNTY_OTHER_FEDERATIONS = [
    "建筑行业工会联合会",
    "餐饮行业工会联合会",
    "商贸流通行业工会联合会",
    "物业服务行业工会联合会",
]

# Prefixes in Faker's list that name real companies or places, or carry an industry word that
# would clash with the ending chosen here.
_PREFIX_DROP = {
    "方正科技",
    "四通",
    "七喜",
    "太极",
    "网新恒天",
    "飞利信",
    "浙大万朋",
    "联通时科",
    "华远软件",
    "雨林木风计算机",
    "万迅电脑",
    "双敏电子",
    "立信电子",
    "中建创业",
    "诺依曼软件",
    "商软冠联",
    "图龙信息",
    "新格林耐特",
    "数字100",
    "MBP软件",
}
_PREFIX_ENDINGS = ("计算机", "电子", "信息", "软件", "科技", "数字", "国际", "电脑")
_PLACE_SUFFIX = re.compile(
    r"((回族|藏族|东乡族|保安族|撒拉族|裕固族|蒙古族|哈萨克族)+自治(州|县)|[市区县州])$"
)


def company_prefixes() -> list[str]:
    """Faker zh_CN 字号 (trade names), cleaned of real brands, places and industry words."""
    raw = Faker("zh_CN").provider("faker.providers.company").company_prefixes
    out = []
    for prefix in dict.fromkeys(raw):
        if (
            prefix in _PREFIX_DROP
            or "公司" in prefix
            or not re.fullmatch(r"[\u4e00-\u9fff]+", prefix)
        ):
            continue
        if re.match(r"(济南|黄石|襄樊|开发区)", prefix):
            continue
        for ending in _PREFIX_ENDINGS:
            if prefix.endswith(ending) and len(prefix) > len(ending) + 1:
                prefix = prefix.removesuffix(ending)
        out.append(prefix)
    return list(dict.fromkeys(out))


def short_place(name: str) -> str:
    """城关区 → 城关, 临夏回族自治州 → 临夏, 兰州新区 stays; never shorter than two characters."""
    if name.endswith("新区"):
        return name
    short = _PLACE_SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_uscc(rng: random.Random, prefix2: str, region6: str) -> str:
    """A GB 32100 code: registration authority + type (91 enterprise, 12 事业单位, 11 机关),
    the region, a random 9-character organisation code, and the computed check character."""
    body = prefix2 + region6 + "".join(rng.choice(USCC_CHARSET) for _ in range(9))
    return body + stdnum_uscc.calc_check_digit(body)


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=int(rng.random() * ((end - start).days + 1)))


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class _Context:
    rng: random.Random
    prefixes: list[str]
    person_names: "PersonNames"
    uscc_taken: set
    names_taken: set


class PersonNames:
    """Chinese names from Faker's zh_CN lists: weighted surnames, gendered given names."""

    def __init__(self):
        person = Faker("zh_CN").provider("faker.providers.person")
        self.last_names = list(person.last_names.keys())
        self.last_weights = list(person.last_names.values())
        self.first_male = list(person.first_names_male)
        self.first_female = list(person.first_names_female)

    def pick(self, rng: random.Random, male: bool) -> str:
        last = rng.choices(self.last_names, self.last_weights)[0]
        return last + rng.choice(self.first_male if male else self.first_female)


def _unique(ctx: _Context, make) -> str:
    for _ in range(50):
        name = make()
        if name not in ctx.names_taken:
            ctx.names_taken.add(name)
            return name
    raise RuntimeError("could not find a free demo org name")


def _enterprise(ctx: _Context, place: str, region6: str, *, kinds=None, big=False) -> Org:
    rng = ctx.rng
    if kinds is None:
        industry, endings, _ = rng.choices(ENTERPRISE_KINDS, [k[2] for k in ENTERPRISE_KINDS])[0]
    else:
        wanted = rng.choice(kinds)
        industry, endings, _ = next(k for k in ENTERPRISE_KINDS if k[0] == wanted)
    nature = _weighted(rng, ENTERPRISE_NATURES)
    unit = _unique(ctx, lambda: place + rng.choice(ctx.prefixes) + rng.choice(endings))
    workers = min(8000, max(5, int(rng.lognormvariate(3.8, 1.1))))
    if nature == "110":
        workers = min(20000, workers * 4)
    if big:
        workers = 1500
    start = date(1980, 1, 1) if nature in ("110", "120") else date(1995, 1, 1)
    return _org(
        ctx,
        unit + "工会",
        OrgType.BASE,
        industry=industry,
        unit_nature=nature,
        uscc_prefix="91",
        region6=region6,
        workers=workers,
        founded=_random_date(rng, start, date(2024, 12, 31)),
    )


def _public_unit(
    ctx: _Context, unit: str, industry: str, nature: str, region6: str, workers: tuple[int, int]
) -> Org:
    rng = ctx.rng
    return _org(
        ctx,
        _unique(ctx, lambda: unit + "工会"),
        OrgType.BASE,
        industry=industry,
        unit_nature=nature,
        uscc_prefix="11" if nature == "500" else "12",
        region6=region6,
        workers=rng.randint(*workers),
        founded=_random_date(rng, date(1980, 1, 1), date(2005, 12, 31)),
    )


def _org(
    ctx: _Context,
    name: str,
    org_type: str,
    *,
    industry="",
    unit_nature="",
    uscc_prefix="",
    region6="",
    workers=0,
    founded=None,
) -> Org:
    rng = ctx.rng
    uscc = ""
    if uscc_prefix:
        uscc = make_uscc(rng, uscc_prefix, region6)
        while uscc in ctx.uscc_taken:
            uscc = make_uscc(rng, uscc_prefix, region6)
        ctx.uscc_taken.add(uscc)
    return Org(
        name=name,
        org_type=org_type,
        industry=industry,
        unit_nature=unit_nature,
        uscc=uscc,
        workers_count=workers,
        founded_on=founded,
        chair_name=ctx.person_names.pick(rng, rng.random() < 0.6),
    )


def _kind_of_township(code: str) -> str:
    n = int(code[6:9])
    return "street" if n < 100 else "town" if n < 400 else "zone"


@transaction.atomic
def seed_orgs(seed: int, *, members: int | None = None) -> int:
    """Add the demo unions under the regional tree; nothing if base unions exist already.
    With `members`, only as many employer unions as that many members fill (`sizes.py`).
    Returns the number of unions created."""
    if Org.objects.filter(org_type=OrgType.BASE).exists():
        return 0
    ctx = _Context(
        rng=random.Random(f"gonghui-demo-orgs-{seed}"),
        prefixes=company_prefixes(),
        person_names=PersonNames(),
        uscc_taken=set(Org.objects.exclude(uscc="").values_list("uscc", flat=True)),
        names_taken=set(Org.objects.values_list("name", flat=True)),
    )
    rng = ctx.rng
    regional = list(
        Org.objects.filter(org_type__in=[OrgType.CITY, OrgType.COUNTY, OrgType.TOWNSHIP]).order_by(
            "path"
        )
    )
    by_path = {org.path: org for org in regional}
    pairs: list[tuple[Org, Org]] = []

    def add(parent: Org, child: Org) -> Org:
        child.division_code = child.division_code or parent.division_code
        pairs.append((parent, child))
        return child

    def area_names(township: Org) -> tuple[str, str, str]:
        """(short and full name of the county or city, 6-digit region for USCC)."""
        county = by_path.get(township.path[:12]) if township.depth >= 3 else None
        area = (
            county
            if county is not None and county.org_type == OrgType.COUNTY
            else (by_path[township.path[:8]])
        )
        region6 = area.division_code[:6]
        # 兰州新区 and 嘉峪关's 市辖区 are no registration areas: firms there carry the city's.
        region6 = {"620171": "620100", "620201": "620200"}.get(region6, region6)
        full = area.name.removesuffix("总工会")
        return short_place(full), full, region6

    for org in regional:
        if org.org_type == OrgType.TOWNSHIP:
            _township_children(ctx, org, area_names(org), add)
        elif org.org_type == OrgType.COUNTY:
            county = org.name.removesuffix("总工会")
            add(org, _org(ctx, f"{county}教育工会", OrgType.INDUSTRY, industry="P"))
            for fed in COUNTY_NEW_FORM_FEDERATIONS:
                if rng.random() < 0.6:
                    add(
                        org,
                        _org(ctx, county + fed, OrgType.FEDERATION, workers=rng.randint(80, 1500)),
                    )
            add(
                org,
                _org(
                    ctx,
                    county + rng.choice(COUNTY_OTHER_FEDERATIONS),
                    OrgType.FEDERATION,
                    workers=rng.randint(100, 2000),
                ),
            )
        elif org.org_type == OrgType.CITY:
            city = org.name.removesuffix("总工会")
            for suffix, industry in CITY_INDUSTRY_UNIONS:
                add(org, _org(ctx, city + suffix, OrgType.INDUSTRY, industry=industry))
            for fed in CITY_FEDERATIONS:
                add(org, _org(ctx, city + fed, OrgType.FEDERATION, workers=rng.randint(300, 5000)))
    if members is not None:
        keep_under = (DEMO_STREET_CODE, DEMO_OTHER_COUNTY_STREET_CODE)
        pairs = thin_base_unions(rng, pairs, members, keep_under)
    bulk_add_children(pairs)
    return len(pairs)


def _township_children(ctx: _Context, township: Org, area: tuple[str, str, str], add) -> None:
    rng = ctx.rng
    place, area_name, region6 = area
    # Township names repeat across counties (城关镇): public units carry the county's name.
    town_name = area_name + township.name.removesuffix("工会")
    kind = _kind_of_township(township.division_code)
    demo = township.division_code in (DEMO_STREET_CODE, DEMO_OTHER_COUNTY_STREET_CODE)

    n_firms = {"street": rng.randint(2, 4), "town": rng.randint(1, 2), "zone": rng.randint(2, 5)}
    for i in range(n_firms[kind]):
        add(township, _enterprise(ctx, place, region6, big=demo and i == 0))
    if kind != "zone":
        office = town_name + ("办事处" if kind == "street" else "人民政府")
        add(township, _public_unit(ctx, office, "S", "500", region6, (20, 120)))
    if kind == "town" and rng.random() < 0.4:
        unit = town_name + rng.choice(["卫生院", "中心小学"])
        industry = "Q" if unit.endswith("院") else "P"
        add(township, _public_unit(ctx, unit, industry, "400", region6, (20, 150)))

    if kind == "street":
        words = rng.sample(COMMUNITY_WORDS, rng.randint(2, 5))
        for word in words:
            community = add(township, _org(ctx, f"{word}社区工会", OrgType.COMMUNITY))
            for _ in range(rng.randint(1, 2)):
                add(community, _enterprise(ctx, place, region6, kinds=SMALL_KINDS))
    elif kind == "town" and rng.random() < 0.4:
        villages, wanted = set(), rng.randint(1, 2)
        while len(villages) < wanted:
            villages.add(
                f"{rng.choice(ctx.person_names.last_names[:60])}家"
                f"{rng.choice(VILLAGE_SUFFIXES)}村工会"
            )
        for name in sorted(villages):
            village = add(township, _org(ctx, name, OrgType.COMMUNITY))
            if rng.random() < 0.5:
                add(village, _enterprise(ctx, place, region6, kinds=["A"]))
