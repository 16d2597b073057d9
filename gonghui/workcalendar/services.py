"""Writes to the working-day table: each audited, in one transaction, and announced after the
commit with `signals.calendar_changed` so that deadlines depending on the days can be moved."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.errors import ApplicationError, Forbidden, NotFound
from gonghui.notifications.services import report_receiver_failures
from gonghui.workcalendar.models import FIRST_YEAR, LAST_YEAR, CalendarDay, CalendarDayKind
from gonghui.workcalendar.selectors import CALENDAR_DAY_NOT_FOUND
from gonghui.workcalendar.signals import calendar_changed

CALENDAR_MANAGE_DENIED = "只有系统管理员可以维护工作日历。"
DAY_REQUIRED = "请填写日期。"
DAY_INVALID = "日期格式不正确，请按 2027-01-01 的格式填写。"
DAY_OUT_OF_RANGE = f"日期须在{FIRST_YEAR}年至{LAST_YEAR}年之间，请核对后重新输入。"
KIND_INVALID = "类型只能是「休息日」或「调休上班」，请重新选择。"
NAME_MAX_LENGTH = 40
NAME_TOO_LONG = f"名称最多{NAME_MAX_LENGTH}个字，请缩短后重新输入。"
YEAR_OUT_OF_RANGE = f"年份须在{FIRST_YEAR}年至{LAST_YEAR}年之间，请重新选择。"
IMPORT_EMPTY = "请至少填写一个日期。"
IMPORT_WRONG_YEAR = "{day} 不在{year}年内，请核对日期或所选年份。"
IMPORT_DUPLICATE = "{day} 在本次导入中重复出现，请只保留一行。"
IMPORT_INVALID = "导入内容有 {n} 处错误，未导入任何日期，请改正后重新提交。"
CHANGE_FOLLOW_UP = "工作日历调整（{days}）后的后续处理"


class ImportRowsInvalid(ApplicationError):
    """A year import with bad rows; `errors` holds (row index, message) for every one."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(IMPORT_INVALID.format(n=len(errors)))
        self.errors = errors


@dataclass(frozen=True)
class YearImport:
    """What a year import changed in the table."""

    added: int
    changed: int
    removed: int


def _require_manage(actor: User) -> None:
    if not actor.has_perm(Perm.CALENDAR_MANAGE):
        raise denial(
            Forbidden(CALENDAR_MANAGE_DENIED),
            actor=actor,
            action="access.denied",
            object_repr="工作日历",
            changes={"permission": Perm.CALENDAR_MANAGE},
        )


def _day_error(day) -> str | None:
    if day is None or day == "":
        return DAY_REQUIRED
    if not isinstance(day, date) or isinstance(day, datetime):
        return DAY_INVALID
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return DAY_OUT_OF_RANGE
    return None


def _entry_error(day, kind, name) -> str | None:
    """The first thing wrong with one entry, or None."""
    return (
        _day_error(day)
        or (KIND_INVALID if kind not in CalendarDayKind.values else None)
        or (NAME_TOO_LONG if len((name or "").strip()) > NAME_MAX_LENGTH else None)
    )


def _announce(days: Iterable[date]) -> None:
    """Send `calendar_changed` once the transaction commits (never if it rolls back)."""
    days = sorted(set(days))
    if not days:
        return

    def send():
        # The change is committed and stays; a failing receiver must not turn the
        # administrator's saved change into an error page, but it must not go unseen.
        report_receiver_failures(
            what=CHANGE_FOLLOW_UP.format(days=_days_text(days)),
            results=calendar_changed.send_robust(sender=CalendarDay, days=days),
        )

    transaction.on_commit(send)


def _days_text(days: Sequence[date]) -> str:
    shown = "、".join(day.isoformat() for day in days[:3])
    return shown + (f" 等 {len(days)} 天" if len(days) > 3 else "")


def _kind_label(kind: str) -> str:
    return CalendarDayKind(kind).label


