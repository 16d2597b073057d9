"""The roll-up figures by subtree and period, 人 counted apart from 人次, and the report lines."""

import pytest
from django.utils import timezone

from gonghui.competitions.contests.services import (
    contest_update,
    entry_add_member,
    entry_add_team,
    entry_add_unit,
    entry_record_result,
    entry_withdraw,
)
from gonghui.competitions.contests.stats import contest_section
from gonghui.competitions.models import ContestStatus
from gonghui.competitions.tests.conftest import advance
from gonghui.members.models import Team
from gonghui.metrics.models import OrgStat

pytestmark = pytest.mark.django_db


def month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def stat(org, metric) -> int:
    row = OrgStat.objects.filter(org=org, metric=metric, period=month()).first()
    return row.value if row else 0


def test_figures_roll_up_the_tree(make_contest, make_member, staff, tree):
    final = make_contest(contest_class="1")
    qualifier = make_contest(actor=staff.city_admin, parent=final, contest_class="2")
    star = make_member(tree.base_a)
    for contest in (final, qualifier):
        entry_add_unit(actor=staff.county_admin, contest=contest, unit=tree.base_a)
        entry_add_member(actor=staff.county_admin, contest=contest, member=star, trade="焊工")
    assert stat(tree.province, "contests") == 2
    assert (stat(tree.province, "contests.province"), stat(tree.province, "contests.city")) == (
        1,
        1,
    )
    assert stat(tree.lanzhou, "contests") == 1  # the province's contest is not 兰州's
    assert stat(tree.chengguan, "contest_units") == 2  # 个次
    assert stat(tree.chengguan, "contest_entries") == 2  # 人次
    assert stat(tree.qilihe, "contest_entries") == 0
    section = contest_section(org=tree.province, start=month(), end=month())
    assert section["figures"]["persons"] == 1  # 人
    assert section["lines"][0] == "开展各类劳动和技能竞赛2项，参加单位2个次、职工2人次（1人）。"
    assert section["lines"][1] == "其中省级1项、市级1项；一类竞赛1项、二类竞赛1项。"


def test_a_draft_counts_nothing_and_withdrawal_takes_back(make_contest, make_member, staff, tree):
    make_contest(status=ContestStatus.DRAFT)
    assert stat(tree.province, "contests") == 0
    contest = make_contest()
    entry = entry_add_member(
        actor=staff.county_admin, contest=contest, member=make_member(tree.base_a), trade="焊工"
    )
    assert stat(tree.province, "contest_entries") == 1
    entry_withdraw(actor=staff.county_admin, entry=entry)
    assert stat(tree.province, "contest_entries") == 0


def test_titles_promotions_and_a_moved_start(make_contest, make_member, staff, tree):
    contest = make_contest()
    entry = entry_add_member(
        actor=staff.county_admin,
        contest=contest,
        member=make_member(tree.base_a, tech_level="4"),
        trade="焊工",
    )
    advance(contest, ContestStatus.JUDGING, actor=staff.sysadmin)
    entry_record_result(actor=staff.sysadmin, entry=entry, rank=1, title="model", promoted_to="3")
    assert (stat(tree.chengguan, "contest_titles"), stat(tree.chengguan, "contest_promotions")) == (
        1,
        1,
    )
    earlier = contest.starts_on.replace(year=contest.starts_on.year - 1)
    contest_update(actor=staff.sysadmin, contest=contest, starts_on=earlier)
    assert stat(tree.province, "contests") == 0  # moved to last year's month
    assert (
        OrgStat.objects.get(
            org=tree.province, metric="contest_titles", period=f"{earlier:%Y-%m}"
        ).value
        == 1
    )


def test_ankang_coverage(make_contest, staff, tree):
    tree.base_a.workers_count = 120
    tree.base_a.save(update_fields=["workers_count"])
    contest = make_contest(kind="ankang", trades=[])
    entry_add_unit(actor=staff.county_admin, contest=contest, unit=tree.base_a)
    entry_add_team(
        actor=staff.county_admin,
        contest=contest,
        team=Team.objects.create(org=tree.base_a, name="安全一班"),
    )
    section = contest_section(org=tree.lanzhou, start=month(), end=month())
    assert (
        section["figures"]["ankang_units"],
        section["figures"]["ankang_teams"],
        section["figures"]["ankang_workers"],
    ) == (1, 1, 120)
    assert "“安康杯”竞赛覆盖企业1个、班组1个、职工120人。" in section["lines"]


def test_dashboard_section_and_report_lines(client, make_contest, make_member, staff, tree):
    from django.urls import reverse

    from gonghui.conftest import login

    contest = make_contest()
    entry_add_member(
        actor=staff.county_admin, contest=contest, member=make_member(tree.base_a), trade="焊工"
    )
    client = login(staff.city_admin)
    page = client.get(reverse("stats:org", args=[tree.lanzhou.pk])).content.decode()
    assert 'id="contests-section"' in page
    assert "开展各类劳动和技能竞赛0项，参加单位0个次、职工1人次（1人）。" in page
    report = client.get(
        reverse("stats:report", args=[tree.lanzhou.pk]), {"start": month(), "end": month()}
    ).content.decode()
    assert "六、劳动和技能竞赛" in report
    assert "职工1人次（1人）" in report
