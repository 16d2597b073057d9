"""工单统计: the database aggregation equals a recount done case by case in Python, over cases
brought to every state through the services with the clock set for each step."""

import io
import json
import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditLog
from gonghui.core.errors import NotFound
from gonghui.hotline import services
from gonghui.hotline.codes import (
    CaseStatus,
    Category,
    Channel,
    Complexity,
    EventAction,
    Kind,
    Rating,
    Result,
)
from gonghui.hotline.models import Case
from gonghui.hotline.stats import DIMENSIONS, case_statistics
from gonghui.hotline.tests.conftest import beijing, intake
from gonghui.orgs.tests.picking import picker_offers

START, END = date(2026, 3, 1), date(2026, 3, 31)


class Clock:
    def __init__(self):
        self.now = None


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() as the test sets it (the services read it for every step)."""
    real_now = timezone.now
    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now or real_now())
    return c


def _close(money="0", benefited=0, result=Result.RESOLVED):
    reason = "" if result == Result.RESOLVED else "企业已停业"
    return {
        "result": result,
        "reason": reason,
        "outcome": "已协调处理。",
        "money_recovered": money,
        "workers_benefited": benefited,
    }


@pytest.fixture
def cases(tree, staff, clock):
    """A varied set: every channel, class and state; on time and late closings; dispatches and
    acceptances in and out of their service targets; every rating; a reopened case; cases held
    by the province (waiting, returned), by 城关区 and its township, by its sibling 七里河区 and
    by 天水; and cases received just outside the period."""
    actor = staff.sysadmin

    def make(received, steps=(), **fields):
        clock.now = received
        case = intake(actor, received_at=received, **fields)
        for minutes, action, kwargs in steps:
            clock.now = received + timedelta(minutes=minutes)
            kwargs = dict(kwargs)
            if action not in ("callback",):
                kwargs["expected_version"] = case.version
            case = getattr(services, f"case_{action}")(actor=actor, case=case, **kwargs)
        return case

    day = 24 * 60
    made = [
        # Dispatched in 10 min, accepted in 50, closed the same day: all on target, 满意.
        make(
            beijing(2026, 3, 2, 9, 0),
            [
                (10, "dispatch", {"to_org": tree.chengguan}),
                (60, "accept", {}),
                (360, "close", _close("12000", 5)),
                (day, "callback", {"rating": Rating.SATISFIED}),
            ],
            channel=Channel.PHONE,
            kind=Kind.DEMAND,
            category=Category.WAGES,
            complexity=Complexity.SIMPLE,
        ),
        # Dispatched after an hour, accepted 3 h later, closed two days late: 基本满意.
        make(
            beijing(2026, 3, 3, 10, 0),
            [
                (60, "dispatch", {"to_org": tree.donggang}),
                (240, "accept", {}),
                (2 * day + 60, "close", _close("0", 1, Result.PARTLY)),
                (3 * day, "callback", {"rating": Rating.BASIC}),
            ],
            channel=Channel.VISIT,
            kind=Kind.CONSULT,
            category=Category.POLICY,
            complexity=Complexity.SIMPLE,
        ),
        # The sibling county: closed on time, 不满意 and reopened (no longer closed).
        make(
            beijing(2026, 3, 4, 8, 30),
            [
                (5, "dispatch", {"to_org": tree.qilihe}),
                (30, "accept", {}),
                (day, "close", _close("500.25", 2)),
                (2 * day, "callback", {"rating": Rating.UNSATISFIED, "reopen": True}),
            ],
            channel=Channel.ONLINE,
            kind=Kind.SUGGEST,
            category=Category.CONTRACT,
            complexity=Complexity.HARD,
        ),
        # Dispatched to the county, transferred to the township, closed on time, no callback.
        make(
            beijing(2026, 3, 9, 14, 0),
            [
                (20, "dispatch", {"to_org": tree.chengguan}),
                (100, "transfer", {"to_org": tree.donggang}),
                (400, "accept", {}),
                (3 * day, "close", _close("3000.50", 2)),
            ],
            channel=Channel.LETTER,
            kind=Kind.DEMAND,
            category=Category.INJURY,
            complexity=Complexity.COMPLEX,
        ),
        # Closed, then 不满意 without reopening.
        make(
            beijing(2026, 3, 10, 11, 0),
            [
                (25, "dispatch", {"to_org": tree.base_a}),
                (200, "accept", {}),
                (9 * day, "close", _close("800", 3, Result.LEGAL_AID)),
                (10 * day, "callback", {"rating": Rating.UNSATISFIED}),
            ],
            channel=Channel.PHONE,
            kind=Kind.DEMAND,
            category=Category.WAGES,
            complexity=Complexity.HARD,
        ),
        # Waiting at the call centre.
        make(
            beijing(2026, 3, 12, 16, 0),
            channel=Channel.PHONE,
            kind=Kind.CONSULT,
            category=Category.SOCIAL_INSURANCE,
            complexity=Complexity.SIMPLE,
        ),
        # Dispatched to 城关区, which returned it.
        make(
            beijing(2026, 3, 13, 9, 0),
            [
                (15, "dispatch", {"to_org": tree.chengguan}),
                (30, "return", {"reason": "不属本区管辖"}),
            ],
            channel=Channel.PHONE,
            kind=Kind.DEMAND,
            category=Category.REST,
            complexity=Complexity.HARD,
        ),
        # 天水: accepted, open.
        make(
            beijing(2026, 3, 16, 10, 0),
            [(45, "dispatch", {"to_org": tree.qinzhou}), (90, "accept", {})],
            channel=Channel.VISIT,
            kind=Kind.DEMAND,
            category=Category.SAFETY,
            complexity=Complexity.HARD,
        ),
        # 城关区: dispatched, not yet accepted; received the last evening of the period.
        make(
            beijing(2026, 3, 31, 23, 30),
            [(20, "dispatch", {"to_org": tree.chengguan})],
            channel=Channel.ONLINE,
            kind=Kind.DEMAND,
            category=Category.WOMEN,
            complexity=Complexity.SIMPLE,
        ),
        # Outside the period on either side.
        make(
            beijing(2026, 2, 28, 23, 59),
            [(5, "dispatch", {"to_org": tree.chengguan}), (10, "accept", {})],
            channel=Channel.PHONE,
            kind=Kind.DEMAND,
            category=Category.WAGES,
            complexity=Complexity.SIMPLE,
        ),
        make(
            beijing(2026, 4, 1, 0, 0),
            [
                (5, "dispatch", {"to_org": tree.chengguan}),
                (10, "accept", {}),
                (60, "close", _close("99999", 50)),
            ],
            channel=Channel.PHONE,
            kind=Kind.DEMAND,
            category=Category.WAGES,
            complexity=Complexity.SIMPLE,
        ),
    ]
    clock.now = None
    return made


def recount(org, start, end) -> dict:
    """The same figures, case by case: states from the status, service targets from the
    timeline's events."""
    chosen = [
        c
        for c in Case.objects.select_related("holder")
        if c.holder.path.startswith(org.path) and start <= timezone.localdate(c.received_at) <= end
    ]
    expected = {"total": len(chosen)}
    for key, field, _, _ in DIMENSIONS:
        expected[key] = dict(Counter(getattr(c, field) for c in chosen))
    closed = [c for c in chosen if c.status in (CaseStatus.CLOSED, CaseStatus.EVALUATED)]
    expected["closed"] = len(closed)
    expected["closed_on_time"] = sum(c.closed_at <= c.deadline for c in closed)
    dispatched = accepted = dispatch_hits = accept_hits = 0
    for c in chosen:
        events = list(c.events.order_by("at", "id"))
        sends = [e for e in events if e.action in (EventAction.DISPATCH, EventAction.TRANSFER)]
        accepts = [e for e in events if e.action == EventAction.ACCEPT]
        if sends:
            dispatched += 1
            dispatch_hits += sends[0].at - c.received_at <= timedelta(minutes=30)
        if accepts:
            accepted += 1
            before = [e for e in sends if e.at <= accepts[0].at][-1]
            accept_hits += accepts[0].at - before.at <= timedelta(hours=2)
    rated = [c for c in chosen if c.rating]
    expected.update(
        dispatched=dispatched,
        dispatched_in_time=dispatch_hits,
        accepted=accepted,
        accepted_in_time=accept_hits,
        rated=len(rated),
        satisfied=sum(c.rating in ("satisfied", "basic") for c in rated),
        money_recovered=sum((c.money_recovered for c in chosen), Decimal("0.00")),
        workers_benefited=sum(c.workers_benefited for c in chosen),
    )
    return expected


