from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import NOT_SUBMITTED, add_application_error, submit
from gonghui.workcalendar.forms import CalendarDayForm, YearImportForm
from gonghui.workcalendar.models import FIRST_YEAR, LAST_YEAR
from gonghui.workcalendar.selectors import (
    LIBRARY_YEARS,
    access_calendar_day,
    calendar_day_entry,
    calendar_year,
    default_is_working,
    is_year_covered,
    table_entry_count,
    table_years,
    working_days_between,
)
from gonghui.workcalendar.services import (
    ImportRowsInvalid,
    calendar_day_delete,
    calendar_day_set,
    calendar_year_import,
)

DAY_SET_DONE = "已保存：{saved}。"
DAY_DELETE_DONE = "已删除：{entry}。"
YEAR_IMPORT_DONE = "已导入{shown}年安排：新增 {added} 天，修改 {changed} 天，删除 {removed} 天。"


def _year_param(request) -> int:
    """The `year` asked for, or the current year when it is missing or out of range."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if FIRST_YEAR <= year <= LAST_YEAR else timezone.localdate().year


def _year_url(year: int) -> str:
    return f"{reverse('workcalendar:year')}?year={year}"


@permission_required(Perm.ORG_VIEW)
def year(request):
    """One year's holidays and 调休 workdays, from the law (the library) or this platform."""
    shown = _year_param(request)
    return render(
        request,
        "workcalendar/year.html",
        {
            "year": shown,
            "days": calendar_year(shown),
            "covered": is_year_covered(shown),
            "working_days": working_days_between(date(shown - 1, 12, 31), date(shown, 12, 31)),
            "table_years": table_years(),
            "library_first": LIBRARY_YEARS[0],
            "library_last": LIBRARY_YEARS[-1],
            "previous": shown - 1 if shown > FIRST_YEAR else None,
            "next": shown + 1 if shown < LAST_YEAR else None,
        },
    )


@permission_required(Perm.CALENDAR_MANAGE)
@require_http_methods(["GET", "POST"])
def day_set(request):
    """Add or change one entry; GET `day` opens the form on that day (with its entry, if any)."""
    initial = {}
    entry = None
    day = request.GET.get("day", "")
    try:
        initial["day"] = date.fromisoformat(day)
    except ValueError:
        pass
    else:
        entry = calendar_day_entry(initial["day"])
        if entry is not None:
            initial.update(kind=entry.kind, name=entry.name)
    form = CalendarDayForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved, _ = submit(form, calendar_day_set, actor=request.user)
        if saved is not NOT_SUBMITTED:
            messages.success(request, DAY_SET_DONE.format(saved=saved))
            return redirect(_year_url(saved.day.year))
    back = entry.day.year if entry else initial.get("day", timezone.localdate()).year
    return render(
        request, "workcalendar/day_form.html", {"form": form, "entry": entry, "back": back}
    )


@permission_required(Perm.CALENDAR_MANAGE)
@require_http_methods(["GET", "POST"])
def day_delete(request, day: date):
    """GET asks for confirmation; POST deletes."""
    entry = access_calendar_day(day)
    if request.method == "POST":
        calendar_day_delete(actor=request.user, day=day)
        messages.success(request, DAY_DELETE_DONE.format(entry=entry))
        return redirect(_year_url(day.year))
    return render(
        request,
        "workcalendar/day_delete.html",
        {"entry": entry, "default_working": default_is_working(day)},
    )


@permission_required(Perm.CALENDAR_MANAGE)
@require_http_methods(["GET", "POST"])
def year_import(request):
    """Paste a year's State Council schedule; nothing is imported if any line is wrong."""
    # The State Council publishes next year's schedule in November: that is what gets entered.
    asked = _year_param(request) if "year" in request.GET else timezone.localdate().year + 1
    form = YearImportForm(request.POST or None, initial={"year": asked})
    if request.method == "POST" and form.is_valid():
        shown = form.cleaned_data["year"]
        try:
            result = calendar_year_import(actor=request.user, year=shown, rows=form.rows)
        except ImportRowsInvalid as exc:
            form.add_row_errors(exc.errors)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                YEAR_IMPORT_DONE.format(
                    shown=shown, added=result.added, changed=result.changed, removed=result.removed
                ),
            )
            return redirect(_year_url(shown))
    shown = form["year"].value()
    try:
        shown = int(shown)
    except (TypeError, ValueError):
        shown = None
    in_range = shown is not None and FIRST_YEAR <= shown <= LAST_YEAR
    return render(
        request,
        "workcalendar/year_import.html",
        {
            "form": form,
            "year": shown if in_range else None,
            "existing": table_entry_count(shown) if in_range else 0,
            "in_library": shown in LIBRARY_YEARS,
        },
    )
