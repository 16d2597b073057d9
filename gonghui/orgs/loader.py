"""Build the regional union tree from the real Gansu division codes, fast.

甘肃省总工会 → 14 市州总工会 + 兰州新区总工会 → 86 县区总工会 → 1,403 乡镇(街道)工会.

The materialised paths are computed here and the rows go in with one ``bulk_create``: adding
1,500 nodes one by one through treebeard would cost a query or three each. ``bulk_add_children``
does the same for any later batch of children (the demo data uses it).
"""

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F

from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.services import level_for

DIVISIONS_CSV = Path(__file__).resolve().parent / "data" / "gansu_divisions.csv"

PROVINCE_CODE = "620000000000"
# 兰州新区: a statistical code under 兰州市 only, its union is city-level (DESIGN.md).
LANZHOU_NEW_AREA = "620171000000"
# 嘉峪关 has no county level: 620201 市辖区 is the NBS placeholder for its townships.
JIAYUGUAN_PLACEHOLDER = "620201000000"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int
    parent_code: str


def read_divisions(path: Path = DIVISIONS_CSV) -> list[Division]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            Division(row["code"], row["name"], int(row["level"]), row["parent_code"])
            for row in csv.DictReader(fh)
        ]


def _union_name(div: Division) -> str:
    if div.level == 4:
        return f"{div.name}工会"
    if div.level == 1:
        return f"{div.name.removesuffix('省')}省总工会"
    return f"{div.name}总工会"


def _new_org(div: Division, org_type: str, parent: Org | None) -> Org:
    return Org(
        name=_union_name(div),
        org_type=org_type,
        level=level_for(org_type, parent),
        division_code=div.code,
    )


def _place(node: Org, parent: Org | None, position: int) -> None:
    """Give `node` the path of the `position`-th (1-based) child of `parent`."""
    if parent is None:
        node.depth = 1
        node.path = Org._get_path(None, 1, position)
    else:
        node.depth = parent.depth + 1
        node.path = Org._get_path(parent.path, node.depth, position)
    node.numchild = 0
    if parent is not None:
        parent.numchild += 1


@transaction.atomic
def load_org_tree(path: Path = DIVISIONS_CSV) -> int:
    """Create the regional tree; do nothing if a root exists. Returns the number of orgs made."""
    if Org.objects.filter(depth=1).exists():
        return 0
    divisions = read_divisions(path)
    children: dict[str, list[Division]] = defaultdict(list)
    root_div = None
    for div in divisions:
        if div.level == 1:
            root_div = div
        else:
            children[div.parent_code].append(div)
    for kids in children.values():
        kids.sort(key=lambda d: d.code)
    if root_div is None or root_div.code != PROVINCE_CODE:
        raise ValueError(f"{path}: no province row {PROVINCE_CODE}")

    nodes: list[Org] = []

    def add(div: Division, org_type: str, parent: Org | None) -> Org:
        node = _new_org(div, org_type, parent)
        _place(node, parent, (parent.numchild if parent else 0) + 1)
        nodes.append(node)
        return node

    def add_townships(county_code: str, parent: Org) -> None:
        for town in children[county_code]:
            add(town, OrgType.TOWNSHIP, parent)

    root = add(root_div, OrgType.PROVINCE, None)
    new_area = None
    for city_div in children[root_div.code]:
        city = add(city_div, OrgType.CITY, root)
        for county_div in children[city_div.code]:
            if county_div.code == LANZHOU_NEW_AREA:
                new_area = county_div
            elif county_div.code == JIAYUGUAN_PLACEHOLDER:
                add_townships(county_div.code, city)
            else:
                county = add(county_div, OrgType.COUNTY, city)
                add_townships(county_div.code, county)
    if new_area is not None:
        # Beside the 14 市州, as the federation lists them ("14个市州和兰州新区").
        city = add(new_area, OrgType.CITY, root)
        add_townships(new_area.code, city)

    Org.objects.bulk_create(nodes, batch_size=500)
    return len(nodes)


def bulk_add_children(pairs: list[tuple[Org, Org]], batch_size: int = 500) -> list[Org]:
    """Insert many new children at once: `pairs` are (parent, unsaved child).

    A parent may itself be a child created earlier in the same list (it then has its path
    already). Children go after any existing ones; parents' ``numchild`` is updated in a few
    queries. Sets ``depth``, ``path``, ``numchild`` and, when missing, ``level``.
    Call inside a transaction.
    """
    if not pairs:
        return []
    new_paths = set()
    # Next free position under each parent; existing parents are read from the database.
    last_pos: dict[str, int] = {}
    existing_parents = {p.path for p, _ in pairs if p.pk is not None}
    for parent_path in existing_parents:
        last_pos[parent_path] = 0
    if existing_parents:
        depths = {len(p) // Org.steplen for p in existing_parents}
        rows = Org.objects.filter(depth__in=[d + 1 for d in depths]).values_list("path", flat=True)
        for child_path in rows:
            parent_path = child_path[: -Org.steplen]
            if parent_path in last_pos:
                pos = Org.numconv_obj().str2int(child_path[-Org.steplen :])
                last_pos[parent_path] = max(last_pos[parent_path], pos)
    increments: Counter[str] = Counter()
    children = []
    for parent, child in pairs:
        pos = last_pos.get(parent.path, 0) + 1
        last_pos[parent.path] = pos
        child.depth = parent.depth + 1
        child.path = Org._get_path(parent.path, child.depth, pos)
        child.numchild = 0
        if child.level is None:
            child.level = level_for(child.org_type, parent)
        if parent.path in new_paths:
            parent.numchild += 1
        else:
            increments[parent.path] += 1
            parent.numchild += 1
        new_paths.add(child.path)
        children.append(child)
    Org.objects.bulk_create(children, batch_size=batch_size)
    by_increment: dict[int, list[str]] = defaultdict(list)
    for parent_path, n in increments.items():
        by_increment[n].append(parent_path)
    for n, paths in by_increment.items():
        for i in range(0, len(paths), 500):
            Org.objects.filter(path__in=paths[i : i + 500]).update(numchild=F("numchild") + n)
    return children
