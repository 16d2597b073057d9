"""Tables of the dashboard's charts, their Excel downloads and the 「主要数据」 report (DOCX).

The page's table views, the Excel files and the report all come from `chart_table`, so what
the user reads, downloads and prints is the same. Figures only: no personal data leaves here.
Each download is audited (`stats.export`, `stats.report`) as the members export is.
"""

import io
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.audit.services import audit_record
from gonghui.competitions.contests.stats import contest_section
from gonghui.competitions.studios.stats import studio_section
from gonghui.competitions.training.stats import training_section
from gonghui.core.charttables import chart_table_html
from gonghui.core.tabular import xlsx_row
from gonghui.metrics.models import OrgStat
from gonghui.orgs.selectors import access_org_by_id
from gonghui.stats.dashboard import (
    CHILD_METRICS,
    child_figures,
    children_period_flows,
    percent,
    period_flows,
)
from gonghui.stats.selectors import FLOWS, MONTHLY, labels, net, org_figures

CHART_UNKNOWN = "没有这张统计图表。"
PERIOD_INVALID = "开始月份不能晚于结束月份。"
MONTH_INVALID = "月份格式应为“年-月”，例如 2026-01。"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    footer: list | None = None

    @cached_property
    def html(self) -> str:
        """The table view (`includes/chart_table.html`), rendered once in Python."""
        return chart_table_html(
            key=self.key, title=self.title, headers=self.headers, rows=self.rows, footer=self.footer
        )


def _share_rows(parts: list[dict], total: int) -> list[list]:
    return [[p["label"], p["value"], percent(p["value"] / total if total else None)] for p in parts]


def chart_table(data: dict, chart: str) -> Table:
    """One chart of `dashboard_data` as a table. Raises KeyError for an unknown chart."""
    figures = data["figures"]
    if chart == "figures":
        return Table(
            chart,
            "主要指标",
            ["指标", "数值"],
            [[f["label"], f["shown"]] for f in data["key_figures"]],
        )
    if chart == "trend":
        return Table(
            chart,
            "近12个月变化",
            ["月份", *data["trend_labels"]],
            [[row["period"], *row["values"]] for row in data["trend_rows"]],
            [
                "合计",
                *[sum(col) for col in zip(*[r["values"] for r in data["trend_rows"]], strict=True)],
            ],
        )
    if chart == "children":
        rows = [
            [row["org"].name, *row["values"], row["new_forms_share"]] for row in data["children"]
        ]
        return Table(
            chart,
            "下级工会分布",
            ["下级工会", *data["child_labels"], "新就业形态占比"],
            rows,
        )
    if chart == "map":
        county = data["map"]["level"] == "county"
        return Table(
            chart,
            "各区县会员分布" if county else "各市州会员分布",
            ["区县" if county else "市州", "对应工会", "会员数", "新就业形态会员"],
            [
                [r["name"], r["org"].name if r["org"] else "—", r["members"], r["new_forms"]]
                for r in data["map"]["regions"]
            ],
        )
    if chart == "category":
        parts = figures["by_category"]
        return Table(
            chart,
            "会员职工类别构成",
            ["职工类别", "会员数", "占比"],
            _share_rows(parts, figures["members"]),
            ["合计", figures["members"], ""],
        )
    if chart == "age":
        parts = figures["by_age_band"]
        return Table(
            chart,
            "会员年龄构成",
            ["年龄段", "会员数", "占比"],
            _share_rows(parts, figures["members"]),
            ["合计", figures["members"], ""],
        )
    raise KeyError(chart)


def dashboard_tables(data: dict) -> dict[str, Table]:
    charts = ["figures", "trend", "children", "category", "age"]
    if data["has_map"]:
        charts.insert(2, "map")
    tables = {chart: chart_table(data, chart) for chart in charts}
    if data.get("assistance"):
        tables.update({t["key"]: Table(**t) for t in data["assistance"]["tables"]})
    return tables


def _append_table(sheet, table: Table) -> None:
    sheet.append(xlsx_row(sheet, table.headers))
    for row in table.rows:
        sheet.append(xlsx_row(sheet, row))
    if table.footer:
        sheet.append(xlsx_row(sheet, table.footer))


def dashboard_export_xlsx(*, actor, data: dict, chart: str):
    """One chart's table (or "all": every table, a sheet each) as XLSX; audited
    (`stats.export`). Returns a rewound temporary file."""
    from openpyxl import Workbook

    tables = dashboard_tables(data)
    if chart != "all" and chart not in tables:
        raise KeyError(chart)
    chosen = list(tables.values()) if chart == "all" else [tables[chart]]
    book = Workbook(write_only=True)
    for table in chosen:
        sheet = book.create_sheet(table.title)
        sheet.append(xlsx_row(sheet, ["统计范围", f"{data['org'].name}（含下级）"]))
        sheet.append(["统计时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")])
        sheet.append([])
        _append_table(sheet, table)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the FileResponse closes it)
    book.save(out)
    out.seek(0)
    audit_record(
        actor=actor,
        action="stats.export",
        org=data["org"],
        changes={"org": data["org"].name, "chart": chart, "members": data["figures"]["members"]},
    )
    return out


# --- 「主要数据」 report ----------------------------------------------------------------------


