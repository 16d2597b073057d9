"""Yearly results (one a year, from the naming year) and the 回头看 decisions; their figures
and 待办."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.competitions.models.studios import StudioReport, StudioStatus
from gonghui.competitions.studios.inbox_kinds import REPORT_SUMMARY, REVIEW_SUMMARY
from gonghui.competitions.studios.services import (
    results,
    studio_report_file,
    studio_review_decide,
    studio_review_open,
    studio_submit,
)
from gonghui.competitions.studios.tests.conftest import stat
from gonghui.conftest import message_pattern
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import visible_items

THIS_YEAR = timezone.localdate().year


def _report(actor, studio, **values):
    data = dict(
        year=THIS_YEAR,
        projects=12,
        patents=3,
        methods=2,
        benefit="356.50",
        trained=40,
        funds_received="20",
        funds_matched="85.5",
    )
    data.update(values)
    return studio_report_file(actor=actor, studio=studio, **data)


def test_one_report_a_year_and_the_figures(staff, tree, named_studio):
    report = _report(staff.base_admin, named_studio)
    assert report.benefit == Decimal("356.50")
    assert stat(tree.lanzhou, "studio_projects") == 12
    assert stat(tree.province, "studio_benefit") == 3_565_000
    assert stat(tree.base_a, "studio_trained") == 40
    with pytest.raises(ApplicationError, match=message_pattern(results.ALREADY_REPORTED)):
        _report(staff.county_admin, named_studio)
    assert StudioReport.objects.count() == 1


def test_report_refusals(staff, make_studio, named_studio):
    with pytest.raises(ApplicationError, match=message_pattern(results.YEAR_OUT_OF_RANGE)):
        _report(staff.base_admin, named_studio, year=THIS_YEAR - 1)
    with pytest.raises(ApplicationError, match=message_pattern(results.YEAR_OUT_OF_RANGE)):
        _report(staff.base_admin, named_studio, year=THIS_YEAR + 1)
    with pytest.raises(ApplicationError, match=message_pattern(results.COUNT_INVALID)):
        _report(staff.base_admin, named_studio, projects=-1)
    with pytest.raises(ApplicationError, match=message_pattern(results.WAN_INVALID)):
        _report(staff.base_admin, named_studio, benefit="1.234")
    with pytest.raises(Forbidden):
        _report(staff.base_c_admin, named_studio)
    draft = make_studio()
    with pytest.raises(ApplicationError, match=results.NOT_ACTIVE):
        _report(staff.base_admin, draft)
    assert not StudioReport.objects.exists()


def test_the_report_due_moves_to_the_next_year(staff, tree, studio_named_last_year):
    studio = studio_named_last_year
    item = OpenItem.objects.get(kind="competitions.studio.report")
    assert item.summary == REPORT_SUMMARY.format(name=studio.name, year=THIS_YEAR - 1)
    assert item.org_id == tree.base_a.pk
    assert item.due_at.date() == timezone.datetime(THIS_YEAR, 3, 31).date()
    assert visible_items(staff.base_admin).filter(kind="competitions.studio.report").exists()
    assert not visible_items(staff.base_c_admin).exists()
    _report(staff.base_admin, studio, year=THIS_YEAR - 1)
    # This year's report is not due before 1 January of next year.
    assert not OpenItem.objects.filter(kind="competitions.studio.report").exists()
    studio.refresh_from_db()
    assert studio.next_report_year == THIS_YEAR


def test_approval_items_follow_the_application(staff, tree, township_admin, make_studio):
    studio = studio_submit(actor=staff.base_admin, studio=make_studio())
    item = OpenItem.objects.get(kind="competitions.studio.approve")
    assert item.org_id == tree.donggang.pk
    assert visible_items(township_admin).filter(pk=item.pk).exists()
    assert not visible_items(staff.base_admin).filter(kind="competitions.studio.approve").exists()
    assert studio.status == StudioStatus.SUBMITTED


def test_review_open_and_decide(staff, tree, named_studio):
    deadline = timezone.localdate() + timedelta(days=60)
    # Only the naming union (兰州) or one above it reviews.
    with pytest.raises(ApplicationError, match=message_pattern(results.NOT_NAMING_UNION)):
        studio_review_open(actor=staff.county_admin, studio=named_studio, deadline=deadline)
    studio = studio_review_open(actor=staff.city_admin, studio=named_studio, deadline=deadline)
    item = OpenItem.objects.get(kind="competitions.studio.review")
    assert item.summary == REVIEW_SUMMARY.format(name=studio.name)
    assert item.org_id == tree.lanzhou.pk
    with pytest.raises(ApplicationError, match=results.RESULT_INVALID):
        studio_review_decide(actor=staff.city_admin, studio=studio, result="x", reason="r")
    review = studio_review_decide(
        actor=staff.city_admin, studio=studio, result="rectify", reason="年度成果偏少"
    )
    studio.refresh_from_db()
    assert studio.status == StudioStatus.RECTIFYING
    assert studio.review_deadline == timezone.localdate() + timedelta(days=results.RECTIFY_DAYS)
    assert review.org == tree.lanzhou
    assert stat(tree.lanzhou, "studios") == 1
    studio_review_decide(actor=staff.sysadmin, studio=studio, result="revoke", reason="整改不到位")
    studio.refresh_from_db()
    assert studio.status == StudioStatus.REVOKED and studio.review_deadline is None
    assert stat(tree.lanzhou, "studios") == 0
    assert not OpenItem.objects.filter(kind__startswith="competitions.studio.").exists()
    with pytest.raises(ApplicationError, match=results.NOT_ACTIVE):
        _report(staff.base_admin, studio)


def test_keep_closes_the_review(staff, named_studio):
    deadline = timezone.localdate() + timedelta(days=5)
    studio = studio_review_open(actor=staff.city_admin, studio=named_studio, deadline=deadline)
    with pytest.raises(ApplicationError, match=results.DEADLINE_PAST):
        studio_review_open(
            actor=staff.city_admin, studio=studio, deadline=timezone.localdate() - timedelta(1)
        )
    studio_review_decide(actor=staff.city_admin, studio=studio, result="keep", reason="运行良好")
    studio.refresh_from_db()
    assert studio.status == StudioStatus.NAMED and studio.review_deadline is None
    assert not OpenItem.objects.filter(kind="competitions.studio.review").exists()
