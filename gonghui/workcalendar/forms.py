import re
from datetime import date

from django import forms

from gonghui.core.forms import WorkbenchForm
from gonghui.workcalendar.models import FIRST_YEAR, LAST_YEAR, CalendarDayKind
from gonghui.workcalendar.services import (
    IMPORT_INVALID,
    NAME_MAX_LENGTH,
    YEAR_OUT_OF_RANGE,
    import_row_errors,
)

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
LINE_FORMAT = "第{line}行：格式应为「日期 休/班 名称」，例如「2027-01-01 休 元旦」。"
LINE_DATE_INVALID = "第{line}行：「{text}」不是有效日期，请按 2027-01-01 的格式填写。"
LINE_KIND_INVALID = "第{line}行：「{text}」无法识别，请填写「休」（休息日）或「班」（调休上班）。"
LINE_ERROR = "第{line}行：{message}"
SCHEDULE_EMPTY = "请粘贴全年安排，每行一个日期。"

_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
# Blanks (also the full-width one), tabs from a spreadsheet, and Chinese or ASCII commas.
_SEPARATORS = re.compile(r"[\s\u3000,，、;；]+")
_KINDS = {
    "休": CalendarDayKind.HOLIDAY,
    "休息": CalendarDayKind.HOLIDAY,
    "休息日": CalendarDayKind.HOLIDAY,
    "放假": CalendarDayKind.HOLIDAY,
    "班": CalendarDayKind.WORKDAY,
    "上班": CalendarDayKind.WORKDAY,
    "补班": CalendarDayKind.WORKDAY,
    "调休上班": CalendarDayKind.WORKDAY,
}


class CalendarDayForm(WorkbenchForm):
    day = forms.DateField(
        label="日期",
        widget=DATE_WIDGET,
        error_messages={"invalid": "日期格式不正确，请按 2027-01-01 的格式填写。"},
    )
    kind = forms.ChoiceField(
        label="类型",
        choices=CalendarDayKind.choices,
        widget=forms.RadioSelect,
        help_text="休息日：这一天不上班；调休上班：周末补班。",
    )
    name = forms.CharField(
        label="名称",
        required=False,
        max_length=NAME_MAX_LENGTH,
        help_text="例如：春节、国庆节调休。",
    )


def _parse_date(text: str) -> date | None:
    match = _DATE.match(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


class YearImportForm(WorkbenchForm):
    """A year's schedule pasted one date a line, e.g. `2027-01-01 休 元旦` or
    `2027-02-07 班 春节调休`; blank lines and lines starting with # are skipped.

    Once valid, `rows` holds the (date, kind, name) rows for `calendar_year_import`, and
    `line_numbers[i]` the line row i came from.
    """

    year = forms.IntegerField(
        label="年份",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={"min_value": YEAR_OUT_OF_RANGE, "max_value": YEAR_OUT_OF_RANGE},
    )
    text = forms.CharField(
        label="全年安排",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "mono"}),
        help_text="每行一个日期：日期、休或班、名称，用空格分开。"
        "例如「2027-01-01 休 元旦」「2027-02-07 班 春节调休」。",
        error_messages={"required": SCHEDULE_EMPTY},
    )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text")
        if text is None:
            return cleaned
        self.rows: list[tuple[date, str, str]] = []
        self.line_numbers: list[int] = []
        errors: list[tuple[int, str]] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            row, error = _parse_line(number, line)
            if error:
                errors.append((number, error))
            else:
                self.rows.append(row)
                self.line_numbers.append(number)
        if not self.rows and not errors:
            self.add_error("text", SCHEDULE_EMPTY)
            return cleaned
        year = cleaned.get("year")
        if year is not None:
            errors += self._line_errors(import_row_errors(year=year, rows=self.rows))
        self._add_line_errors(errors)
        return cleaned

    def add_row_errors(self, errors: list[tuple[int, str]]) -> None:
        """Show the service's row errors against the lines the rows came from."""
        self._add_line_errors(self._line_errors(errors))

    def _line_errors(self, row_errors: list[tuple[int, str]]) -> list[tuple[int, str]]:
        return [
            (self.line_numbers[index], LINE_ERROR.format(line=self.line_numbers[index], message=m))
            for index, m in row_errors
        ]

    def _add_line_errors(self, errors: list[tuple[int, str]]) -> None:
        if not errors:
            return
        self.add_error(None, IMPORT_INVALID.format(n=len(errors)))
        for _, message in sorted(errors, key=lambda e: e[0]):
            self.add_error("text", message)


def _parse_line(number: int, line: str) -> tuple[tuple[date, str, str] | None, str]:
    """(row, "") for a good line, (None, message) for a bad one."""
    parts = _SEPARATORS.split(line, maxsplit=2)
    if len(parts) < 2:
        return None, LINE_FORMAT.format(line=number)
    day = _parse_date(parts[0])
    if day is None:
        return None, LINE_DATE_INVALID.format(line=number, text=parts[0])
    kind = _KINDS.get(parts[1])
    if kind is None:
        return None, LINE_KIND_INVALID.format(line=number, text=parts[1])
    return (day, kind, parts[2].strip() if len(parts) > 2 else ""), ""
