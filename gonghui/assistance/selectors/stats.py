"""The 困难职工帮扶 section of the org dashboard, read from the roll-up table (`OrgStat`) only.

Metric keys are those of `gonghui.assistance.metrics`. A province at 100,000 archives reads a few
dozen indexed rows here: the org's own rows (its whole subtree), then one row set for its
children. Money in `OrgStat` is in fen; what these functions return is in yuan (`Decimal`).

`assistance_tables` gives each chart as a plain table (key, title, headers, rows, footer) for the
dashboard's table views and Excel downloads (`gonghui.stats.reports`).
"""

from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import ArchiveStatus, Cause, FundSource, Level
from gonghui.assistance.models import Campaign
from gonghui.metrics.models import OrgStat
from gonghui.metrics.reads import Rows
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.selectors import access_org_by_id, org_in_scope

PREFIXES = ("archives", "aid.", "campaign.", "grants.")
# The code lists, read once (an enum's `choices` is built again at each access).
_CHOICES = {codes: codes.choices for codes in (FundSource, Level, Cause, ArchiveStatus)}


def yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def _prefixes() -> Q:
    condition = Q()
    for prefix in PREFIXES:
        condition |= Q(metric__startswith=prefix)
    return condition


def _current(year: str) -> Q:
    """Standing figures (period "") and this year's months."""
    return Q(period="") | Q(period__startswith=year)


def _summary(values: dict[tuple[str, str], int], year: str) -> dict:
    year_sums: dict[str, int] = {}  # each metric summed over this year's months, in one pass
    for (m, p), v in values.items():
        if p.startswith(year):
            year_sums[m] = year_sums.get(m, 0) + v

    def total(metric: str) -> int:
        return values.get((metric, ""), 0)

    def this_year(metric: str) -> int:
        return year_sums.get(metric, 0)

    funds = [
        {
            "key": code,
            "label": label,
            "amount": yuan(this_year(f"aid.amount.{code}")),
            "count": this_year(f"aid.count.{code}"),
        }
        for code, label in _CHOICES[FundSource]
    ]
    return {
        "archives": total("archives"),
        "exited_this_year": this_year("archives.exited"),
        "aid_amount_this_year": sum((f["amount"] for f in funds), Decimal("0.00")),
        "aid_count_this_year": sum(f["count"] for f in funds),
        "grants_amount_this_year": yuan(this_year("grants.amount")),
        "grants_count_this_year": this_year("grants.count"),
        "by_fund": funds,
        "by_level": [
            {"key": code, "label": label, "value": total(f"archives.level.{code}")}
            for code, label in _CHOICES[Level]
        ],
        "by_cause": [
            {"key": code, "label": label, "value": total(f"archives.cause.{code}")}
            for code, label in _CHOICES[Cause]
        ],
        "by_status": [
            {"key": code, "label": label, "value": total(f"archives.status.{code}")}
            for code, label in _CHOICES[ArchiveStatus]
        ],
    }


def _check_scope(user: User, org: Org) -> Org:
    """The org as given if in the user's subtree (no query); the dashboard's NotFound, audited,
    otherwise."""
    if not org_in_scope(user, org):
        return access_org_by_id(user, org.pk)  # raises NotFound and audits the refusal
    return org


def _values(
    org_ids: list[int], year: str, metrics: list[str] | None = None
) -> dict[int, dict[tuple[str, str], int]]:
    """The assistance rows (standing and this year's) of each org, in one query; only `metrics`
    when given (found by name in the index, where the prefixes scan every row of the orgs)."""
    values: dict[int, dict[tuple[str, str], int]] = {pk: {} for pk in org_ids}
    which = Q(metric__in=metrics) if metrics is not None else _prefixes()
    rows = OrgStat.objects.filter(which & _current(year), org__in=org_ids).values_list(
        "org_id", "metric", "period", "value"
    )
    for org_id, metric, period, value in rows:
        values[org_id][metric, period] = value
    return values


def _own_values(rows: Rows, year: str) -> dict[tuple[str, str], int]:
    """`_values` of one org taken from its roll-ups already read (`metrics.reads.org_rows`)."""
    return {
        (metric, period): value
        for (metric, period), value in rows.items()
        if metric.startswith(PREFIXES) and (not period or period.startswith(year))
    }


def _figures(values: dict[tuple[str, str], int], year: str) -> dict:
    figures = _summary(values, year)
    campaign_figures: dict[int, dict[str, int]] = {}
    for (metric, period), value in values.items():
        if metric.startswith("campaign.") and not period:
            _, campaign_id, what = metric.split(".")
            campaign_figures.setdefault(int(campaign_id), {})[what] = value
    campaigns = (
        Campaign.objects.filter(pk__in=list(campaign_figures)).order_by("-starts_on", "pk")
        if campaign_figures
        else []
    )
    figures["campaigns"] = [
        {
            "campaign": c,
            "name": c.name,
            "kind": c.get_kind_display(),
            "amount": yuan(campaign_figures[c.pk].get("amount", 0)),
            "count": campaign_figures[c.pk].get("count", 0),
        }
        for c in campaigns
    ]
    return figures


def _children_rows(children: list[Org], values: dict, year: str) -> list[dict]:
    out = []
    for child in children:
        summary = _summary(values[child.pk], year)
        figures = {key: summary[key] for key, _ in CHILD_COLUMNS}
        out.append({"org": child, "figures": figures, "values": list(figures.values())})
    return out


