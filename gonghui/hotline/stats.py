"""12351 statistics for an org's subtree and a period (工单统计).

Which cases count: those **received** in the period (local dates, both ends included) whose
**current holder** is the org or one of its descendants — the same rule as the case lists
(hotline.selectors). A case waiting at the call centre (待派单, 已退单) is held by the province
org, so it counts for the province only; a case re-dispatched from a county to a township counts
for the township, the county and everything above.

Every figure is computed in the database, in one scan: a GROUP BY over (channel, kind, category,
status, month of receipt) with every count and sum per group; the at most 4×3×11×6 groups a
month are added up here. No query returns one row per case.

Rates (None when the denominator is 0):
- on-time rate: closed cases (办结时间 set: 已办结 or 已回访, not reopened since) closed no later
  than their deadline, over closed cases;
- dispatch target: cases dispatched within 30 minutes of receipt, over cases dispatched;
- accept target: cases accepted within 2 hours of dispatch, over cases accepted (both judged on
  the first dispatch and first acceptance, as recorded by the services);
- satisfaction: 满意 + 基本满意 over cases rated at callback (the latest rating).
Money recovered and workers benefited are summed over all counted cases: a case reopened after
a callback keeps what its last closing recorded until it is closed again.

`by_month` splits the same cases by their month of receipt (local time), every month of the
period listed: received, closed, closed on time and the on-time rate of that month's cases.
"""

import tempfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from gonghui.audit.services import audit_record
from gonghui.core.tabular import xlsx_row
from gonghui.hotline.codes import CaseStatus, Category, Channel, Kind, Rating
from gonghui.hotline.models import Case
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import access_org_by_id

# The breakdowns: key in the result, model field, code list, title.
DIMENSIONS = [
    ("by_channel", "channel", Channel, "来源渠道"),
    ("by_kind", "kind", Kind, "诉求类别"),
    ("by_category", "category", Category, "问题分类"),
    ("by_status", "status", CaseStatus, "办理状态"),
]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def subtree_cases(*, org: Org, start: date, end: date):
    """Cases received in [start, end] and held in org's subtree (no scope check)."""
    return Case.objects.filter(
        holder__in=Org.objects.filter(path__startswith=org.path).values("pk"),
        received_at__gte=_day_start(start),
        received_at__lt=_day_start(end + timedelta(days=1)),
    )


def case_statistics(*, user, org: Org, start: date, end: date) -> dict:
    """The statistics of org's subtree for cases received from `start` to `end` (both included).

    `org` must be in the user's scope (NotFound otherwise, audited). Returns::

        {"org": Org, "start": date, "end": date, "total": int,
         "by_channel" / "by_kind" / "by_category" / "by_status":
             [{"code": str, "label": str, "count": int}, ...]   # every code, in code-list order
         "by_month": [{"month": "YYYY-MM", "received", "closed", "closed_on_time",
                       "on_time_rate"}, ...]                  # every month of the period
         "closed", "closed_on_time", "on_time_rate",
         "dispatched", "dispatched_in_time", "dispatch_rate",
         "accepted", "accepted_in_time", "accept_rate",
         "rated", "satisfied", "satisfaction_rate",
         "money_recovered": Decimal (yuan, 2 places), "workers_benefited": int}
    """
    org = access_org_by_id(user, org.pk)
    cases = subtree_cases(org=org, start=start, end=end)

    closed = Q(closed_at__isnull=False)
    measures = {
        "n": Count("pk"),
        "closed": Count("pk", filter=closed),
        "closed_on_time": Count("pk", filter=closed & Q(closed_at__lte=F("deadline"))),
        "dispatched": Count("pk", filter=Q(dispatch_in_time__isnull=False)),
        "dispatched_in_time": Count("pk", filter=Q(dispatch_in_time=True)),
        "accepted": Count("pk", filter=Q(accept_in_time__isnull=False)),
        "accepted_in_time": Count("pk", filter=Q(accept_in_time=True)),
        "rated": Count("pk", filter=~Q(rating="")),
        "satisfied": Count("pk", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])),
        "money_recovered": Sum("money_recovered"),
        "workers_benefited": Sum("workers_benefited"),
    }
    fields = [field for _, field, _, _ in DIMENSIONS]
    counts = {key: {} for key, _, _, _ in DIMENSIONS}
    agg = dict.fromkeys(measures, 0)
    agg["money_recovered"] = Decimal(0)
    monthly: dict[tuple[int, int], list[int]] = {}
    # One scan: the groups of (channel, kind, category, status, month of receipt), each with
    # every measure.
    month = TruncMonth("received_at", tzinfo=timezone.get_current_timezone())
    for row in cases.order_by().annotate(month=month).values(*fields, "month").annotate(**measures):
        for key, field, _, _ in DIMENSIONS:
            counts[key][row[field]] = counts[key].get(row[field], 0) + row["n"]
        sums = monthly.setdefault((row["month"].year, row["month"].month), [0, 0, 0])
        for i, name in enumerate(("n", "closed", "closed_on_time")):
            sums[i] += row[name]
        for name in measures:
            agg[name] += Decimal(row[name] or 0) if name == "money_recovered" else row[name] or 0
    total = agg["n"]

    result = {"org": org, "start": start, "end": end, "total": total}
    for key, _, choices, _ in DIMENSIONS:
        result[key] = [
            {"code": code, "label": label, "count": counts[key].get(code, 0)}
            for code, label in choices.choices
        ]
    result["by_month"] = _by_month(monthly, start, end)
    result.update(
        closed=agg["closed"],
        closed_on_time=agg["closed_on_time"],
        on_time_rate=_rate(agg["closed_on_time"], agg["closed"]),
        dispatched=agg["dispatched"],
        dispatched_in_time=agg["dispatched_in_time"],
        dispatch_rate=_rate(agg["dispatched_in_time"], agg["dispatched"]),
        accepted=agg["accepted"],
        accepted_in_time=agg["accepted_in_time"],
        accept_rate=_rate(agg["accepted_in_time"], agg["accepted"]),
        rated=agg["rated"],
        satisfied=agg["satisfied"],
        satisfaction_rate=_rate(agg["satisfied"], agg["rated"]),
        money_recovered=agg["money_recovered"].quantize(Decimal("0.01")),
        workers_benefited=agg["workers_benefited"],
    )
    return result


