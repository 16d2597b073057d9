"""Writes to the working-day table: validated, audited, atomic, announced after commit."""

from datetime import date

import pytest
from django.db import transaction

from gonghui.audit.models import AuditLog
from gonghui.core.errors import ApplicationError, Forbidden, NotFound
from gonghui.workcalendar import services
from gonghui.workcalendar.models import CalendarDay, CalendarDayKind
from gonghui.workcalendar.selectors import add_working_days, is_working_day
from gonghui.workcalendar.signals import calendar_changed

pytestmark = pytest.mark.django_db

HOLIDAY, WORKDAY = CalendarDayKind.HOLIDAY, CalendarDayKind.WORKDAY

# 2027's schedule as a federation administrator would enter it (an example, not the real one).
SCHEDULE_2027 = [
    (date(2027, 1, 1), HOLIDAY, "元旦"),
    (date(2027, 2, 6), HOLIDAY, "春节"),
    (date(2027, 2, 7), WORKDAY, "春节调休"),
    *[(date(2027, 2, d), HOLIDAY, "春节") for d in range(8, 13)],
    *[(date(2027, 10, d), HOLIDAY, "国庆节") for d in range(1, 8)],
    (date(2027, 10, 9), WORKDAY, "国庆节调休"),
]


@pytest.fixture
def received():
    """The `days` of every calendar_changed sent during the test."""
    calls: list[list[date]] = []

    def receiver(sender, days, **kwargs):
        calls.append(days)

    calendar_changed.connect(receiver)
    yield calls
    calendar_changed.disconnect(receiver)


def snapshot() -> tuple:
    return (
        list(CalendarDay.objects.order_by("day").values_list("day", "kind", "name")),
        AuditLog.objects.filter(action__startswith="calendar.").count(),
    )


# --- set --------------------------------------------------------------------------------------


def test_set_creates_audits_and_announces_after_commit(
    staff, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry = services.calendar_day_set(
            actor=staff.sysadmin, day=date(2027, 1, 1), kind=HOLIDAY, name=" 元旦 "
        )
        assert received == []  # not before the commit
    assert (entry.kind, entry.name, entry.created_by) == (HOLIDAY, "元旦", staff.sysadmin)
    assert not is_working_day(date(2027, 1, 1))
    row = AuditLog.objects.get(action="calendar.set")
    assert row.actor == staff.sysadmin and row.object_id == str(entry.pk)
    assert row.changes == {"day": "2027-01-01", "kind": "休息日", "holiday": "元旦"}
    for callback in callbacks:
        callback()
    assert received == [[date(2027, 1, 1)]]


def test_set_updates_and_audits_old_and_new(staff, received, django_capture_on_commit_callbacks):
    services.calendar_day_set(actor=staff.sysadmin, day=date(2027, 2, 7), kind=HOLIDAY)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.calendar_day_set(
            actor=staff.sysadmin, day=date(2027, 2, 7), kind=WORKDAY, name="春节调休"
        )
    assert CalendarDay.objects.get().pk == entry.pk
    assert is_working_day(date(2027, 2, 7))
    row = AuditLog.objects.filter(action="calendar.set").latest("pk")
    assert row.changes == {
        "day": "2027-02-07",
        "kind": ["休息日", "调休上班"],
        "holiday": ["", "春节调休"],
    }
    assert received == [[date(2027, 2, 7)]]


def test_set_renaming_only_is_audited_but_not_announced(
    staff, received, django_capture_on_commit_callbacks
):
    services.calendar_day_set(actor=staff.sysadmin, day=date(2027, 1, 1), kind=HOLIDAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_day_set(
            actor=staff.sysadmin, day=date(2027, 1, 1), kind=HOLIDAY, name="元旦"
        )
        # Nothing at all changes: no audit row either.
        services.calendar_day_set(
            actor=staff.sysadmin, day=date(2027, 1, 1), kind=HOLIDAY, name="元旦"
        )
    assert received == []
    assert AuditLog.objects.filter(action="calendar.set").count() == 2


@pytest.mark.parametrize(
    "day, kind, name, field, message",
    [
        (None, HOLIDAY, "", "day", services.DAY_REQUIRED),
        ("2027-01-01", HOLIDAY, "", "day", services.DAY_INVALID),
        (date(1999, 12, 31), HOLIDAY, "", "day", services.DAY_OUT_OF_RANGE),
        (date(2101, 1, 1), HOLIDAY, "", "day", services.DAY_OUT_OF_RANGE),
        (date(2027, 1, 1), "rest", "", "kind", services.KIND_INVALID),
        (date(2027, 1, 1), HOLIDAY, "元" * 41, "name", services.NAME_TOO_LONG),
    ],
)
def test_set_refuses_bad_input_in_chinese_and_writes_nothing(
    staff, received, django_capture_on_commit_callbacks, day, kind, name, field, message
):
    before = snapshot()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ApplicationError) as exc,
    ):
        services.calendar_day_set(actor=staff.sysadmin, day=day, kind=kind, name=name)
    assert exc.value.message == message and exc.value.field == field
    assert "请" in message
    assert snapshot() == before
    assert received == []


