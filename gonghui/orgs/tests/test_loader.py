import time
from io import StringIO

import pytest
from django.core.management import call_command

from gonghui.orgs.loader import bulk_add_children, load_org_tree
from gonghui.orgs.models import Org, OrgLevel, OrgType

pytestmark = pytest.mark.django_db


def _no_problems() -> bool:
    return all(not ids for ids in Org.objects.find_problems())


def test_tree_from_divisions_has_the_real_counts_and_a_sound_structure():
    started = time.perf_counter()
    created = load_org_tree()
    elapsed = time.perf_counter() - started

    assert created == 1 + 15 + 86 + 1403
    assert elapsed < 5
    assert _no_problems()
    counts = {t: Org.objects.filter(org_type=t).count() for t in OrgType.values}
    assert counts[OrgType.PROVINCE] == 1
    assert counts[OrgType.CITY] == 15
    assert counts[OrgType.COUNTY] == 86
    assert counts[OrgType.TOWNSHIP] == 1403
    for org_type, level in [
        (OrgType.PROVINCE, OrgLevel.PROVINCE),
        (OrgType.CITY, OrgLevel.CITY),
        (OrgType.COUNTY, OrgLevel.COUNTY),
        (OrgType.TOWNSHIP, OrgLevel.TOWNSHIP),
    ]:
        assert not Org.objects.filter(org_type=org_type).exclude(level=level).exists()

    root = Org.objects.get(depth=1)
    assert (root.name, root.division_code) == ("甘肃省总工会", "620000000000")
    cities = list(Org.objects.get_children(root))
    assert [c.name for c in cities[:2]] == ["兰州市总工会", "嘉峪关市总工会"]
    assert "临夏回族自治州总工会" in {c.name for c in cities}
    assert cities[-1].name == "兰州新区总工会"
    assert cities[-1].division_code == "620171000000"
    assert cities[-1].org_type == OrgType.CITY


def test_new_area_and_jiayuguan_townships_hang_from_their_city_level_unions():
    load_org_tree()
    new_area = Org.objects.get(name="兰州新区总工会")
    assert sorted(c.name for c in Org.objects.get_children(new_area)) == [
        "上川镇工会",
        "中川镇工会",
        "秦川镇工会",
        "西岔镇工会",
    ]
    jiayuguan = Org.objects.get(name="嘉峪关市总工会")
    children = list(Org.objects.get_children(jiayuguan))
    assert len(children) == 5
    assert {c.org_type for c in children} == {OrgType.TOWNSHIP}
    assert not Org.objects.filter(division_code__in=["620201000000"]).exists()
    assert not Org.objects.filter(name="兰州新区总工会", org_type=OrgType.COUNTY).exists()

    chengguan = Org.objects.get(name="城关区总工会")
    assert Org.objects.get_parent(chengguan).name == "兰州市总工会"
    assert chengguan.division_code == "620102000000"
    street = Org.objects.get_children(chengguan).first()
    assert (street.name, street.division_code) == ("酒泉路街道工会", "620102001000")
    assert street.level == OrgLevel.TOWNSHIP


def test_loading_twice_does_nothing():
    assert load_org_tree() > 0
    assert load_org_tree() == 0
    assert Org.objects.count() == 1505


def test_load_orgs_command_is_idempotent():
    out = StringIO()
    call_command("load_orgs", stdout=out)
    assert "1505" in out.getvalue()
    out = StringIO()
    call_command("load_orgs", stdout=out)
    assert "已存在" in out.getvalue()
    assert Org.objects.count() == 1505


def test_bulk_add_children_appends_after_existing_children_and_nests():
    root = Org.objects.add_root(
        create_kwargs=dict(
            name="甘肃省总工会", org_type=OrgType.PROVINCE, level=1, division_code="620000000000"
        )
    )
    city = Org.objects.add_child(
        root,
        create_kwargs=dict(
            name="兰州市总工会", org_type=OrgType.CITY, level=2, division_code="620100000000"
        ),
    )
    root = Org.objects.get(pk=root.pk)
    county = Org(name="城关区总工会", org_type=OrgType.COUNTY)
    street = Org(name="酒泉路街道工会", org_type=OrgType.TOWNSHIP)
    firm = Org(name="某公司工会", org_type=OrgType.BASE)
    other_city = Org(name="天水市总工会", org_type=OrgType.CITY)
    bulk_add_children([(city, county), (county, street), (street, firm), (root, other_city)])

    assert _no_problems()
    assert [c.name for c in Org.objects.get_children(Org.objects.get(pk=root.pk))] == [
        "兰州市总工会",
        "天水市总工会",
    ]
    firm = Org.objects.get(name="某公司工会")
    assert [a.name for a in Org.objects.get_ancestors(firm)] == [
        "甘肃省总工会",
        "兰州市总工会",
        "城关区总工会",
        "酒泉路街道工会",
    ]
    assert (firm.level, Org.objects.get(name="城关区总工会").level) == (4, 3)
    # A second batch under a parent that now has children.
    bulk_add_children(
        [(Org.objects.get(pk=city.pk), Org(name="七里河区总工会", org_type=OrgType.COUNTY))]
    )
    assert _no_problems()
    assert [c.name for c in Org.objects.get_children(Org.objects.get(pk=city.pk))] == [
        "城关区总工会",
        "七里河区总工会",
    ]