def _as_recount(stats) -> dict:
    got = {key: stats[key] for key in recount_keys()}
    for key, _, _, _ in DIMENSIONS:
        got[key] = {row["code"]: row["count"] for row in stats[key] if row["count"]}
    return got


def recount_keys():
    return [
        "total",
        "closed",
        "closed_on_time",
        "dispatched",
        "dispatched_in_time",
        "accepted",
        "accepted_in_time",
        "rated",
        "satisfied",
        "money_recovered",
        "workers_benefited",
    ]


@pytest.mark.parametrize("org_name", ["province", "lanzhou", "chengguan", "qilihe", "qinzhou"])
def test_statistics_equal_a_recount(tree, staff, cases, org_name):
    org = getattr(tree, org_name)
    stats = case_statistics(user=staff.sysadmin, org=org, start=START, end=END)
    assert _as_recount(stats) == recount(org, START, END)


def test_province_figures(tree, staff, cases):
    """Known values of the set, so that a recount agreeing by accident would not pass."""
    s = case_statistics(user=staff.sysadmin, org=tree.province, start=START, end=END)
    assert s["total"] == 9
    assert (s["closed"], s["closed_on_time"], s["on_time_rate"]) == (4, 2, 0.5)
    assert (s["dispatched"], s["dispatched_in_time"]) == (8, 6)
    assert (s["accepted"], s["accepted_in_time"]) == (6, 3)
    assert (s["rated"], s["satisfied"], s["satisfaction_rate"]) == (4, 2, 0.5)
    assert s["money_recovered"] == Decimal("16300.75")
    assert s["workers_benefited"] == 13
    by_status = {row["code"]: row["count"] for row in s["by_status"]}
    assert by_status == {
        "received": 1,
        "dispatched": 1,
        "accepted": 2,
        "returned": 1,
        "closed": 1,
        "evaluated": 3,
    }
    # Every code is listed, in code-list order, zero or not.
    assert [row["code"] for row in s["by_category"]] == Category.values


