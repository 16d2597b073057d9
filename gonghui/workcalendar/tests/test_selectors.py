"""The working-day rule: table, then chinese-calendar, then Monday to Friday — never a crash."""

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from django.utils import timezone

from gonghui.workcalendar import selectors
from gonghui.workcalendar.models import CalendarDay, CalendarDayKind
from gonghui.workcalendar.selectors import (
    CHINA_TZ,
    SOURCE_LIBRARY,
    SOURCE_TABLE,
    add_working_days,
    calendar_year,
    end_of_day,
    is_working_day,
    is_year_covered,
    next_working_day,
    working_days_between,
    years_known,
)

pytestmark = pytest.mark.django_db

HOLIDAY, WORKDAY = CalendarDayKind.HOLIDAY, CalendarDayKind.WORKDAY


def entry(day: date, kind: str, name: str = "") -> CalendarDay:
    return CalendarDay.objects.create(day=day, kind=kind, name=name)


# --- what the library says, 2025 and 2026 ----------------------------------------------------


@pytest.mark.parametrize(
    "day, working",
    [
        # 2025 Spring Festival 1-28..2-04, make-up Sundays 1-26 and Saturday 2-08.
        (date(2025, 1, 26), True),
        (date(2025, 1, 28), False),
        (date(2025, 2, 4), False),
        (date(2025, 2, 5), True),
        (date(2025, 2, 8), True),
        # 2025 Labour Day 5-01..5-05, make-up 4-27 (Sun).
        (date(2025, 4, 27), True),
        (date(2025, 5, 5), False),
        # 2025 National Day + Mid-autumn 10-01..10-08, make-up 9-28 (Sun) and 10-11 (Sat).
        (date(2025, 9, 28), True),
        (date(2025, 10, 8), False),
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),
        # 2026 Spring Festival 2-15..2-23, make-up 2-14 (Sat) and 2-28 (Sat).
        (date(2026, 2, 14), True),
        (date(2026, 2, 16), False),
        (date(2026, 2, 23), False),
        (date(2026, 2, 28), True),
        # 2026 Mid-autumn 9-25..9-27; National Day 10-01..10-07, make-up 9-20 (Sun), 10-10 (Sat).
        (date(2026, 9, 20), True),
        (date(2026, 9, 25), False),
        (date(2026, 9, 27), False),
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),
        (date(2026, 10, 11), False),
        # Plain weekdays and weekends.
        (date(2026, 3, 4), True),
        (date(2026, 3, 7), False),
        (date(2026, 3, 8), False),
    ],
)
def test_real_2025_and_2026_holidays_and_make_up_days(day, working):
    assert is_working_day(day) is working


def test_national_day_2026_five_working_days_after_september_30():
    # 10-01..10-07 off, 10-08 (1), 10-09 (2), Saturday 10-10 is worked (3), 10-12 (4), 10-13 (5).
    assert add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 13)) == 5


def test_next_working_day_is_strictly_after():
    assert next_working_day(date(2026, 9, 30)) == date(2026, 10, 8)
    assert next_working_day(date(2026, 10, 8)) == date(2026, 10, 9)
    assert next_working_day(date(2026, 10, 9)) == date(2026, 10, 10)  # the make-up Saturday
    assert next_working_day(date(2026, 3, 6)) == date(2026, 3, 9)  # Friday -> Monday


def test_add_working_days_from_a_rest_day_and_zero():
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 7), -1)


def test_fifteen_working_days_across_spring_festival_2026():
    # 2-13 (Fri) .. the 15th working day, counting the make-up Saturdays 2-14 and 2-28.
    day = add_working_days(date(2026, 2, 12), 15)
    walked = [
        date(2026, 2, 12) + timedelta(days=i) for i in range(1, (day - date(2026, 2, 12)).days + 1)
    ]
    assert sum(chinese_calendar.is_workday(d) for d in walked) == 15
    assert chinese_calendar.is_workday(day)
    assert working_days_between(date(2026, 2, 12), day) == 15


def test_working_days_between_is_antisymmetric():
    assert working_days_between(date(2026, 10, 13), date(2026, 9, 30)) == -5
    assert working_days_between(date(2026, 10, 13), date(2026, 10, 13)) == 0
    # 2025: 261 weekdays, less 18 weekday holidays, plus 5 make-up weekend days.
    assert working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 248


def test_a_datetime_is_refused_the_caller_picks_the_day():
    with pytest.raises(TypeError):
        is_working_day(timezone.now())


# --- years the library does not know ----------------------------------------------------------


