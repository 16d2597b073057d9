"""Dashboard reads: figures, trend and breakdown of a subtree, scope-checked, few queries."""

from datetime import date

import pytest
from django.utils import timezone

from gonghui.core.errors import ApplicationError, NotFound
from gonghui.hotline.selectors import org_cases_overdue
from gonghui.members.codes import Category
from gonghui.members.services import member_leave, member_retain
from gonghui.metrics.services import month_key
from gonghui.metrics.tests.conftest import person
from gonghui.stats.selectors import (
    age_bands,
    org_breakdown,
    org_figures,
    org_trend,
)


@pytest.fixture
def people(staff, tree, make_member):
    this_year = timezone.localdate().year
    make_member(tree.base_a, id_number=person(1990, 1), category=Category.NF_COURIER)
    make_member(tree.base_a, id_number=person(1960, 2, female=True))
    make_member(
        tree.base_c,
        id_number=person(1980, 3),
        category=Category.NF_DELIVERY,
        joined_on=date(this_year, 1, 2),
    )
    retired = make_member(tree.base_d, id_number=person(1970, 4, female=True))
    member_retain(actor=staff.sysadmin, member=retired)
    gone = make_member(tree.base_d, id_number=person(1995, 5))
    member_leave(actor=staff.sysadmin, member=gone)


def test_figures_of_the_province(
    staff, tree, people, make_site, make_case, django_assert_max_num_queries
):
    make_site(tree.chengguan)
    make_case(to_org=tree.qinzhou)
    with django_assert_max_num_queries(3):
        figures = org_figures(user=staff.sysadmin, org=tree.province)
    assert figures["members"] == 4
    assert (figures["members_active"], figures["members_retained"]) == (3, 1)
    assert figures["new_forms"] == 2
    assert figures["new_forms_rate"] == 0.5
    assert figures["joins_this_year"] == 1
    assert figures["leaves_this_year"] == 1
    assert (figures["transfers_in_this_year"], figures["transfers_out_this_year"]) == (0, 0)
    assert figures["net_this_year"] == 0
    category = {p["key"]: p["value"] for p in figures["by_category"]}
    assert category["nf_courier"] == category["nf_delivery"] == 1
    assert category["employed"] == 2 and category["retired"] == 0
    gender = {p["label"]: p["value"] for p in figures["by_gender"]}
    assert gender["男性"] == 2 and gender["女性"] == 2
    assert sum(p["value"] for p in figures["by_age_band"]) == 4
    assert figures["orgs"] == 13 and figures["base_unions"] == 4
    assert figures["sites"] == 1
    assert (figures["cases_open"], figures["cases_closed"]) == (1, 0)
    assert figures["cases_received_this_year"] == 1


def test_figures_of_a_county_cover_only_its_subtree(staff, tree, people):
    figures = org_figures(user=staff.county_admin, org=tree.chengguan)
    assert figures["members"] == 2
    assert figures["new_forms"] == 1
    assert figures["joins_this_year"] == 0
    assert figures["base_unions"] == 2


def test_reads_outside_the_subtree_are_not_found(staff, tree, people):
    for read in (
        lambda: org_figures(user=staff.county_admin, org=tree.qilihe),
        lambda: org_trend(user=staff.county_admin, org=tree.lanzhou, metric="flow.join"),
        lambda: org_breakdown(user=staff.county_admin, org=tree.province, metric="members"),
        lambda: org_cases_overdue(user=staff.county_admin, org=tree.province),
    ):
        with pytest.raises(NotFound):
            read()


def test_age_bands_come_from_birth_years_at_read_time():
    counts = {"1990": 3, "1989": 1, "1970": 2, "1960": 5, "unknown": 1}
    bands = age_bands(counts, today=date(2025, 6, 1))
    assert [(b["label"], b["value"]) for b in bands] == [
        ("35岁及以下", 3),  # 35 in 2025
        ("36至45岁", 1),
        ("46至55岁", 2),
        ("56岁及以上", 5),
        ("出生日期不详", 1),
    ]
    # a year later the same rows fall into older bands
    assert age_bands(counts, today=date(2026, 6, 1))[0]["value"] == 0


def test_trend_is_zero_filled_oldest_first(staff, tree, people):
    trend = org_trend(user=staff.sysadmin, org=tree.province, metric="flow.join", months=12)
    today = timezone.localdate()
    assert len(trend) == 12
    assert trend[-1]["period"] == month_key(today)
    assert [t["period"] for t in trend] == sorted(t["period"] for t in trend)
    joined_in = {t["period"]: t["value"] for t in trend}
    assert joined_in[f"{today.year}-01"] == 1
    assert sum(joined_in.values()) == 1  # the others joined in 2020
    left = org_trend(user=staff.sysadmin, org=tree.province, metric="flow.leave", months=1)
    assert left == [{"period": month_key(today), "value": 1}]


def test_trend_refuses_an_unknown_metric(staff, tree):
    with pytest.raises(ApplicationError):
        org_trend(user=staff.sysadmin, org=tree.province, metric="members")


def test_breakdown_by_child_org(staff, tree, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        rows = org_breakdown(user=staff.sysadmin, org=tree.province, metric="members")
    assert [(r["org"].name, r["value"], r["has_children"]) for r in rows] == [
        ("兰州市总工会", 3, True),
        ("天水市总工会", 1, True),
    ]
    rows = org_breakdown(user=staff.city_admin, org=tree.lanzhou, metric="new_forms")
    assert [(r["org"].name, r["value"]) for r in rows] == [
        ("城关区总工会", 1),
        ("七里河区总工会", 1),
    ]
    leaves = org_breakdown(user=staff.sysadmin, org=tree.donggang, metric="members")
    assert [(r["value"], r["has_children"]) for r in leaves] == [(2, False), (0, False)]