def _months(start: date, end: date) -> list[tuple[int, int]]:
    first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    return [(i // 12, i % 12 + 1) for i in range(first, last + 1)]


def _by_month(counts: dict, start: date, end: date) -> list[dict]:
    """Every month of the period from `counts` ({(year, month): [received, closed, on time]})."""
    months = []
    for year, month in _months(start, end):
        n, closed, on_time = counts.get((year, month), (0, 0, 0))
        months.append(
            {
                "month": f"{year:04d}-{month:02d}",
                "received": n,
                "closed": closed,
                "closed_on_time": on_time,
                "on_time_rate": _rate(on_time, closed),
            }
        )
    return months


# The overview figures: key in the result, label.
SUMMARY = [
    ("total", "工单总数"),
    ("closed", "办结数"),
    ("closed_on_time", "按期办结数"),
    ("on_time_rate", "按期办结率"),
    ("dispatched", "已派单数"),
    ("dispatched_in_time", "30分钟内派单数"),
    ("dispatch_rate", "30分钟派单率"),
    ("accepted", "已接单数"),
    ("accepted_in_time", "2小时内接单数"),
    ("accept_rate", "2小时接单率"),
    ("rated", "回访评价数"),
    ("satisfied", "满意及基本满意数"),
    ("satisfaction_rate", "满意率"),
    ("money_recovered", "追回金额（元）"),
    ("workers_benefited", "受益职工人数"),
]
RATES = {"on_time_rate", "dispatch_rate", "accept_rate", "satisfaction_rate"}


def summary_rows(stats: dict) -> list[tuple[str, str, object]]:
    """The overview as (key, label, value) rows, shared by the page and the Excel export."""
    return [(key, label, stats[key]) for key, label in SUMMARY]


def stats_export_xlsx(*, actor, stats: dict):
    """The statistics as XLSX, one sheet per breakdown after an overview sheet; audited
    (case.stats_export). Returns a rewound temporary file."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    overview = book.create_sheet("概览")
    overview.append(xlsx_row(overview, ["统计范围", f"{stats['org'].name}（含下级）"]))
    overview.append(["统计期间", f"{stats['start']:%Y-%m-%d} 至 {stats['end']:%Y-%m-%d}"])
    for key, label, value in summary_rows(stats):
        if key in RATES:
            cell = WriteOnlyCell(overview, value=value)
            cell.number_format = "0.0%"
            value = cell
        elif key == "money_recovered":
            cell = WriteOnlyCell(overview, value=value)
            cell.number_format = "#,##0.00"
            value = cell
        overview.append(xlsx_row(overview, [label, value]))
    for key, _, _, title in DIMENSIONS:
        sheet = book.create_sheet(title)
        sheet.append([title, "工单数"])
        for row in stats[key]:
            sheet.append(xlsx_row(sheet, [row["label"], row["count"]]))
        sheet.append(["合计", stats["total"]])
    # The month charts' figures: cases by month of receipt and each month's on-time rate.
    sheet = book.create_sheet("受理月份")
    sheet.append(["受理月份", "工单数", "办结数", "按期办结数", "按期办结率"])
    for month in stats["by_month"]:
        rate = WriteOnlyCell(sheet, value=month["on_time_rate"])
        rate.number_format = "0.0%"
        sheet.append(
            [month["month"], month["received"], month["closed"], month["closed_on_time"], rate]
        )
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the FileResponse closes it)
    book.save(out)
    out.seek(0)
    audit_record(
        actor=actor,
        action="case.stats_export",
        org=stats["org"],
        changes={
            "org": stats["org"].name,
            "start": stats["start"].isoformat(),
            "end": stats["end"].isoformat(),
            "total": stats["total"],
        },
    )
    return out
