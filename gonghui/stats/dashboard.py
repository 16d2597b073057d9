"""What a dashboard shows for an org's subtree, read from the roll-up table only.

Every figure comes from `OrgStat` rows (through `gonghui.stats.selectors` where they cover it),
so a province dashboard at 10 million members reads a few dozen indexed rows and never counts
the member table. The shape returned by `dashboard_data` is shared by the page, its charts, the
Excel downloads and the 「主要数据」 report.
"""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.assistance.selectors.stats import assistance_dashboard
from gonghui.competitions.contests.stats import contest_section
from gonghui.competitions.studios.stats import studio_section
from gonghui.competitions.training.stats import training_section
from gonghui.honors.stats import honors_section
from gonghui.hotline.selectors import org_cases_overdue
from gonghui.metrics.models import OrgStat
from gonghui.metrics.reads import Rows, org_rows
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.selectors import access_org_by_id, org_in_scope
from gonghui.stats.maps import org_map
from gonghui.stats.selectors import FLOWS, MONTHLY, figures_of, labels, net

# The figures of each child org in the breakdown: (metric key, column label).
CHILD_METRICS = [
    ("members", "会员数"),
    ("new_forms", "新就业形态会员"),
    ("orgs.base", "基层工会"),
    ("sites", "服务阵地"),
    ("cases.open", "办理中工单"),
]
TREND_METRICS = list(MONTHLY)
# The trend's columns: the stored monthly metrics, with 净增 computed after the flows.
NET = "net"
TREND_COLUMNS = [*FLOWS, NET, "cases.received"]

# Key figures shown as tiles, in order: (key, label).
KEY_FIGURES = [
    ("members", "会员总数"),
    ("new_forms", "新就业形态会员"),
    ("new_forms_rate", "新就业形态会员占比"),
    ("joins_this_year", "本年新入会"),
    ("transfers_in_this_year", "本年转入"),
    ("transfers_out_this_year", "本年转出"),
    ("leaves_this_year", "本年退会/除名"),
    ("net_this_year", "本年净增"),
    ("base_unions", "基层工会数"),
    ("orgs", "工会组织数"),
    ("sites", "服务阵地数"),
    ("cases_received_this_year", "本年受理工单"),
    ("cases_open", "办理中工单"),
    ("cases_overdue", "超时未办结工单"),
]
RATE_FIGURES = {"new_forms_rate"}


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def child_figures(*, org: Org) -> list[dict]:
    """The active children of an org (already access-checked), each with the `CHILD_METRICS`
    of its subtree; two queries whatever the number of children."""
    children = list(Org.objects.get_children(org).filter(status=OrgStatus.ACTIVE).order_by("path"))
    values: dict[tuple[int, str], int] = {
        (org_id, metric): value
        for org_id, metric, value in OrgStat.objects.filter(
            org__in=[c.pk for c in children],
            metric__in=[m for m, _ in CHILD_METRICS],
            period="",
        ).values_list("org_id", "metric", "value")
    }
    rows = []
    for child in children:
        figures = {metric: values.get((child.pk, metric), 0) for metric, _ in CHILD_METRICS}
        members = figures["members"]
        rows.append(
            {
                "org": child,
                "has_children": child.numchild > 0,
                "figures": figures,
                "values": [figures[m] for m, _ in CHILD_METRICS],
                "new_forms_rate": figures["new_forms"] / members if members else None,
                "new_forms_share": percent(figures["new_forms"] / members if members else None),
            }
        )
    return rows


