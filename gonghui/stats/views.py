"""「数据看板」: the dashboard of an org's subtree, its Excel downloads and the 「主要数据」 report.

Thin views over `gonghui.stats.dashboard` and `gonghui.stats.reports`; every figure comes from
the roll-up table. An org outside the user's subtree is a 404 (`access_org_by_id`).
"""

import functools

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from gonghui.accounts.decorators import permission_required
from gonghui.accounts.permissions import Perm
from gonghui.core.charttables import cell_text
from gonghui.orgs.models import OrgType
from gonghui.orgs.selectors import scope_top
from gonghui.stats.dashboard import dashboard_data
from gonghui.stats.maps import short_name
from gonghui.stats.reports import (
    CHART_UNKNOWN,
    dashboard_export_xlsx,
    dashboard_tables,
    parse_month,
    report_data,
    report_docx,
    report_title,
)

NO_ORG = "您的账号未关联工会组织，没有可查看的数据看板。"
# The bar chart shows the largest children only; the table below it lists them all.
CHART_CHILDREN = 20


def _own_org_id(request) -> int:
    top = scope_top(request.user)
    if not top:
        raise Http404(NO_ORG)
    return top[0].pk


@permission_required(Perm.ORG_VIEW)
def dashboard_home(request):
    return redirect("stats:org", org_id=_own_org_id(request))


def _largest_children(children: list[dict]) -> list[dict]:
    """The children with the most members first (a ranked bar chart), at most CHART_CHILDREN."""
    return sorted(children, key=lambda row: -row["figures"]["members"])[:CHART_CHILDREN]


def _chart_json(data: dict) -> dict:
    """What the charts draw (the tables hold the same figures)."""
    figures = data["figures"]
    payload = {
        "trend": {
            "months": [row["period"] for row in data["trend_rows"]],
            "series": [
                {"name": label, "data": [row["values"][i] for row in data["trend_rows"]]}
                for i, label in enumerate(data["trend_labels"])
            ],
        },
        "children": [
            {
                "name": row["org"].name,
                "short": short_name(row["org"].name),
                "value": row["figures"]["members"],
                "new_forms": row["figures"]["new_forms"],
                "url": _org_url(row["org"].pk),
            }
            for row in _largest_children(data["children"])
        ],
        "category": [
            {"name": p["label"], "value": p["value"]} for p in figures["by_category"] if p["value"]
        ],
        "age": [{"name": p["label"], "value": p["value"]} for p in figures["by_age_band"]],
    }
    if data["assistance"]:
        payload["assistance"] = _assistance_chart_json(data["assistance"])
    if data["has_map"]:
        choropleth = data["map"]
        payload["map"] = {
            "geojson": static(choropleth["geojson"]),
            "codes": choropleth["codes"],
            "regions": [
                {
                    "name": r["name"],
                    "label": r["label"],
                    "union": r["org"].name if r["org"] else "",
                    "value": r["members"],
                    "url": _org_url(r["org"].pk) if r["org"] else "",
                }
                for r in choropleth["regions"]
            ],
        }
    return payload


def _assistance_chart_json(section: dict) -> dict:
    """The 困难职工帮扶 charts (`gonghui.assistance.selectors.stats`)."""
    figures = section["figures"]
    return {
        "level": [{"name": p["label"], "value": p["value"]} for p in figures["by_level"]],
        "cause": [{"name": p["label"], "value": p["value"]} for p in figures["by_cause"]],
        "status": [{"name": p["label"], "value": p["value"]} for p in figures["by_status"]],
        "fund": [
            {"name": f["label"], "amount": float(f["amount"]), "count": f["count"]}
            for f in figures["by_fund"]
        ],
        "campaigns": [
            {"name": c["name"], "amount": float(c["amount"]), "count": c["count"]}
            for c in figures["campaigns"]
        ],
        "children": [
            {
                "name": row["org"].name,
                "short": short_name(row["org"].name),
                "value": row["figures"]["archives"],
                "url": _org_url(row["org"].pk),
            }
            for row in sorted(section["children"], key=lambda r: -r["figures"]["archives"])[
                :CHART_CHILDREN
            ]
        ],
    }


