"""Working days for the whole platform: the one place that says whether a day is worked.

A day is a working day
1. as the federation's table (`CalendarDay`) says, when the day is in it;
2. otherwise as chinese-calendar says, for the years it knows (2004–2026 in 1.11: it raises
   NotImplementedError for any other year, so it is never asked about one);
3. otherwise Monday to Friday: a year whose State Council schedule nobody has entered yet.
No date makes these functions raise.

Deadlines: a deadline "by day D" ends at `end_of_day(D)`, 23:59:59.999999 Beijing time; a case
is overdue when the current time is later than that instant (compare with `>`).

Nothing here caches the table across calls: the web processes and the task worker would each
hold a copy, and a stale copy moves deadlines. Each call reads the table rows of the range it
walks in one indexed query instead; the library is dictionaries in memory.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
from chinese_calendar.constants import Holiday
from django.db.models import Count
from django.db.models.functions import ExtractYear

from gonghui.core.errors import NotFound
from gonghui.workcalendar.models import CalendarDay, CalendarDayKind

# Deadlines are Beijing time whatever the server's TIME_ZONE says.
CHINA_TZ = ZoneInfo("Asia/Shanghai")
SOURCE_LIBRARY = "法定"
SOURCE_TABLE = "本平台维护"
CALENDAR_DAY_NOT_FOUND = "本平台维护的工作日历中没有这一天。"

# The library checks a date against the span of its holiday table, so every year in it is known.
LIBRARY_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)
_CHINESE_NAMES = {holiday.value: holiday.chinese for holiday in Holiday}


def _library_special_days() -> dict[int, dict[date, tuple[bool, str]]]:
    """year -> {day: (is working, Chinese holiday name)} for the days the library lists."""
    by_year: dict[int, dict[date, tuple[bool, str]]] = {}
    for days, working in ((chinese_calendar.holidays, False), (chinese_calendar.workdays, True)):
        for day, name in days.items():
            by_year.setdefault(day.year, {})[day] = (working, _CHINESE_NAMES.get(name, name))
    return by_year


_LIBRARY_SPECIAL_DAYS = _library_special_days()


def _as_date(day: date) -> date:
    # A datetime is a date too, but which day it falls on depends on the time zone: the caller
    # must decide (timezone.localdate(received_at)), not the database.
    if isinstance(day, datetime):
        raise TypeError("pass a date, e.g. timezone.localdate(moment), not a datetime")
    return day


def default_is_working(day: date) -> bool:
    """Whether `day` is worked when the table does not mention it: the library's answer for a
    year it knows, else Monday to Friday."""
    day = _as_date(day)
    if day.year in LIBRARY_YEARS:
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def _table_between(start: date, end: date) -> dict[date, bool]:
    """{day: is working} for the table's entries from `start` to `end` inclusive."""
    rows = CalendarDay.objects.filter(day__range=(start, end)).values_list("day", "kind")
    return {day: kind == CalendarDayKind.WORKDAY for day, kind in rows}


def is_working_day(day: date) -> bool:
    """Whether people work on `day` (see the module docstring for the rule)."""
    day = _as_date(day)
    kind = CalendarDay.objects.filter(day=day).values_list("kind", flat=True).first()
    if kind is not None:
        return kind == CalendarDayKind.WORKDAY
    return default_is_working(day)


def add_working_days(day: date, n: int) -> date:
    """The n-th working day strictly after `day` (`day` itself when n is 0).

    `day` itself need not be a working day: add_working_days(a Saturday, 1) is the Monday.
    """
    day = _as_date(day)
    if n < 0:
        raise ValueError("n must be 0 or more")
    found = 0
    current = day
    # Long enough to hold n working days across a Spring Festival in one query, most times.
    window = 2 * n + 14
    while found < n:
        start, end = current + timedelta(days=1), current + timedelta(days=window)
        table = _table_between(start, end)
        while current < end:
            current += timedelta(days=1)
            working = table.get(current)
            if working if working is not None else default_is_working(current):
                found += 1
                if found == n:
                    break
    return current


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    return add_working_days(day, 1)


def working_days_between(start: date, end: date) -> int:
    """How many working days come after `start` up to and including `end`.

    So working_days_between(d, add_working_days(d, n)) == n; it is 0 when end == start and
    negative (the count from `end` to `start`) when end is before start.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -working_days_between(end, start)
    if end == start:
        return 0
    table = _table_between(start + timedelta(days=1), end)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        working = table.get(day)
        count += working if working is not None else default_is_working(day)
    return count


def end_of_day(day: date) -> datetime:
    """The last instant of `day` in Beijing time (23:59:59.999999, Asia/Shanghai): the moment a
    deadline "by `day`" runs out."""
    return datetime.combine(_as_date(day), time.max, tzinfo=CHINA_TZ)


def _year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def years_known() -> list[int]:
    """The years whose holidays and 调休 are known (library or table), in order. Any other year
    is counted Monday to Friday."""
    table_years = {d.year for d in CalendarDay.objects.dates("day", "year")}
    return sorted(set(LIBRARY_YEARS) | table_years)


def is_year_covered(year: int) -> bool:
    """Whether `year`'s holidays are known: the library knows it, or the table has at least one
    entry in it. The deadline code warns when a deadline falls in a year that is not."""
    if year in LIBRARY_YEARS:
        return True
    if not 1 <= year <= 9999:
        return False
    return CalendarDay.objects.filter(day__range=_year_range(year)).exists()


@dataclass(frozen=True)
class SpecialDay:
    """A day of the year view that is not simply "Monday to Friday worked"."""

    day: date
    is_working: bool
    name: str
    source: str
    # The table's entry, when the day comes from the table.
    entry: CalendarDay | None = None
    # What the library says about a day the table overrides: (is working, name).
    library: tuple[bool, str] | None = None

    @property
    def kind_label(self) -> str:
        kind = CalendarDayKind.WORKDAY if self.is_working else CalendarDayKind.HOLIDAY
        return kind.label


def calendar_year(year: int) -> list[SpecialDay]:
    """Every holiday and 调休 workday of `year`, from the table or the library, in date order."""
    library = _LIBRARY_SPECIAL_DAYS.get(year, {})
    entries = {e.day: e for e in CalendarDay.objects.filter(day__range=_year_range(year))}
    days = []
    for day in sorted(set(library) | set(entries)):
        entry = entries.get(day)
        if entry is None:
            working, name = library[day]
            days.append(SpecialDay(day, working, name, SOURCE_LIBRARY))
        else:
            days.append(
                SpecialDay(
                    day,
                    entry.is_working,
                    entry.name,
                    SOURCE_TABLE,
                    entry=entry,
                    library=library.get(day),
                )
            )
    return days


def table_years() -> list[tuple[int, int]]:
    """(year, number of table entries) for each year the table holds entries for."""
    rows = (
        CalendarDay.objects.annotate(year=ExtractYear("day"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return [(row["year"], row["n"]) for row in rows]


def table_entry_count(year: int) -> int:
    return CalendarDay.objects.filter(day__range=_year_range(year)).count()


def calendar_day_entry(day: date) -> CalendarDay | None:
    """The table's entry for `day`, if it has one."""
    return CalendarDay.objects.filter(day=_as_date(day)).first()


def access_calendar_day(day: date) -> CalendarDay:
    """The table's entry for `day`, or NotFound."""
    entry = calendar_day_entry(day)
    if entry is None:
        raise NotFound(CALENDAR_DAY_NOT_FOUND)
    return entry