def dashboard_data(*, user, org_id: int) -> dict:
    """Everything the dashboard of one org shows. Raises NotFound outside the user's scope.

    The org's own roll-up rows (current totals, and every month from January or the trend's
    first month on) are read once and shared by the key figures, the trend and the sections."""
    org = access_org_by_id(user, org_id)
    today = timezone.localdate()
    start, end = f"{today:%Y}-01", f"{today:%Y-%m}"
    rows = org_rows(org.pk, since=min(start, last_months(today)[0]))
    figures = figures_of(org, rows, today=today)
    figures["cases_overdue"] = org_cases_overdue(user=user, org=org)
    trend_rows = org_trends(org=org, today=today, rows=rows)
    children = child_figures(org=org)
    choropleth = org_map(org=org, children=children)
    return {
        "org": org,
        "ancestors": [a for a in Org.objects.get_ancestors(org) if org_in_scope(user, a)]
        if org.depth > 1
        else [],
        "figures": figures,
        "key_figures": [
            {
                "key": key,
                "label": label,
                "value": figures[key],
                "shown": percent(figures[key]) if key in RATE_FIGURES else figures[key],
            }
            for key, label in KEY_FIGURES
        ],
        "trend_labels": [labels(MONTHLY).get(m, "净增") for m in TREND_COLUMNS],
        "trend_rows": trend_rows,
        "children": children,
        "child_labels": [label for _, label in CHILD_METRICS],
        "map": choropleth,
        "has_map": choropleth is not None,
        # 困难职工帮扶 (figures only) for those who may see the archives.
        "assistance": assistance_dashboard(
            user=user, org=org, children=[row["org"] for row in children], rows=rows
        )
        if user.has_perm(Perm.ASSIST_VIEW)
        else None,
        # 劳动和技能竞赛, this year so far.
        "contests": contest_section(org=org, start=start, end=end, rows=rows)
        if user.has_perm(Perm.CONTEST_VIEW)
        else None,
        # 荣誉评选与劳模服务, this year so far.
        "honors": honors_section(org=org, start=start, end=end, rows=rows)
        if user.has_perm(Perm.HONOR_VIEW)
        else None,
        # 工匠学院与职工培训, this year so far.
        "training": training_section(org=org, start=start, end=end, rows=rows)
        if user.has_perm(Perm.TRAINING_VIEW)
        else None,
        # 创新工作室和五小, this year so far.
        "studios": studio_section(org=org, start=start, end=end)
        if user.has_perm(Perm.STUDIO_VIEW)
        else None,
    }


def last_months(today: date, months: int = 12) -> list[str]:
    """The last `months` months ("YYYY-MM"), the current one included, oldest first."""
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - months + 1, index + 1)]


def org_trends(*, org: Org, today: date, months: int = 12, rows: Rows | None = None) -> list[dict]:
    """The `TREND_COLUMNS` of an org (already access-checked) month by month, in one query
    (`selectors.org_trend` reads one metric per call), none when the caller passes the org's
    `rows` (`metrics.reads.org_rows` from the first month on); months without rows show 0."""
    periods = last_months(today, months)
    if rows is not None:
        values = rows
    else:
        values = {
            (metric, period): value
            for metric, period, value in OrgStat.objects.filter(
                org=org, metric__in=TREND_METRICS, period__in=periods
            ).values_list("metric", "period", "value")
        }
    rows = []
    for p in periods:
        month = {m: values.get((m, p), 0) for m in TREND_METRICS}
        month[NET] = net(month)
        rows.append({"period": p, "values": [month[m] for m in TREND_COLUMNS]})
    return rows


def period_flows(*, org: Org, start: str, end: str) -> dict[str, int]:
    """The monthly figures (`MONTHLY`: the flows, `cases.received`) of an org's
    subtree added up over the months `start`..`end` ("YYYY-MM", both included); one query."""
    totals = dict.fromkeys(MONTHLY, 0)
    rows = OrgStat.objects.filter(
        Q(period__gte=start) & Q(period__lte=end),
        org=org,
        metric__in=list(MONTHLY),
    ).values_list("metric", "value")
    for metric, value in rows:
        totals[metric] += value
    return totals


def children_period_flows(*, children: list[Org], start: str, end: str) -> dict[int, dict]:
    """`period_flows` of each child org, in one query."""
    totals = {child.pk: dict.fromkeys(MONTHLY, 0) for child in children}
    rows = OrgStat.objects.filter(
        org__in=list(totals),
        metric__in=list(MONTHLY),
        period__gte=start,
        period__lte=end,
    ).values_list("org_id", "metric", "value")
    for org_id, metric, value in rows:
        totals[org_id][metric] += value
    return totals