def test_scope_excludes_the_sibling_county(tree, staff, cases):
    s = case_statistics(user=staff.county_admin, org=tree.chengguan, start=START, end=END)
    # 城关区 holds five cases of March: two itself, two at its township, one at a base union.
    assert s["total"] == 5
    assert s["money_recovered"] == Decimal("15800.50")
    assert {row["code"]: row["count"] for row in s["by_kind"]} == {
        "consult": 1,
        "demand": 4,
        "suggest": 0,
    }
    with pytest.raises(NotFound):
        case_statistics(user=staff.county_admin, org=tree.qilihe, start=START, end=END)
    with pytest.raises(NotFound):
        case_statistics(user=staff.county_admin, org=tree.lanzhou, start=START, end=END)


def test_empty_period_has_no_rates(tree, staff, cases):
    s = case_statistics(
        user=staff.sysadmin, org=tree.province, start=date(2025, 1, 1), end=date(2025, 1, 31)
    )
    assert s["total"] == 0
    assert s["on_time_rate"] is s["satisfaction_rate"] is s["dispatch_rate"] is None
    assert s["money_recovered"] == Decimal("0.00")


def test_statistics_take_a_few_queries(tree, staff, cases, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        case_statistics(user=staff.sysadmin, org=tree.province, start=START, end=END)


def _period(org):
    return {"org": org.pk, "start": START.isoformat(), "end": END.isoformat()}


def test_page_shows_the_statistics(client, tree, staff, cases):
    client.force_login(staff.county_admin)
    response = client.get(reverse("hotline_stats:page"), _period(tree.chengguan))
    assert response.status_code == 200
    assert response.context["stats"]["total"] == 5
    html = response.content.decode()
    assert "工单统计" in html and "导出 Excel" in html and "劳动报酬（欠薪）" in html
    # Default: the user's own org, this year.
    response = client.get(reverse("hotline_stats:page"))
    assert response.context["org"] == tree.chengguan
    assert response.context["start"] == timezone.localdate().replace(month=1, day=1)


def test_page_refuses_an_org_out_of_scope(client, tree, staff, cases):
    client.force_login(staff.county_admin)
    assert client.get(reverse("hotline_stats:page"), _period(tree.qilihe)).status_code == 404
    assert client.get(reverse("hotline_stats:export"), _period(tree.qilihe)).status_code == 404


def test_the_scope_is_a_picker_of_the_users_subtree(client, tree, staff, cases):
    client.force_login(staff.city_admin)
    page = client.get(reverse("hotline_stats:page")).content.decode()
    # The org in use is in the box, with its path; no select of the tree.
    assert f'name="org" value="{tree.lanzhou.pk}"' in page and "<select" not in page
    offered = picker_offers(client, page, "org", "区总工会")
    assert 'data-label="城关区总工会"' in offered and 'data-label="七里河区总工会"' in offered
    assert "秦州区总工会" not in offered
    # Typed text alone (no script) that names one union is taken.
    response = client.get(reverse("hotline_stats:page"), {"org_q": "城关区"})
    assert response.context["org"] == tree.chengguan
    assert 'value="城关区总工会"' in response.content.decode()
    # Text that names none says so, and the page keeps the default scope.
    response = client.get(reverse("hotline_stats:page"), {"org_q": "秦州"})
    assert "没有找到与「秦州」相符的可选项" in response.content.decode()
    assert response.context["org"] == tree.lanzhou


def test_page_needs_the_hotline_permission(client, tree, make_user):
    client.force_login(make_user("nobody", tree.chengguan))
    assert client.get(reverse("hotline_stats:page")).status_code == 403


def test_excel_export_matches_and_is_audited(client, tree, staff, cases):
    client.force_login(staff.sysadmin)
    response = client.get(reverse("hotline_stats:export"), _period(tree.province))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["概览", "来源渠道", "诉求类别", "问题分类", "办理状态", "受理月份"]
    stats = case_statistics(user=staff.sysadmin, org=tree.province, start=START, end=END)
    overview = {row[0]: row[1] for row in book["概览"].iter_rows(values_only=True)}
    assert overview["工单总数"] == stats["total"] == 9
    assert overview["按期办结率"] == pytest.approx(0.5)
    assert overview["30分钟派单率"] == pytest.approx(6 / 8)
    assert Decimal(str(overview["追回金额（元）"])) == Decimal("16300.75")
    assert overview["受益职工人数"] == 13
    for key, _, _, title in DIMENSIONS:
        rows = list(book[title].iter_rows(min_row=2, values_only=True))
        assert rows[-1] == ("合计", 9)
        assert dict(rows[:-1]) == {row["label"]: row["count"] for row in stats[key]}
    months = list(book["受理月份"].iter_rows(values_only=True))
    assert months == [
        ("受理月份", "工单数", "办结数", "按期办结数", "按期办结率"),
        ("2026-03", 9, 4, 2, 0.5),
    ]
    log = AuditLog.objects.get(action="case.stats_export")
    assert log.actor == staff.sysadmin
    assert log.changes["total"] == 9 and log.changes["start"] == "2026-03-01"


def test_statistics_by_month_of_receipt(tree, staff, cases):
    """Months are Beijing months: 2 月 28 日 23:59 is February, 4 月 1 日 00:00 is April (it is
    still 31 March in UTC); every month of the period is listed."""
    s = case_statistics(
        user=staff.sysadmin, org=tree.province, start=date(2026, 1, 1), end=date(2026, 4, 30)
    )
    assert [
        (m["month"], m["received"], m["closed"], m["closed_on_time"], m["on_time_rate"])
        for m in s["by_month"]
    ] == [
        ("2026-01", 0, 0, 0, None),
        ("2026-02", 1, 0, 0, None),
        ("2026-03", 9, 4, 2, 0.5),
        ("2026-04", 1, 1, 1, 1.0),
    ]
    assert sum(m["received"] for m in s["by_month"]) == s["total"]


def _chart_data(html: str) -> dict:
    found = re.search(
        r'<script id="hotline-stats-charts" type="application/json">(.*?)</script>', html
    )
    assert found, "the page embeds the charts' figures"
    return json.loads(found.group(1))


def test_page_charts_hold_the_figures(client, tree, staff, cases):
    client.force_login(staff.sysadmin)
    period = {"org": tree.province.pk, "start": "2026-02-01", "end": "2026-04-30"}
    response = client.get(reverse("hotline_stats:page"), period)
    html = response.content.decode()
    charts = _chart_data(html)
    assert charts["months"] == ["2026-02", "2026-03", "2026-04"]
    assert charts["received"] == [1, 9, 1]
    assert charts["closed"] == [0, 4, 1]
    assert charts["closed_on_time"] == [0, 2, 1]
    assert charts["on_time_rate"] == [None, 50.0, 100.0]
    stats = response.context["stats"]
    by_category = {row["label"]: row["count"] for row in stats["by_category"]}
    assert {c["name"]: c["value"] for c in charts["category"]} == by_category
    assert by_category["劳动报酬（欠薪）"] == 4
    # Each chart has its 「查看表格」 view with the same figures, and the scripts are static files.
    for key in ("case_months", "case_on_time", "case_category"):
        assert f'id="chart-{key}"' in html and f'id="table-{key}"' in html
        assert f'data-toggle-table="{key}"' in html
    cards = response.context["cards"]
    assert ["2026-03", 4, 2, "50.0%"] in cards["on_time"]["rows"]
    assert cards["on_time"]["footer"] == ["合计", 5, 3, "60.0%"]
    assert ["劳动报酬（欠薪）", 4, "36.4%"] in cards["category"]["rows"]
    assert "hotline/stats.js" in html and "core/charts.js" in html
    assert "<script>" not in html  # the CSP refuses inline scripts
