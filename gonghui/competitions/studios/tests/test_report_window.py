"""「年度成果待报送」: a studio's report of year Y is due from 1 January of Y+1 to 31 March
(overdue after), never while Y runs."""

from datetime import date

import pytest
from django.utils import timezone

from gonghui.competitions.studios.inbox_kinds import REPORT_SUMMARY, reports_due
from gonghui.competitions.studios.services import studio_report_file
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import check_items, visible_items
from gonghui.inbox.services import rebuild, refresh

pytestmark = pytest.mark.django_db

KIND = "competitions.studio.report"


def _on(monkeypatch, day: date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


def test_not_due_in_the_naming_year(staff, named_studio):
    year = named_studio.named_on.year
    assert named_studio.next_report_year == year
    assert not OpenItem.objects.filter(kind=KIND).exists()
    assert not reports_due().exists()
    assert not visible_items(staff.base_admin).filter(kind=KIND).exists()


def test_the_window_opens_on_1_january_and_is_overdue_after_31_march(
    monkeypatch, staff, tree, named_studio
):
    year = named_studio.named_on.year
    _on(monkeypatch, date(year, 12, 31))
    rebuild([KIND])
    assert not OpenItem.objects.filter(kind=KIND).exists()

    _on(monkeypatch, date(year + 1, 1, 1))
    rebuild([KIND])  # the 1 January run of `inbox_rebuild competitions.studio.report`
    item = OpenItem.objects.get(kind=KIND)
    assert item.summary == REPORT_SUMMARY.format(name=named_studio.name, year=year)
    assert item.org_id == tree.base_a.pk
    assert timezone.localtime(item.due_at).date() == date(year + 1, 3, 31)
    assert check_items() == []
    assert visible_items(staff.base_admin).filter(kind=KIND).exists()
    # Still the same item, overdue, on 1 April.
    _on(monkeypatch, date(year + 1, 4, 1))
    assert reports_due().filter(pk=named_studio.pk).exists()
    assert item.due_at < timezone.make_aware(timezone.datetime(year + 1, 4, 1))

    # Filing year Y closes it; Y+1's opens only on 1 January of Y+2.
    studio_report_file(actor=staff.base_admin, studio=named_studio, year=year, projects=3)
    assert not OpenItem.objects.filter(kind=KIND).exists()
    _on(monkeypatch, date(year + 2, 1, 1))
    refresh(named_studio)
    assert OpenItem.objects.get(kind=KIND).summary == REPORT_SUMMARY.format(
        name=named_studio.name, year=year + 1
    )
    # Back to today: the rebuild leaves nothing due, as the consistency check expects.
    monkeypatch.undo()
    refresh(named_studio)
    assert not OpenItem.objects.filter(kind=KIND).exists()
