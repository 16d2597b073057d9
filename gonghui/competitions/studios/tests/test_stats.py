"""The studios' dashboard section and 「主要数据」 lines: by subtree and period, equal to a
recount of the rows, in the reports' phrasing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.competitions.models.studios import (
    ACTIVE_STATUSES,
    Studio,
    StudioLevel,
    StudioReport,
    Suggestion,
    SuggestionStatus,
)
from gonghui.competitions.studios.services import (
    studio_approve,
    studio_report_file,
    studio_submit,
    suggestion_review,
    suggestion_submit,
)
from gonghui.competitions.studios.stats import money, studio_section
from gonghui.conftest import login

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START, END = f"{TODAY:%Y}-01", f"{TODAY:%Y-%m}"


@pytest.fixture
def figures(staff, tree, make_user, make_member, make_studio, named_studio):
    """兰州: 甲公司's studio (named, two reports' worth in one), 丙公司's (named), a draft; three
    suggestions, two adopted."""
    xiyuan = make_user("xy_admin", tree.xiyuan, ROLE_UNION_ADMIN)
    other = make_studio(actor=staff.base_c_admin, org=tree.base_c, name="丙公司创新工作室")
    studio_submit(actor=staff.base_c_admin, studio=other)
    for reviewer in (xiyuan, staff.sibling_admin, staff.city_admin):
        other = studio_approve(actor=reviewer, studio=other)
    make_studio(name="草稿工作室")
    studio_report_file(
        actor=staff.base_admin,
        studio=named_studio,
        year=TODAY.year,
        projects=12,
        patents=3,
        methods=2,
        benefit="9800.50",
        trained=40,
        funds_received="20",
        funds_matched="85.5",
    )
    studio_report_file(
        actor=staff.base_c_admin,
        studio=other,
        year=TODAY.year,
        projects=5,
        benefit="356.5",
        trained=8,
    )
    items = [
        suggestion_submit(
            actor=admin,
            org=org,
            kind="proposal",
            title=f"建议{n}",
            content="内容",
            member=make_member(org, name=f"提报人{n}"),
        )
        for n, (admin, org) in enumerate(
            [
                (staff.base_admin, tree.base_a),
                (staff.base_admin, tree.base_a),
                (staff.base_c_admin, tree.base_c),
            ]
        )
    ]
    suggestion_review(actor=staff.base_admin, suggestion=items[0], adopt=True, benefit="10.25")
    suggestion_review(actor=staff.base_c_admin, suggestion=items[2], adopt=True, benefit="4")


def _recount(org) -> dict:
    """The figures counted again from the rows, in Python."""
    studios = [s for s in Studio.objects.all() if s.org.path.startswith(org.path)]
    reports = [r for r in StudioReport.objects.all() if r.studio.org.path.startswith(org.path)]
    suggestions = [s for s in Suggestion.objects.all() if s.org.path.startswith(org.path)]
    adopted = [s for s in suggestions if s.status == SuggestionStatus.ADOPTED]
    active = [s for s in studios if s.status in ACTIVE_STATUSES]
    return {
        "studios": len(active),
        "studios_new": len([s for s in studios if s.named_on]),
        "reports": len(reports),
        **{
            name: sum((getattr(r, name) for r in reports), 0)
            for name in (
                "projects",
                "patents",
                "methods",
                "benefit",
                "trained",
                "funds_received",
                "funds_matched",
            )
        },
        "suggestions": len(suggestions),
        "suggestions_adopted": len(adopted),
        "suggestions_benefit": sum((s.benefit for s in adopted), Decimal(0)),
        "by_level": [
            (label, len([s for s in active if s.level == code]))
            for code, label in StudioLevel.choices
        ],
    }


def test_the_section_equals_a_recount(figures, tree):
    for org in (tree.province, tree.lanzhou, tree.chengguan, tree.base_a, tree.qilihe):
        section = studio_section(org=org, start=START, end=END)
        expected = _recount(org)
        assert section["by_level"] == expected.pop("by_level"), org.name
        assert section["figures"] == expected, org.name
    lanzhou = studio_section(org=tree.lanzhou, start=START, end=END)["figures"]
    assert (lanzhou["studios"], lanzhou["projects"], lanzhou["suggestions_adopted"]) == (2, 17, 2)
    assert studio_section(org=tree.tianshui, start=START, end=END)["figures"]["studios"] == 0


def test_a_period_before_counts_no_new_studio(figures, tree):
    last = TODAY.year - 1
    section = studio_section(org=tree.lanzhou, start=f"{last}-01", end=f"{last}-12")
    figures_ = section["figures"]
    assert figures_["studios"] == 2  # named now
    assert (figures_["studios_new"], figures_["reports"], figures_["suggestions"]) == (0, 0, 0)


def test_the_lines_in_the_reports_phrasing(figures, tree):
    lines = studio_section(org=tree.lanzhou, start=START, end=END)["lines"]
    assert lines == [
        "现有劳模和工匠人才创新工作室2个（其中市级2个），本期新命名2个。",
        "创新工作室完成创新成果17项，获得专利3项，总结先进操作法2项，创造经济效益1.02亿元，"
        "培养人才48人；获得经费20万元，带动投入85.5万元。",
        "职工提出合理化建议3件（含五小、技术革新、先进操作法），采纳2件，创造经济效益14.25万元。",
    ]
    assert money(Decimal("0")) == "0万元"
    assert money(Decimal("10000")) == "1.00亿元"


def test_the_dashboard_and_the_report(figures, staff, tree):
    client = login(staff.city_admin)
    page = client.get(reverse("stats:org", args=[tree.lanzhou.pk])).content.decode()
    assert 'id="studios-section"' in page
    assert "现有劳模和工匠人才创新工作室2个" in page
    report = client.get(
        reverse("stats:report", args=[tree.lanzhou.pk]), {"start": START, "end": END}
    ).content.decode()
    assert "八、创新工作室和五小" in report
    assert "提出合理化建议3件" in report
    # The county sees its own subtree only.
    county = login(staff.county_admin).get(reverse("stats:org", args=[tree.chengguan.pk]))
    assert "现有劳模和工匠人才创新工作室1个" in county.content.decode()


def _suggest(staff, tree, member, title: str) -> None:
    suggestion_submit(
        actor=staff.base_admin,
        org=tree.base_a,
        kind="proposal",
        title=title,
        content="内容",
        member=member,
    )


def test_the_section_is_kept_until_a_studio_or_suggestion_is_written(
    figures, staff, tree, make_member, django_assert_max_num_queries
):
    first = studio_section(org=tree.lanzhou, start=START, end=END)
    # No aggregate: the kept version and value only (two reads of the database cache).
    with django_assert_max_num_queries(2):
        assert studio_section(org=tree.lanzhou, start=START, end=END) == first
    _suggest(staff, tree, make_member(tree.base_a, name="新提报人"), "新建议")
    after = studio_section(org=tree.lanzhou, start=START, end=END)["figures"]
    assert after["suggestions"] == first["figures"]["suggestions"] + 1
    assert after == {k: v for k, v in _recount(tree.lanzhou).items() if k != "by_level"}


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_reaches_the_kept_section(staff, tree, make_member):
    """The receivers drop the kept figures at the write and again on its commit (the service
    commits in its own durable transaction)."""
    before = studio_section(org=tree.lanzhou, start=START, end=END)["figures"]["suggestions"]
    _suggest(staff, tree, make_member(tree.base_a, name="提报人"), "提交后可见")
    after = studio_section(org=tree.lanzhou, start=START, end=END)["figures"]["suggestions"]
    assert after == before + 1