@atomic_keeping_denials
def calendar_day_set(*, actor: User, day: date, kind: str, name: str = "") -> CalendarDay:
    """Create or update the table's entry for `day`."""
    _require_manage(actor)
    error = _day_error(day)
    if error:
        raise ApplicationError(error, field="day")
    if kind not in CalendarDayKind.values:
        raise ApplicationError(KIND_INVALID, field="kind")
    name = (name or "").strip()
    if len(name) > NAME_MAX_LENGTH:
        raise ApplicationError(NAME_TOO_LONG, field="name")
    entry = CalendarDay.objects.select_for_update().filter(day=day).first()
    if entry is None:
        entry = CalendarDay.objects.create(day=day, kind=kind, name=name, created_by=actor)
        changes = {"day": day.isoformat(), "kind": _kind_label(kind), "holiday": name}
        audit_record(actor=actor, action="calendar.set", obj=entry, changes=changes)
        _announce([day])
        return entry
    changes = {}
    if entry.kind != kind:
        changes["kind"] = [_kind_label(entry.kind), _kind_label(kind)]
    if entry.name != name:
        changes["holiday"] = [entry.name, name]
    if not changes:
        return entry
    entry.kind, entry.name = kind, name
    entry.save(update_fields=["kind", "name"])
    audit_record(
        actor=actor, action="calendar.set", obj=entry, changes={"day": day.isoformat(), **changes}
    )
    if "kind" in changes:
        _announce([day])
    return entry


@atomic_keeping_denials(durable=True)
def calendar_day_delete(*, actor: User, day: date) -> None:
    """Remove the table's entry for `day`: the day goes back to the library or the weekend
    rule."""
    _require_manage(actor)
    entry = CalendarDay.objects.select_for_update().filter(day=day).first()
    if entry is None:
        raise NotFound(CALENDAR_DAY_NOT_FOUND)
    audit_record(
        actor=actor,
        action="calendar.delete",
        obj=entry,
        changes={"day": day.isoformat(), "kind": entry.get_kind_display(), "holiday": entry.name},
    )
    entry.delete()
    _announce([day])


def import_row_errors(*, year: int, rows: Sequence[tuple[date, str, str]]) -> list[tuple[int, str]]:
    """(row index, message) for every row `calendar_year_import` would refuse; the bulk form
    turns the indexes into line numbers."""
    errors = []
    seen: set[date] = set()
    for index, (day, kind, name) in enumerate(rows):
        error = _entry_error(day, kind, name)
        if error is None and day.year != year:
            error = IMPORT_WRONG_YEAR.format(day=day.isoformat(), year=year)
        if error is None and day in seen:
            error = IMPORT_DUPLICATE.format(day=day.isoformat())
        if error is None:
            seen.add(day)
        else:
            errors.append((index, error))
    return errors


@atomic_keeping_denials(durable=True)
def calendar_year_import(
    *, actor: User, year: int, rows: Sequence[tuple[date, str, str]]
) -> YearImport:
    """Enter a year's State Council schedule at once: rows of (date, kind, name).

    The table's entries for `year` become exactly `rows`: days missing from them are removed (a
    corrected schedule is entered again as a whole). All rows are checked first; if any is
    wrong nothing is written and `ImportRowsInvalid` lists them all.
    """
    _require_manage(actor)
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ApplicationError(YEAR_OUT_OF_RANGE, field="year")
    rows = [tuple(row) for row in rows]
    if not rows:
        raise ApplicationError(IMPORT_EMPTY, field="text")
    errors = import_row_errors(year=year, rows=rows)
    if errors:
        raise ImportRowsInvalid(errors)
    wanted = {day: (kind, (name or "").strip()) for day, kind, name in rows}
    existing = {
        e.day: e
        for e in CalendarDay.objects.select_for_update().filter(
            day__range=(date(year, 1, 1), date(year, 12, 31))
        )
    }
    removed = [day for day in existing if day not in wanted]
    CalendarDay.objects.filter(day__in=removed).delete()
    added, changed, kind_changed = [], [], []
    for day, (kind, name) in wanted.items():
        entry = existing.get(day)
        if entry is None:
            added.append(CalendarDay(day=day, kind=kind, name=name, created_by=actor))
        elif (entry.kind, entry.name) != (kind, name):
            if entry.kind != kind:
                kind_changed.append(day)
            entry.kind, entry.name = kind, name
            changed.append(entry)
    CalendarDay.objects.bulk_create(added)
    CalendarDay.objects.bulk_update(changed, ["kind", "name"])
    result = YearImport(added=len(added), changed=len(changed), removed=len(removed))
    if added or changed or removed:
        audit_record(
            actor=actor,
            action="calendar.import",
            object_repr=f"{year}年节假日安排",
            changes={
                "year": year,
                "added": result.added,
                "changed": result.changed,
                "removed": result.removed,
            },
        )
    _announce([e.day for e in added] + kind_changed + removed)
    return result