def test_only_calendar_managers_may_write_and_a_refusal_is_audited(staff):
    with pytest.raises(Forbidden) as exc:
        services.calendar_day_set(actor=staff.city_admin, day=date(2027, 1, 1), kind=HOLIDAY)
    assert exc.value.message == services.CALENDAR_MANAGE_DENIED
    assert not CalendarDay.objects.exists()
    row = AuditLog.objects.get(action="access.denied")
    assert row.actor == staff.city_admin and row.result == "denied"
    with pytest.raises(Forbidden):
        services.calendar_year_import(actor=staff.county_staff, year=2027, rows=SCHEDULE_2027)
    with pytest.raises(Forbidden):
        services.calendar_day_delete(actor=staff.county_auditor, day=date(2027, 1, 1))


# --- delete -----------------------------------------------------------------------------------


def test_delete_returns_the_day_to_the_library(staff, received, django_capture_on_commit_callbacks):
    services.calendar_day_set(actor=staff.sysadmin, day=date(2026, 10, 8), kind=HOLIDAY)
    assert not is_working_day(date(2026, 10, 8))
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_day_delete(actor=staff.sysadmin, day=date(2026, 10, 8))
    assert is_working_day(date(2026, 10, 8))
    assert not CalendarDay.objects.exists()
    row = AuditLog.objects.get(action="calendar.delete")
    assert row.changes == {"day": "2026-10-08", "kind": "休息日", "holiday": ""}
    assert received == [[date(2026, 10, 8)]]


def test_delete_of_a_day_not_in_the_table_is_not_found(staff, received):
    with pytest.raises(NotFound):
        services.calendar_day_delete(actor=staff.sysadmin, day=date(2027, 1, 1))
    assert received == []


# --- year import ------------------------------------------------------------------------------


def test_import_a_year_then_deadlines_follow_it(
    staff, received, django_capture_on_commit_callbacks
):
    assert add_working_days(date(2027, 9, 30), 5) == date(2027, 10, 7)  # weekend rule
    with django_capture_on_commit_callbacks(execute=True):
        result = services.calendar_year_import(actor=staff.sysadmin, year=2027, rows=SCHEDULE_2027)
    assert result == services.YearImport(added=len(SCHEDULE_2027), changed=0, removed=0)
    assert not is_working_day(date(2027, 10, 1))
    assert is_working_day(date(2027, 10, 9))  # the make-up Saturday
    # 10-01..10-07 off, 10-08 (1), Saturday 10-09 worked (2), 10-11 (3) .. 10-13 (5).
    assert add_working_days(date(2027, 9, 30), 5) == date(2027, 10, 13)
    assert received == [sorted(day for day, _, _ in SCHEDULE_2027)]
    row = AuditLog.objects.get(action="calendar.import")
    assert row.changes == {"year": 2027, "added": 16, "changed": 0, "removed": 0}
    assert row.object_repr == "2027年节假日安排"


