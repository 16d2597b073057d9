"""The dashboard reads an org's roll-ups once (`metrics.reads.org_rows`) and hands them to the
sections: each section's figures equal those from its own query, whatever the periods."""

from datetime import date

import pytest
from django.utils import timezone

from gonghui.competitions.contests.stats import SUMMED, contest_section
from gonghui.competitions.quiz.stats import SUMMED as QUIZ_SUMMED
from gonghui.competitions.training.stats import MONTHLY, STANDING, training_section
from gonghui.honors.stats import AWARD, CURRENT, RECUPERATION, honors_section
from gonghui.metrics.models import OrgStat
from gonghui.metrics.reads import org_rows, period_sums
from gonghui.stats.dashboard import org_trends
from gonghui.stats.selectors import figures_of, org_figures

# Last year's December, this year's months (one after the period's end), current totals.
PERIODS = ["2025-12", "2026-01", "2026-03", "2026-06", "2026-07", ""]
START, END = "2026-01", "2026-06"


@pytest.fixture
def stats(tree):
    metrics = [
        *SUMMED,
        "contests.province",
        "contests_class.skills",
        *QUIZ_SUMMED,
        AWARD,
        f"{AWARD}.gansu-may1-award",
        "honors.nominations.pending",
        RECUPERATION,
        *CURRENT,
        *MONTHLY,
        *STANDING,
        "flow.join",
        "members",
    ]
    OrgStat.objects.bulk_create(
        OrgStat(org=tree.lanzhou, metric=m, period=p, value=n * 7 + i + 1)
        for n, m in enumerate(metrics)
        for i, p in enumerate(PERIODS)
    )
    yield org_rows(tree.lanzhou.pk, since="2025-12")
    # Made up, not counted: gone before the suite's check of the roll-ups against a recount.
    OrgStat.objects.filter(org=tree.lanzhou, metric__in=metrics, period__in=PERIODS).delete()


def test_rows_hold_the_totals_and_the_months_from_since(tree, stats):
    assert {p for _, p in stats} == set(PERIODS)
    later = org_rows(tree.lanzhou.pk, since="2026-03")
    assert {p for _, p in later} == {"2026-03", "2026-06", "2026-07", ""}


def test_period_sums_leave_out_the_totals_and_the_months_outside():
    rows = {("a", ""): 100, ("a", "2025-12"): 10, ("a", "2026-01"): 1, ("a", "2026-07"): 5}
    rows |= {("b", "2026-06"): 2}
    assert period_sums(rows, START, END, lambda m: True) == {"a": 1, "b": 2}
    assert period_sums(rows, START, END, {"b"}.__contains__) == {"b": 2}
    assert period_sums(rows, START, END, {"b"}.__contains__, current=["a", "z"]) == {
        "b": 2,
        "a": 100,
    }


@pytest.mark.parametrize("section", [contest_section, honors_section, training_section])
def test_each_section_from_the_rows_equals_its_own_query(tree, stats, section):
    own = section(org=tree.lanzhou, start=START, end=END)
    shared = section(org=tree.lanzhou, start=START, end=END, rows=stats)
    assert shared == own
    assert any(v for v in own["figures"].values())


def test_key_figures_and_trend_from_the_rows_equal_their_own_queries(tree, stats, staff):
    today = date(2026, 6, 15)
    own = org_trends(org=tree.lanzhou, today=today)
    assert org_trends(org=tree.lanzhou, today=today, rows=stats) == own
    assert own[-1]["values"][0] == stats[("flow.join", "2026-06")]
    figures = figures_of(tree.lanzhou, stats, today=today)
    assert figures["joins_this_year"] == sum(
        stats[("flow.join", p)] for p in ("2026-01", "2026-03", "2026-06", "2026-07")
    )
    assert figures["members"] == stats[("members", "")]
    now = timezone.localdate()
    assert figures_of(tree.lanzhou, stats, today=now) == org_figures(
        user=staff.sysadmin, org=tree.lanzhou
    )


def test_the_pages_org_links_equal_reverse():
    from django.urls import reverse

    from gonghui.stats import views

    for pk in (1, 20, 123456):
        assert views._org_url(pk) == reverse("stats:org", args=[pk])
