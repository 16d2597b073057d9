"""The real Gansu catalogue of honors (甘肃省总工会 and the national titles it recommends for).

`load_catalogue(root)` is idempotent: a type already there (by code) is left as it is (its
regulation may have been edited since), a missing one is created.
"""

from dataclasses import dataclass

from gonghui.honors.models import FormLayout, HonorLevel, HonorSubject, HonorType
from gonghui.orgs.models import Org, OrgType

PERSON_MATERIALS = "推荐审批表\n主要事迹材料（1500字以内）\n近期免冠彩色照片\n所在单位党组织意见"
COLLECTIVE_MATERIALS = (
    "推荐审批表\n集体事迹材料\n近三年生产经营和安全生产情况说明\n所在地党委、政府意见"
)
TEAM_MATERIALS = "推荐审批表\n班组（车间、项目部）事迹材料\n成员名单"


@dataclass(frozen=True)
class Entry:
    code: str
    title: str
    level: str
    body: str
    subject: str
    cycle: int
    regulation: str
    city: str = ""  # a city-level honor: the city union's name


CATALOGUE = (
    Entry(
        "national-model",
        "全国劳动模范和先进工作者",
        HonorLevel.NATIONAL,
        "中共中央、国务院",
        HonorSubject.PERSON,
        5,
        "全国劳动模范和先进工作者评选表彰办法",
    ),
    Entry(
        "national-may1-award",
        "全国五一劳动奖状",
        HonorLevel.NATIONAL,
        "中华全国总工会",
        HonorSubject.COLLECTIVE,
        1,
        "全国五一劳动奖和全国工人先锋号评选管理工作办法",
    ),
    Entry(
        "national-may1-medal",
        "全国五一劳动奖章",
        HonorLevel.NATIONAL,
        "中华全国总工会",
        HonorSubject.PERSON,
        1,
        "全国五一劳动奖和全国工人先锋号评选管理工作办法",
    ),
    Entry(
        "national-vanguard",
        "全国工人先锋号",
        HonorLevel.NATIONAL,
        "中华全国总工会",
        HonorSubject.TEAM,
        1,
        "全国五一劳动奖和全国工人先锋号评选管理工作办法",
    ),
    Entry(
        "national-women-post",
        "全国五一巾帼标兵岗",
        HonorLevel.NATIONAL,
        "中华全国总工会",
        HonorSubject.TEAM,
        1,
        "全国五一巾帼奖评选办法",
    ),
    Entry(
        "national-women-model",
        "全国五一巾帼标兵",
        HonorLevel.NATIONAL,
        "中华全国总工会",
        HonorSubject.PERSON,
        1,
        "全国五一巾帼奖评选办法",
    ),
    Entry(
        "gansu-model",
        "甘肃省劳动模范",
        HonorLevel.PROVINCE,
        "甘肃省人民政府",
        HonorSubject.PERSON,
        5,
        "甘肃省劳动模范评选表彰办法",
    ),
    Entry(
        "gansu-may1-award",
        "甘肃省五一劳动奖状",
        HonorLevel.PROVINCE,
        "甘肃省总工会",
        HonorSubject.COLLECTIVE,
        2,
        "甘肃省五一劳动奖和甘肃省工人先锋号评选管理办法",
    ),
    Entry(
        "gansu-may1-medal",
        "甘肃省五一劳动奖章",
        HonorLevel.PROVINCE,
        "甘肃省总工会",
        HonorSubject.PERSON,
        2,
        "甘肃省五一劳动奖和甘肃省工人先锋号评选管理办法",
    ),
    Entry(
        "gansu-vanguard",
        "甘肃省工人先锋号",
        HonorLevel.PROVINCE,
        "甘肃省总工会",
        HonorSubject.TEAM,
        2,
        "甘肃省五一劳动奖和甘肃省工人先锋号评选管理办法",
    ),
    Entry(
        "longyuan-craftsman",
        "陇原工匠",
        HonorLevel.PROVINCE,
        "甘肃省总工会",
        HonorSubject.PERSON,
        1,
        "“陇原工匠”选树管理办法",
    ),
    Entry(
        "longyuan-craftsman-nominee",
        "提名陇原工匠",
        HonorLevel.PROVINCE,
        "甘肃省总工会",
        HonorSubject.PERSON,
        1,
        "“陇原工匠”选树管理办法",
    ),
    Entry(
        "lanzhou-model",
        "兰州市劳动模范",
        HonorLevel.CITY,
        "兰州市人民政府",
        HonorSubject.PERSON,
        5,
        "兰州市劳动模范评选表彰办法",
        city="兰州市总工会",
    ),
)

_MATERIALS = {
    HonorSubject.PERSON: PERSON_MATERIALS,
    HonorSubject.COLLECTIVE: COLLECTIVE_MATERIALS,
    HonorSubject.TEAM: TEAM_MATERIALS,
}


def layout_for(entry: Entry) -> str:
    """The 推荐审批表 layout a seeded type starts with (系统管理员 may change it)."""
    if "工匠" in entry.title:
        return FormLayout.CRAFTSMAN
    if entry.subject != HonorSubject.PERSON:
        return FormLayout.PIONEER
    if "劳动模范" in entry.title:
        return FormLayout.MODEL
    return FormLayout.MEDAL


def load_catalogue(root: Org) -> list[HonorType]:
    """Create the missing types under the province's root `root`; returns the types created."""
    created = []
    for order, entry in enumerate(CATALOGUE, start=1):
        if HonorType.objects.filter(code=entry.code).exists():
            continue
        conferrer = root
        if entry.city:
            city = Org.objects.filter(
                depth=root.depth + 1,
                path__startswith=root.path,
                org_type=OrgType.CITY,
                name=entry.city,
            ).first()
            if city is None:
                continue
            conferrer = city
        created.append(
            HonorType.objects.create(
                code=entry.code,
                title=entry.title,
                level=entry.level,
                conferrer=conferrer,
                conferring_body=entry.body,
                subject=entry.subject,
                cycle_years=entry.cycle,
                regulation=f"{entry.regulation}（现行版本）",
                regulation_version="2024版",
                materials=_MATERIALS[entry.subject],
                form_layout=layout_for(entry),
                order=order * 10,
            )
        )
    return created