def _map_texts(data: dict) -> dict:
    """The headings and sentences around the map and the ranked bar chart."""
    children = data["children"]
    texts = {
        "children_note": f"图中为会员数最多的{CHART_CHILDREN}个下级工会，从多到少排列；全部下级工会见表格。"
        if len(children) > CHART_CHILDREN
        else "按会员数从多到少排列，点击条形打开该工会的数据看板。"
    }
    choropleth = data["map"]
    if choropleth is None:
        org = data["org"]
        where = "本级不设区县，" if org.org_type == OrgType.CITY else "地图画到区县一级，"
        texts["no_map_note"] = (
            f"{where}{org.name}各下级工会的会员数见上方“下级工会会员分布”图（从多到少排列）"
            "和下方“下级工会”表格。"
        )
        return texts
    unit = "区县" if choropleth["level"] == "county" else "市州"
    note = f"颜色越深会员越多；点击地图上的{unit}打开该{unit}工会的数据看板。"
    unmapped = choropleth["unmapped"]
    if unmapped:
        names = "、".join(o.name for o in unmapped[:3]) + ("等" if len(unmapped) > 3 else "")
        note += f"{names}没有对应的{unit}区域，不在地图上，其数字见“下级工会”表格。"
    texts.update(map_heading=f"各{unit}会员分布", map_note=note)
    return texts


def _children_rows(children: list[dict]) -> str:
    """The rows of the 「下级工会」 table (a county has a hundred and more), rendered once."""
    rows = []
    for row in children:
        org = row["org"]
        cells = "".join(f'<td class="num">{cell_text(v)}</td>' for v in row["values"])
        rows.append(
            f'<tr data-org="{org.pk}"><th scope="row"><a href="{cell_text(_org_url(org.pk))}">'
            f"{cell_text(org.name)}</a></th>{cells}"
            f'<td class="num">{cell_text(row["new_forms_share"])}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value is escaped by cell_text


@functools.lru_cache(maxsize=8)
def _org_url_parts(script_prefix: str) -> tuple[str, str]:
    head, tail = reverse("stats:org", args=[0]).rsplit("/0/", 1)
    return head, tail


def _org_url(org_id: int) -> str:
    """`reverse("stats:org", args=[org_id])`, without resolving the pattern again for each of
    the hundred and more links of a county's page."""
    head, tail = _org_url_parts(get_script_prefix())
    return f"{head}/{int(org_id)}/{tail}"


@permission_required(Perm.ORG_VIEW)
def dashboard(request, org_id: int):
    data = dashboard_data(user=request.user, org_id=org_id)
    today = timezone.localdate()
    return render(
        request,
        "stats/dashboard.html",
        {
            **data,
            "tables": dashboard_tables(data),
            "charts": _chart_json(data),
            "children_rows": _children_rows(data["children"]),
            **_map_texts(data),
            "report_start": f"{today.year:04d}-01",
            "report_end": f"{today.year:04d}-{today.month:02d}",
        },
    )


@permission_required(Perm.ORG_VIEW)
def dashboard_export(request, org_id: int, chart: str):
    data = dashboard_data(user=request.user, org_id=org_id)
    try:
        out = dashboard_export_xlsx(actor=request.user, data=data, chart=chart)
    except KeyError:
        raise Http404(CHART_UNKNOWN) from None
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"数据看板-{data['org'].name}-{chart}-{stamp}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name)


def _report(request, org_id: int) -> tuple[dict | None, str]:
    today = timezone.localdate()
    try:
        start = parse_month(request.GET.get("start") or f"{today.year}-01")
        end = parse_month(request.GET.get("end") or f"{today.year}-{today.month}")
        return report_data(user=request.user, org_id=org_id, start=start, end=end), ""
    except ValueError as error:
        return None, str(error)


@permission_required(Perm.ORG_VIEW)
def report(request, org_id: int):
    """The printable 「主要数据」 page (print-styled) with its DOCX download."""
    data, error = _report(request, org_id)
    context = {"report": data, "error": error, "org_id": org_id}
    if data:
        context["title"] = report_title(data)
    else:
        context["start"] = request.GET.get("start", "")
        context["end"] = request.GET.get("end", "")
    return render(request, "stats/report.html", context, status=400 if error else 200)


@permission_required(Perm.ORG_VIEW)
def report_download(request, org_id: int):
    data, error = _report(request, org_id)
    if error:
        return render(
            request,
            "stats/report.html",
            {"report": None, "error": error, "org_id": org_id},
            status=400,
        )
    out = report_docx(actor=request.user, report=data)
    name = f"{report_title(data)}.docx"
    return FileResponse(out, as_attachment=True, filename=name)