def parse_month(text: str) -> str:
    """ "YYYY-MM" (also "YYYY-M") → "YYYY-MM"; ValueError with MONTH_INVALID otherwise."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        date(year, month, 1)
    except (ValueError, TypeError) as error:
        raise ValueError(MONTH_INVALID) from error
    return f"{year:04d}-{month:02d}"


# The reports' phrasing of honors conferred by decision (gonghui/honors/metrics.py).
HONORS_LINE = "表彰省五一劳动奖状{award}个、奖章{medal}个、工人先锋号{vanguard}个"
HONORS_KEYS = {
    "award": "honors.award.gansu-may1-award",
    "medal": "honors.award.gansu-may1-medal",
    "vanguard": "honors.award.gansu-vanguard",
}


def honors_line(*, org, start: str, end: str) -> str:
    """「表彰省五一劳动奖状N个、奖章N个、工人先锋号N个」 of the org's subtree over the months."""
    rows = OrgStat.objects.filter(
        org=org, metric__in=list(HONORS_KEYS.values()), period__gte=start, period__lte=end
    ).values_list("metric", "value")
    totals = dict.fromkeys(HONORS_KEYS.values(), 0)
    for metric, value in rows:
        totals[metric] += value
    return HONORS_LINE.format(**{name: totals[key] for name, key in HONORS_KEYS.items()})


def report_data(*, user, org_id: int, start: str, end: str) -> dict:
    """The figures of the 「主要数据」 report: current totals of the org's subtree and the flows
    of the period `start`..`end` (months, both included), also per child org."""
    if start > end:
        raise ValueError(PERIOD_INVALID)
    org = access_org_by_id(user, org_id)
    figures = org_figures(user=user, org=org)
    flows = period_flows(org=org, start=start, end=end)
    children = child_figures(org=org)
    child_flows = children_period_flows(
        children=[row["org"] for row in children], start=start, end=end
    )
    members = figures["members"]
    totals = [
        ["会员总数", members],
        ["其中：在会", figures["members_active"]],
        ["其中：保留会籍", figures["members_retained"]],
        ["新就业形态会员", figures["new_forms"]],
        ["新就业形态会员占比", percent(figures["new_forms_rate"])],
        ["工会组织数", figures["orgs"]],
        ["基层工会数", figures["base_unions"]],
        ["服务阵地数", figures["sites"]],
        ["办理中工单", figures["cases_open"]],
    ]
    flow_labels = labels(FLOWS)
    period = [[f"期间{label}", flows[metric]] for metric, label in flow_labels.items()]
    period.append(["期间会员净增", net(flows)])
    period.append([f"期间{labels(MONTHLY)['cases.received']}", flows["cases.received"]])
    period.append(["期间表彰", honors_line(org=org, start=start, end=end)])
    # A transfer between two child unions is 转出 of one and 转入 of the other, not of the org.
    child_table = Table(
        "report_children",
        "下级工会主要数据",
        [
            "下级工会",
            "会员数",
            "新就业形态会员",
            "基层工会",
            *(f"期间{label}" for label in flow_labels.values()),
            "期间净增",
        ],
        [
            [
                row["org"].name,
                row["figures"]["members"],
                row["figures"]["new_forms"],
                row["figures"]["orgs.base"],
                *(child_flows[row["org"].pk][metric] for metric in FLOWS),
                net(child_flows[row["org"].pk]),
            ]
            for row in children
        ],
    )
    return {
        "org": org,
        "start": start,
        "end": end,
        "made_at": timezone.localtime(),
        "totals": totals,
        "period": period,
        "by_category": _share_rows(figures["by_category"], members),
        "by_age_band": _share_rows(figures["by_age_band"], members),
        "children": child_table,
        "child_metrics": CHILD_METRICS,
        "contest_lines": contest_section(org=org, start=start, end=end)["lines"]
        if user.has_perm(Perm.CONTEST_VIEW)
        else [],
        "training_lines": training_section(org=org, start=start, end=end)["lines"]
        if user.has_perm(Perm.TRAINING_VIEW)
        else [],
        "studio_lines": studio_section(org=org, start=start, end=end)["lines"]
        if user.has_perm(Perm.STUDIO_VIEW)
        else [],
    }


def report_title(report: dict) -> str:
    return f"{report['org'].name}主要数据（{report['start']}至{report['end']}）"


def report_docx(*, actor, report: dict) -> io.BytesIO:
    """The report as a Word document; audited (`stats.report`)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    heading = doc.add_heading(report_title(report), level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        f"统计范围：{report['org'].name}（含下级工会）。现有数截至"
        f"{report['made_at']:%Y年%m月%d日}；期间数为{report['start']}至{report['end']}"
        "各月合计。"
    )

    def table(title: str, headers: list[str], rows: list[list]) -> None:
        doc.add_heading(title, level=2)
        grid = doc.add_table(rows=1, cols=len(headers))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, headers, strict=True):
            cell.text = str(text)
        for row in rows:
            cells = grid.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)

    table("一、现有数", ["指标", "数值"], report["totals"])
    table("二、期间变化", ["指标", "数值"], report["period"])
    table("三、会员职工类别构成", ["职工类别", "会员数", "占比"], report["by_category"])
    table("四、会员年龄构成", ["年龄段", "会员数", "占比"], report["by_age_band"])
    if report["children"].rows:
        table(
            "五、" + report["children"].title, report["children"].headers, report["children"].rows
        )
    if report["contest_lines"]:
        doc.add_heading("六、劳动和技能竞赛", level=2)
        for line in report["contest_lines"]:
            doc.add_paragraph(line)
    if report["training_lines"]:
        doc.add_heading("七、工匠学院与职工培训", level=2)
        for line in report["training_lines"]:
            doc.add_paragraph(line)
    if report["studio_lines"]:
        doc.add_heading("八、创新工作室和五小", level=2)
        for line in report["studio_lines"]:
            doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    audit_record(
        actor=actor,
        action="stats.report",
        org=report["org"],
        changes={"org": report["org"].name, "start": report["start"], "end": report["end"]},
    )
    return out
