"""What a contest's fields may be: its level from the host union, the chain of linked levels,
the transitions of its status."""

from gonghui.competitions.models import Competition, ContestLevel, ContestStatus
from gonghui.orgs.models import Org, OrgLevel, OrgType

_BY_ORG_LEVEL = {
    OrgLevel.PROVINCE: ContestLevel.PROVINCE,
    OrgLevel.CITY: ContestLevel.CITY,
    OrgLevel.COUNTY: ContestLevel.COUNTY,
}

# Level labels an enterprise (group) union may add: 集团级, 项目级 …
LEVEL_LABELS = ("集团级", "公司级", "项目级", "车间级")

# status → the statuses it may move to, each with the button's label.
TRANSITIONS: dict[str, tuple[tuple[str, str], ...]] = {
    ContestStatus.DRAFT: ((ContestStatus.PUBLISHED, "发布"),),
    ContestStatus.PUBLISHED: ((ContestStatus.ENROLLING, "开始报名"),),
    ContestStatus.ENROLLING: ((ContestStatus.RUNNING, "截止报名、开始比赛"),),
    ContestStatus.RUNNING: ((ContestStatus.JUDGING, "进入评定"),),
    ContestStatus.JUDGING: ((ContestStatus.AWARDED, "完成表彰"),),
    ContestStatus.AWARDED: ((ContestStatus.ARCHIVED, "归档"),),
    ContestStatus.ARCHIVED: (),
}

# Entries are taken while enrolling (and, for a late confirmation, while running).
ENTRY_OPEN = (ContestStatus.PUBLISHED, ContestStatus.ENROLLING)
RESULTS_OPEN = (ContestStatus.RUNNING, ContestStatus.JUDGING, ContestStatus.AWARDED)


def level_of(host: Org) -> str:
    """A 省总 contest is 省级, a city's 市级, a county's 县级; a base or township union's 企业级."""
    if host.org_type == OrgType.BASE:
        return ContestLevel.ENTERPRISE
    return _BY_ORG_LEVEL.get(host.level, ContestLevel.ENTERPRISE)


def ancestor_paths(path: str) -> list[str]:
    """The paths of `path`'s org and of every org above it."""
    step = Org.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def chain_of(contest: Competition) -> str:
    return f"{contest.parent.chain if contest.parent_id else ''}{contest.pk:07d}/"
