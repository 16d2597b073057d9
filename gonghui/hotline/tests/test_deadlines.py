"""Deadlines by complexity across real holidays and 调休 days, and into years the library does
not know."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from gonghui.core.errors import ApplicationError
from gonghui.hotline.codes import Category, Complexity, RuleKind
from gonghui.hotline.deadlines import NO_RULE, compute_deadline
from gonghui.hotline.models import DeadlineRule
from gonghui.hotline.tests.conftest import beijing

pytestmark = pytest.mark.django_db

SIMPLE, HARD, COMPLEX = Complexity.SIMPLE, Complexity.HARD, Complexity.COMPLEX


def due(complexity, received_at, category=Category.WAGES):
    deadline = compute_deadline(received_at, complexity, category)
    local = deadline.astimezone(ZoneInfo("Asia/Shanghai"))
    assert local.time() == time(23, 59, 59, 999999)
    return local.date().isoformat()


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        (beijing(2026, 9, 29, 10, 0), "2026-09-29"),  # a Tuesday, in office hours
        (beijing(2026, 9, 29, 17, 30), "2026-09-29"),  # at the cut-off itself: still today
        (beijing(2026, 9, 29, 17, 31), "2026-09-30"),  # after 17:30: the next working day
        (beijing(2026, 9, 26, 10, 0), "2026-09-28"),  # Saturday -> Monday
        (beijing(2026, 9, 30, 18, 0), "2026-10-08"),  # evening before National Day
        (beijing(2026, 10, 1, 9, 0), "2026-10-08"),  # during the holiday
        (beijing(2026, 10, 10, 9, 0), "2026-10-10"),  # Saturday worked as 调休
        (beijing(2026, 2, 14, 9, 0), "2026-02-14"),  # Saturday worked before Spring Festival
        (beijing(2025, 1, 26, 9, 0), "2025-01-26"),  # Sunday worked before Spring Festival
        (beijing(2025, 1, 27, 18, 0), "2025-02-05"),  # eve of the 2025 Spring Festival break
    ],
)
def test_simple_is_due_the_same_working_day_before_the_cut_off(received_at, expected):
    assert due(SIMPLE, received_at) == expected


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        (beijing(2026, 9, 30, 10, 0), "2026-10-13"),  # the example: 10-10 is worked
        (beijing(2026, 9, 30, 20, 0), "2026-10-13"),  # no cut-off for working-day counts
        (beijing(2025, 1, 27, 10, 0), "2025-02-10"),  # across Spring Festival, 02-08 worked
        (beijing(2025, 9, 30, 10, 0), "2025-10-14"),  # across National Day, 10-11 worked
        (beijing(2026, 11, 21, 10, 0), "2026-11-27"),  # received on a Saturday
    ],
)
def test_hard_is_due_on_the_fifth_working_day_after_receipt(received_at, expected):
    assert due(HARD, received_at) == expected


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        (beijing(2026, 9, 30, 10, 0), "2026-10-15"),  # holidays count as days
        (beijing(2026, 9, 30, 23, 0), "2026-10-15"),
        (beijing(2026, 12, 20, 10, 0), "2027-01-04"),
    ],
)
def test_complex_is_due_on_the_fifteenth_calendar_day(received_at, expected):
    assert due(COMPLEX, received_at) == expected


def test_day_of_receipt_is_the_beijing_day():
    # 09:45 UTC is 17:45 in Beijing: after the cut-off.
    received_at = datetime(2026, 9, 29, 9, 45, tzinfo=ZoneInfo("UTC"))
    assert due(SIMPLE, received_at) == "2026-09-30"
    deadline = compute_deadline(received_at, SIMPLE, Category.WAGES)
    assert deadline.isoformat() == "2026-09-30T23:59:59.999999+08:00"


@pytest.mark.parametrize("complexity", [SIMPLE, HARD, COMPLEX])
@pytest.mark.parametrize(
    "received_at",
    [beijing(2026, 12, 31, 18, 0), beijing(2027, 1, 1, 9, 0), beijing(2027, 10, 1, 9, 0)],
)
def test_years_the_library_does_not_know_never_crash(complexity, received_at):
    deadline = compute_deadline(received_at, complexity, Category.OTHER)
    assert deadline > received_at


def test_into_2027_without_a_schedule_weekends_only():
    # 2026-12-31 is a Thursday; 2027 has no table yet, so 2027-01-01 counts as worked.
    assert due(HARD, beijing(2026, 12, 31, 10, 0)) == "2027-01-07"
    assert due(SIMPLE, beijing(2026, 12, 31, 18, 0)) == "2027-01-01"


def test_a_category_rule_overrides_the_default():
    DeadlineRule.objects.create(
        complexity=HARD, category=Category.WAGES, kind=RuleKind.WORKING_DAYS, days=3
    )
    assert due(HARD, beijing(2026, 9, 30, 10, 0), Category.WAGES) == "2026-10-10"
    assert due(HARD, beijing(2026, 9, 30, 10, 0), Category.CONTRACT) == "2026-10-13"


def test_the_federation_may_change_a_default():
    DeadlineRule.objects.filter(complexity=SIMPLE, category="").update(cutoff=time(16, 0))
    assert due(SIMPLE, beijing(2026, 9, 29, 16, 30)) == "2026-09-30"
    DeadlineRule.objects.filter(complexity=COMPLEX, category="").update(days=30)
    assert due(COMPLEX, beijing(2026, 9, 30, 10, 0)) == "2026-10-30"


def test_the_three_defaults_are_seeded():
    rules = {
        rule.complexity: (rule.kind, rule.days, rule.cutoff)
        for rule in DeadlineRule.objects.filter(category="")
    }
    assert rules == {
        SIMPLE: (RuleKind.SAME_DAY, 0, time(17, 30)),
        HARD: (RuleKind.WORKING_DAYS, 5, None),
        COMPLEX: (RuleKind.CALENDAR_DAYS, 15, None),
    }


def test_a_missing_rule_is_a_clear_error():
    DeadlineRule.objects.filter(complexity=HARD).delete()
    with pytest.raises(ApplicationError) as exc:
        compute_deadline(beijing(2026, 9, 30, 10, 0), HARD, Category.WAGES)
    assert exc.value.message == NO_RULE.format(complexity="较难")
