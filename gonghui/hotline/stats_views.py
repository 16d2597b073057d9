"""「工单统计」: the 12351 statistics of an org's subtree for a period, and their Excel export."""

from datetime import date

from django import forms
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.core.forms import WorkbenchForm
from gonghui.hotline.stats import (
    DIMENSIONS,
    RATES,
    case_statistics,
    stats_export_xlsx,
    summary_rows,
)
from gonghui.orgs.models import Org
from gonghui.orgs.pickers import OrgPickerField
from gonghui.orgs.selectors import access_org_by_id, scope_top

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
PERIOD_INVALID = "开始日期不能晚于结束日期。"


class StatsFilterForm(WorkbenchForm):
    org = OrgPickerField(
        label="统计范围",
        purpose="hotline_stats_org",
        required=False,
        error_messages={"invalid_choice": "所选工会不在您的管理范围内，请重新查找。"},
    )
    start = forms.DateField(label="开始日期", required=False, widget=DATE_WIDGET)
    end = forms.DateField(label="结束日期", required=False, widget=DATE_WIDGET)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(PERIOD_INVALID)
        return data


def _filters(request) -> tuple[StatsFilterForm, Org | None, date, date]:
    """The org (default: the user's own, or the top of a superuser's tree, shown in the box) and
    the period (default: this year up to today). An org out of scope is a 404, audited
    (access_org_by_id), as if it did not exist."""
    top = scope_top(request.user)
    data = request.GET.copy()
    if top and not data.get("org") and not data.get("org_q"):
        data["org"] = str(top[0].pk)
    form = StatsFilterForm(data if data else None, user=request.user)
    valid = form.is_valid()
    picked = request.GET.get("org", "")
    if not valid and "org" in form.errors and picked.isdigit():
        access_org_by_id(request.user, int(picked))
    cleaned = form.cleaned_data if valid else {}
    if cleaned.get("org") and not data.get("org"):
        # Found by the typed text alone (no script): show it as picked, with its path.
        data["org"] = str(cleaned["org"].pk)
        form = StatsFilterForm(data, user=request.user)
        form.is_valid()
    today = timezone.localdate()
    start = cleaned.get("start") or today.replace(month=1, day=1)
    end = cleaned.get("end") or today
    if start > end:
        start, end = end.replace(month=1, day=1), end
    org = cleaned.get("org") or (top[0] if top else None)
    return form, org, start, end


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def _charts(stats: dict, tables: list[dict]) -> tuple[dict, dict]:
    """The three charts' figures (json_script) and their 「查看表格」 tables, from `stats`."""
    by_category = next(t for t in tables if t["key"] == "by_category")
    months = stats["by_month"]
    cards = {
        "category": {
            "key": "case_category",
            "title": "按问题分类",
            "headers": ["问题分类", "工单数", "占比"],
            "rows": [[r["label"], r["count"], r["share"]] for r in by_category["rows"]],
            "footer": ["合计", stats["total"], ""],
        },
        "months": {
            "key": "case_months",
            "title": "按受理月份",
            "headers": ["受理月份", "工单数"],
            "rows": [[m["month"], m["received"]] for m in months],
            "footer": ["合计", stats["total"]],
        },
        "on_time": {
            "key": "case_on_time",
            "title": "按期办结率（按受理月份）",
            "headers": ["受理月份", "办结数", "按期办结数", "按期办结率"],
            "rows": [
                [m["month"], m["closed"], m["closed_on_time"], _percent(m["on_time_rate"])]
                for m in months
            ],
            "footer": [
                "合计",
                stats["closed"],
                stats["closed_on_time"],
                _percent(stats["on_time_rate"]),
            ],
        },
    }
    figures = {
        "category": [{"name": r["label"], "value": r["count"]} for r in by_category["rows"]],
        "months": [m["month"] for m in months],
        "received": [m["received"] for m in months],
        "closed": [m["closed"] for m in months],
        "closed_on_time": [m["closed_on_time"] for m in months],
        # Percent with one decimal, None for a month without closed cases (a gap in the line).
        "on_time_rate": [
            None if m["on_time_rate"] is None else round(m["on_time_rate"] * 100, 1) for m in months
        ],
    }
    return cards, figures


@permission_required(Perm.HOTLINE_VIEW)
def stats_page(request):
    form, org, start, end = _filters(request)
    stats = case_statistics(user=request.user, org=org, start=start, end=end) if org else None
    summary, tables, cards, charts = [], [], {}, None
    if stats:
        for key, label, value in summary_rows(stats):
            shown = _percent(value) if key in RATES else value
            if key == "money_recovered":
                shown = f"{value:,.2f}"
            summary.append({"key": key, "label": label, "value": shown})
        for key, _, _, title in DIMENSIONS:
            rows = [
                {
                    **row,
                    "share": _percent(row["count"] / stats["total"] if stats["total"] else None),
                }
                for row in stats[key]
            ]
            tables.append({"key": key, "title": title, "rows": rows})
    if stats:
        cards, charts = _charts(stats, tables)
        # The category table is the category chart's table view now.
        tables = [t for t in tables if t["key"] != "by_category"]
    return render(
        request,
        "hotline/stats/page.html",
        {
            "form": form,
            "org": org,
            "start": start,
            "end": end,
            "stats": stats,
            "summary": summary,
            "tables": tables,
            "cards": cards,
            "charts": charts,
        },
    )


@permission_required(Perm.HOTLINE_VIEW)
def stats_export(request):
    _, org, start, end = _filters(request)
    if org is None:
        return render(request, "404.html", {"message": "没有可统计的工会组织。"}, status=404)
    stats = case_statistics(user=request.user, org=org, start=start, end=end)
    out = stats_export_xlsx(actor=request.user, stats=stats)
    name = f"12351工单统计-{org.name}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name)