def test_years_after_the_library_follow_the_weekend_rule_without_crashing():
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 1))
    assert is_working_day(date(2027, 1, 1)) is True  # a Friday, no schedule entered
    assert is_working_day(date(2027, 1, 2)) is False
    assert is_working_day(date(2030, 10, 1)) is True  # a Tuesday
    assert is_working_day(date(2099, 12, 31)) is True  # a Thursday
    assert is_working_day(date(2099, 12, 26)) is False  # a Saturday
    assert next_working_day(date(2026, 12, 31)) == date(2027, 1, 1)
    assert add_working_days(date(2030, 9, 27), 5) == date(2030, 10, 4)
    assert add_working_days(date(2099, 12, 30), 2) == date(2100, 1, 1)
    assert working_days_between(date(2026, 12, 31), date(2027, 12, 31)) == 261
    assert is_working_day(date(1999, 1, 4)) is True  # before the library too


def test_2027_with_an_entered_schedule_follows_it():
    entry(date(2027, 1, 1), HOLIDAY, "元旦")
    entry(date(2027, 2, 6), HOLIDAY, "春节")  # a Saturday anyway
    for d in range(8, 13):
        entry(date(2027, 2, d), HOLIDAY, "春节")
    entry(date(2027, 2, 7), WORKDAY, "春节调休")  # a Sunday worked
    assert is_working_day(date(2027, 1, 1)) is False
    assert is_working_day(date(2027, 2, 7)) is True
    assert next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)
    # 2-05 (Fri) -> Sunday 2-07 worked (1), 2-08..2-12 off, 2-15 (2), 2-16 (3).
    assert add_working_days(date(2027, 2, 5), 3) == date(2027, 2, 16)


def test_table_overrides_the_library():
    assert is_working_day(date(2026, 10, 8)) is True
    entry(date(2026, 10, 8), HOLIDAY, "国庆节（延长）")
    assert is_working_day(date(2026, 10, 8)) is False
    entry(date(2026, 10, 10), HOLIDAY, "取消调休")
    assert is_working_day(date(2026, 10, 10)) is False
    assert add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 15)


def test_table_changes_are_seen_at_once():
    assert is_working_day(date(2027, 5, 3)) is True
    row = entry(date(2027, 5, 3), HOLIDAY)
    assert is_working_day(date(2027, 5, 3)) is False
    row.delete()
    assert is_working_day(date(2027, 5, 3)) is True


def test_year_coverage():
    assert is_year_covered(2004) and is_year_covered(2026)
    assert not is_year_covered(2027) and not is_year_covered(2003)
    assert 2027 not in years_known()
    entry(date(2027, 1, 1), HOLIDAY, "元旦")
    assert is_year_covered(2027)
    assert years_known() == [*range(2004, 2027), 2027]


def test_query_counts(django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(date(2026, 9, 30), 15)
    with django_assert_num_queries(1):
        working_days_between(date(2026, 1, 1), date(2030, 1, 1))


def test_add_working_days_beyond_one_window():
    # 200 holidays in a row: the walk reads on past its first window.
    start = date(2028, 1, 1)
    CalendarDay.objects.bulk_create(
        CalendarDay(day=start + timedelta(days=i), kind=HOLIDAY) for i in range(200)
    )
    assert add_working_days(date(2027, 12, 31), 1) == date(2028, 7, 19)


# --- end of day -------------------------------------------------------------------------------


def test_end_of_day_is_the_last_instant_in_beijing():
    moment = end_of_day(date(2026, 10, 13))
    assert moment.tzinfo is not None and moment.utcoffset() == timedelta(hours=8)
    assert (moment.hour, moment.minute, moment.second, moment.microsecond) == (23, 59, 59, 999999)
    assert moment + timedelta(microseconds=1) == datetime(2026, 10, 14, tzinfo=CHINA_TZ)
    assert timezone.localtime(moment).date() == date(2026, 10, 13)


# --- the year view --------------------------------------------------------------------------


def test_calendar_year_lists_library_and_table_days_with_their_source():
    entry(date(2026, 10, 8), HOLIDAY, "国庆节（延长）")
    days = {d.day: d for d in calendar_year(2026)}
    national = days[date(2026, 10, 1)]
    assert (national.is_working, national.name, national.source) == (
        False,
        "国庆节",
        SOURCE_LIBRARY,
    )
    make_up = days[date(2026, 10, 10)]
    assert make_up.is_working and make_up.kind_label == "调休上班"
    override = days[date(2026, 10, 8)]
    assert override.source == SOURCE_TABLE and override.library is None
    assert date(2026, 3, 9) not in days
    assert list(days) == sorted(days)


def test_calendar_year_shows_what_the_table_overrides():
    entry(date(2026, 10, 10), HOLIDAY, "取消调休")
    day = {d.day: d for d in calendar_year(2026)}[date(2026, 10, 10)]
    assert day.source == SOURCE_TABLE and not day.is_working
    assert day.library == (True, "国庆节")


def test_calendar_year_of_an_unknown_year_is_empty():
    assert calendar_year(2099) == []
    assert selectors.table_years() == []