def test_import_again_replaces_the_year(staff, received, django_capture_on_commit_callbacks):
    services.calendar_year_import(actor=staff.sysadmin, year=2027, rows=SCHEDULE_2027)
    services.calendar_day_set(actor=staff.sysadmin, day=date(2028, 1, 1), kind=HOLIDAY)
    corrected = [
        (date(2027, 1, 1), HOLIDAY, "元旦"),  # unchanged
        (date(2027, 2, 6), HOLIDAY, "春节假期"),  # renamed
        (date(2027, 2, 7), HOLIDAY, "春节"),  # no longer worked
        (date(2027, 10, 8), HOLIDAY, "国庆节"),  # new
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = services.calendar_year_import(actor=staff.sysadmin, year=2027, rows=corrected)
    assert result == services.YearImport(added=1, changed=2, removed=13)
    assert list(CalendarDay.objects.filter(day__year=2027).values_list("day", "kind", "name")) == [
        (d, k, n) for d, k, n in corrected
    ]
    assert CalendarDay.objects.filter(day=date(2028, 1, 1)).exists()  # other years untouched
    # Announced: added, kind changed, removed — not the renamed or unchanged days.
    assert received == [
        sorted(
            [date(2027, 2, 7), date(2027, 10, 8)]
            + [d for d, _, _ in SCHEDULE_2027 if d not in {r[0] for r in corrected}]
        )
    ]


def test_import_with_no_change_writes_no_audit(staff, received, django_capture_on_commit_callbacks):
    services.calendar_year_import(actor=staff.sysadmin, year=2027, rows=SCHEDULE_2027)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.calendar_year_import(actor=staff.sysadmin, year=2027, rows=SCHEDULE_2027)
    assert result == services.YearImport(added=0, changed=0, removed=0)
    assert snapshot() == before and received == []


def test_import_refuses_every_bad_row_and_writes_nothing(
    staff, received, django_capture_on_commit_callbacks
):
    services.calendar_day_set(actor=staff.sysadmin, day=date(2027, 5, 1), kind=HOLIDAY)
    before = snapshot()
    rows = [
        (date(2027, 1, 1), HOLIDAY, "元旦"),
        (date(2027, 1, 1), HOLIDAY, "元旦"),
        (date(2028, 1, 1), HOLIDAY, "元旦"),
        (date(2027, 2, 7), "班", "春节调休"),
        (date(2027, 2, 8), HOLIDAY, "春" * 41),
    ]
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.ImportRowsInvalid) as exc,
    ):
        services.calendar_year_import(actor=staff.sysadmin, year=2027, rows=rows)
    assert exc.value.message == services.IMPORT_INVALID.format(n=4)
    assert exc.value.errors == [
        (1, services.IMPORT_DUPLICATE.format(day="2027-01-01")),
        (2, services.IMPORT_WRONG_YEAR.format(day="2028-01-01", year=2027)),
        (3, services.KIND_INVALID),
        (4, services.NAME_TOO_LONG),
    ]
    assert snapshot() == before and received == []


@pytest.mark.parametrize(
    "year, rows, message",
    [
        (1999, SCHEDULE_2027, services.YEAR_OUT_OF_RANGE),
        (2101, SCHEDULE_2027, services.YEAR_OUT_OF_RANGE),
        (2027, [], services.IMPORT_EMPTY),
    ],
)
def test_import_refuses_a_bad_year_or_nothing(staff, year, rows, message):
    with pytest.raises(ApplicationError) as exc:
        services.calendar_year_import(actor=staff.sysadmin, year=year, rows=rows)
    assert exc.value.message == message
    assert not CalendarDay.objects.exists()


def test_a_rolled_back_change_is_not_announced(staff, received, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.calendar_day_set(actor=staff.sysadmin, day=date(2027, 1, 1), kind=HOLIDAY)
        raise RuntimeError
    assert received == [] and not CalendarDay.objects.exists()


def test_a_failing_receiver_does_not_break_the_write(
    staff, received, django_capture_on_commit_callbacks, caplog
):
    def broken(sender, days, **kwargs):
        raise RuntimeError("boom")

    calendar_changed.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.calendar_day_set(actor=staff.sysadmin, day=date(2027, 1, 1), kind=HOLIDAY)
    finally:
        calendar_changed.disconnect(broken)
    assert received == [[date(2027, 1, 1)]]
    assert "<locals>.broken failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_failing_receiver_is_reported_to_the_sysadmins_after_a_real_commit(
    staff, received, caplog
):
    from gonghui.notifications.models import Notification

    def broken(sender, days, **kwargs):
        raise RuntimeError("boom")

    calendar_changed.connect(broken)
    try:
        services.calendar_day_set(actor=staff.sysadmin, day=date(2027, 1, 1), kind=HOLIDAY)
    finally:
        calendar_changed.disconnect(broken)
    assert received == [[date(2027, 1, 1)]]
    assert CalendarDay.objects.filter(day=date(2027, 1, 1)).exists()
    (notice,) = Notification.objects.all()
    assert notice.recipient_user == staff.sysadmin
    what = services.CHANGE_FOLLOW_UP.format(days="2027-01-01")
    assert notice.title == f"后台处理失败：{what}"
    assert "<locals>.broken」" in notice.body and "RuntimeError" in notice.body
    assert "<locals>.broken failed" in caplog.text