def _year() -> str:
    return f"{timezone.localdate().year:04d}-"


def _active_children(org: Org) -> list[Org]:
    return list(Org.objects.get_children(org).filter(status=OrgStatus.ACTIVE).order_by("path"))


# Figures of each child org in the breakdown table: (key, label).
CHILD_COLUMNS = [
    ("archives", "在档户数"),
    ("exited_this_year", "本年解困脱困"),
    ("aid_amount_this_year", "本年救助金额（元）"),
    ("aid_count_this_year", "本年救助人次"),
]
# The roll-up metrics those columns are made of.
CHILD_METRICS = [
    "archives",
    "archives.exited",
    *[f"aid.{what}.{code}" for what in ("amount", "count") for code in FundSource.values],
]


def assistance_dashboard(
    *, user: User, org: Org, children: list[Org] | None = None, rows: Rows | None = None
) -> dict:
    """Everything the dashboard section shows for the org's subtree: `figures` (在档户数
    `archives`, households lifted out this year, aid paid this year in amount and 人次, also by
    fund source, 金秋助学 apart, archives by level, cause and status, the campaigns paid in the
    subtree), `children` (each active child with `CHILD_COLUMNS`), `key_figures` and `tables`.
    `children`: the org's active children when the caller has them already; `rows`: the org's
    roll-ups read by the caller (`metrics.reads.org_rows`, this year's months included). One
    query on the roll-ups (and one for the campaigns' names when there are any)."""
    org = _check_scope(user, org)
    year = _year()
    if children is None:
        children = _active_children(org)
    child_ids = [c.pk for c in children]
    if rows is None:
        values = _values([org.pk, *child_ids], year)
    else:
        values = _values(child_ids, year, CHILD_METRICS)
        values[org.pk] = _own_values(rows, year)
    figures = _figures(values[org.pk], year)
    rows = _children_rows(children, values, year)
    return {
        "figures": figures,
        "children": rows,
        "key_figures": [
            {"key": "assist_archives", "label": "在档困难职工户数", "shown": figures["archives"]},
            {
                "key": "assist_exited",
                "label": "本年解困脱困户数",
                "shown": figures["exited_this_year"],
            },
            {
                "key": "assist_aid_amount",
                "label": "本年救助金额（元）",
                "shown": figures["aid_amount_this_year"],
            },
            {
                "key": "assist_aid_count",
                "label": "本年救助人次",
                "shown": figures["aid_count_this_year"],
            },
        ],
        "tables": assistance_tables(figures, rows),
    }


def _parts_table(key: str, title: str, first: str, parts: list[dict], total: int) -> dict:
    return {
        "key": key,
        "title": title,
        "headers": [first, "户数", "占比"],
        "rows": [
            [p["label"], p["value"], f"{p['value'] / total:.1%}" if total else "—"] for p in parts
        ],
        "footer": ["合计", total, ""],
    }


def assistance_tables(figures: dict, children: list[dict]) -> list[dict]:
    """The section's charts as tables, in page order."""
    archives = figures["archives"]
    tables = [
        {
            "key": "assist_figures",
            "title": "困难职工帮扶主要指标",
            "headers": ["指标", "数值"],
            "rows": [
                ["在档困难职工户数", archives],
                ["本年解困脱困户数", figures["exited_this_year"]],
                ["本年救助金额（元）", figures["aid_amount_this_year"]],
                ["本年救助人次", figures["aid_count_this_year"]],
                ["本年金秋助学金额（元）", figures["grants_amount_this_year"]],
                ["本年金秋助学人数", figures["grants_count_this_year"]],
            ],
            "footer": None,
        },
        _parts_table(
            "assist_level", "在档档案按困难类别", "困难类别", figures["by_level"], archives
        ),
        {
            # An archive with two causes counts under both: no total, no shares.
            "key": "assist_cause",
            "title": "在档档案按致困原因",
            "headers": ["致困原因", "户数"],
            "rows": [[p["label"], p["value"]] for p in figures["by_cause"]],
            "footer": None,
        },
        {
            "key": "assist_status",
            "title": "档案按状态",
            "headers": ["状态", "户数"],
            "rows": [[p["label"], p["value"]] for p in figures["by_status"]],
            "footer": ["合计", sum(p["value"] for p in figures["by_status"])],
        },
        {
            "key": "assist_fund",
            "title": "本年救助按资金来源",
            "headers": ["资金来源", "救助金额（元）", "救助人次"],
            "rows": [[f["label"], f["amount"], f["count"]] for f in figures["by_fund"]],
            "footer": ["合计", figures["aid_amount_this_year"], figures["aid_count_this_year"]],
        },
        {
            "key": "assist_campaigns",
            "title": "四送活动发放情况",
            "headers": ["活动", "类型", "发放金额（元）", "发放人次"],
            "rows": [[c["name"], c["kind"], c["amount"], c["count"]] for c in figures["campaigns"]],
            "footer": None,
        },
    ]
    if children:
        tables.append(
            {
                "key": "assist_children",
                "title": "下级工会困难职工帮扶情况",
                "headers": ["下级工会", *[label for _, label in CHILD_COLUMNS]],
                "rows": [[row["org"].name, *row["values"]] for row in children],
                "footer": [
                    "合计",
                    *[
                        sum((row["values"][i] for row in children), 0)
                        for i in range(len(CHILD_COLUMNS))
                    ],
                ],
            }
        )
    return tables
