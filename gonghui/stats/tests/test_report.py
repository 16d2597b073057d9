"""The 「主要数据」 report: HTML page and DOCX download, figures equal a recount."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from gonghui.audit.models import AuditLog
from gonghui.members.codes import HOLDING_STATUSES, Category, ChangeType
from gonghui.members.models import Member, MembershipEvent
from gonghui.metrics.tests.conftest import person
from gonghui.stats.reports import MONTH_INVALID, PERIOD_INVALID


def month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@pytest.fixture
def people(staff, tree, make_member):
    today = timezone.localdate()
    last_year = today.year - 1
    make_member(
        tree.base_a,
        id_number=person(1990, 1),
        category=Category.NF_COURIER,
        joined_on=date(last_year, 3, 10),
    )
    make_member(tree.base_a, id_number=person(1960, 2, female=True), joined_on=today)
    make_member(tree.base_c, id_number=person(1980, 3), joined_on=date(last_year, 6, 1))
    make_member(tree.base_d, id_number=person(2000, 7), joined_on=today)


def docx_tables(response) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]


def joined_between(org, start: date, end: date) -> int:
    return MembershipEvent.objects.filter(
        org__path__startswith=org.path,
        change_type=ChangeType.JOIN,
        changed_on__gte=start,
        changed_on__lte=end,
    ).count()


def test_docx_report_figures_equal_a_recount(client, staff, tree, people):
    client.force_login(staff.city_admin)
    last_year = timezone.localdate().year - 1
    start, end = f"{last_year}-01", f"{last_year}-12"
    response = client.get(
        reverse("stats:report_docx", args=[tree.lanzhou.pk]), {"start": start, "end": end}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    totals, period, category, age, children = docx_tables(response)
    holding = Member.objects.filter(
        org__path__startswith=tree.lanzhou.path, status__in=HOLDING_STATUSES
    )
    assert ["会员总数", str(holding.count())] in totals
    assert holding.count() == 3
    assert ["新就业形态会员", "1"] in totals
    expected = joined_between(tree.lanzhou, date(last_year, 1, 1), date(last_year, 12, 31))
    assert expected == 2
    assert ["期间新入会", str(expected)] in period
    assert ["期间转入", "0"] in period and ["期间转出", "0"] in period
    assert ["期间会员净增", "2"] in period
    assert ["新就业形态-快递员", "1", "33.3%"] in category
    assert children[0] == [
        "下级工会",
        "会员数",
        "新就业形态会员",
        "基层工会",
        "期间新入会",
        "期间转入",
        "期间转出",
        "期间退会/除名",
        "期间净增",
    ]
    by_name = {row[0]: row for row in children[1:]}
    assert by_name["城关区总工会"][1] == "2" and by_name["城关区总工会"][4] == "1"
    assert by_name["七里河区总工会"][4] == by_name["七里河区总工会"][8] == "1"
    log = AuditLog.objects.get(action="stats.report")
    assert log.actor == staff.city_admin and log.changes["start"] == start


def test_period_only_counts_its_months(client, staff, tree, people):
    client.force_login(staff.sysadmin)
    today = timezone.localdate()
    response = client.get(
        reverse("stats:report", args=[tree.province.pk]),
        {"start": month(today), "end": month(today)},
    )
    assert response.status_code == 200
    period = dict(response.context["report"]["period"])
    assert period["期间新入会"] == joined_between(tree.province, today.replace(day=1), today) == 2
    html = response.content.decode()
    assert "甘肃省总工会主要数据" in html
    assert 'id="report-docx"' in html


def test_bad_period_is_refused_with_a_message(client, staff, tree):
    client.force_login(staff.city_admin)
    url = reverse("stats:report", args=[tree.lanzhou.pk])
    response = client.get(url, {"start": "2026-05", "end": "2026-01"})
    assert response.status_code == 400
    assert PERIOD_INVALID in response.content.decode()
    response = client.get(url, {"start": "2026-13", "end": "2026-12"})
    assert response.status_code == 400
    assert MONTH_INVALID in response.content.decode()
    docx = reverse("stats:report_docx", args=[tree.lanzhou.pk])
    assert client.get(docx, {"start": "abc"}).status_code == 400
    assert not AuditLog.objects.filter(action="stats.report").exists()


def test_report_out_of_scope_is_not_found(client, staff, tree):
    client.force_login(staff.county_admin)
    for name in ("stats:report", "stats:report_docx"):
        assert client.get(reverse(name, args=[tree.lanzhou.pk])).status_code == 404
        assert client.get(reverse(name, args=[tree.qilihe.pk])).status_code == 404
    assert client.get(reverse("stats:report", args=[tree.chengguan.pk])).status_code == 200
