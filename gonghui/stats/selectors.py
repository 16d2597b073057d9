"""Scoped reads of the roll-ups for dashboards: each reads a handful of `OrgStat` rows.

Every selector checks that the org is in the user's subtree (`access_org_by_id`: the same
NotFound whether the org is missing or out of scope). The figures cover the org's whole subtree;
metric keys are published by their apps (`<app>/metrics.py`).
"""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.errors import ApplicationError
from gonghui.metrics import registry
from gonghui.metrics.models import OrgStat
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.selectors import access_org_by_id

METRIC_UNKNOWN = "不支持的统计指标。"
# The membership flows (published by `members`) and the other monthly figure dashboards show.
JOINS, TRANSFERS_IN, TRANSFERS_OUT, LEAVES = FLOWS = (
    "flow.join",
    "flow.transfer_in",
    "flow.transfer_out",
    "flow.leave",
)
MONTHLY = (*FLOWS, "cases.received")


def labels(keys: tuple[str, ...]) -> dict[str, str]:
    """Metric key → its label as its app publishes it (`gonghui.metrics.registry`)."""
    return {key: registry.label(key) for key in keys}


def net(values: dict[str, int]) -> int:
    """净增 from the four flows (metric key → amount; a missing key is 0)."""
    return (
        values.get(JOINS, 0)
        + values.get(TRANSFERS_IN, 0)
        - values.get(TRANSFERS_OUT, 0)
        - values.get(LEAVES, 0)
    )


# Age in whole years reached this year (this year minus the birth year): (label, low, high).
AGE_BANDS = [
    ("35岁及以下", None, 35),
    ("36至45岁", 36, 45),
    ("46至55岁", 46, 55),
    ("56岁及以上", 56, None),
]
AGE_UNKNOWN = "出生日期不详"


def _rows(org: Org, condition: Q) -> dict[tuple[str, str], int]:
    return {
        (metric, period): value
        for metric, period, value in OrgStat.objects.filter(condition, org=org).values_list(
            "metric", "period", "value"
        )
    }


def _parts(values: dict[tuple[str, str], int], family: str) -> list[dict]:
    """Every code of a family of metrics (`category`, `sites`, …) as its app publishes it."""
    return [
        {"key": code, "label": label, "value": values.get((f"{family}.{code}", ""), 0)}
        for code, label in registry.choices(family)
    ]


def age_bands(birth_years: dict[str, int], *, today: date) -> list[dict]:
    """Members by age band from `birth_year.<YYYY>` counts ("unknown" for no birth date)."""
    bands = [{"key": label, "label": label, "value": 0} for label, _, _ in AGE_BANDS]
    unknown = 0
    for year, n in birth_years.items():
        if year == "unknown":
            unknown += n
            continue
        age = today.year - int(year)
        for band, (_, low, high) in zip(bands, AGE_BANDS, strict=True):
            if (low is None or age >= low) and (high is None or age <= high):
                band["value"] += n
                break
    if unknown:
        bands.append({"key": "unknown", "label": AGE_UNKNOWN, "value": unknown})
    return bands


def org_figures(*, user: User, org: Org) -> dict:
    """Key figures of the org's subtree, from one query on the roll-up table.

    `members` counts holding members (在会 + 保留会籍); the flows of the year
    (`joins_this_year`, `transfers_in_this_year`, `transfers_out_this_year`,
    `leaves_this_year`, their `net_this_year`) and `cases_received_this_year` add up the
    current year's months; `new_forms_rate` is new-form members over holding members (None
    without members)."""
    org = access_org_by_id(user, org.pk)
    today = timezone.localdate()
    year = f"{today.year:04d}-"
    return figures_of(org, _rows(org, Q(period="") | Q(period__startswith=year)), today=today)


def figures_of(org: Org, values: dict[tuple[str, str], int], *, today: date) -> dict:
    """`org_figures` from the org's roll-up rows ((metric, period) → value) already read: its
    current totals and at least this year's months (`metrics.reads.org_rows`); rows of other
    months are left out."""
    year = f"{today.year:04d}-"
    values = {(m, p): v for (m, p), v in values.items() if not p or p.startswith(year)}

    def total(metric: str) -> int:
        return values.get((metric, ""), 0)

    def this_year(metric: str) -> int:
        return sum(v for (m, p), v in values.items() if m == metric and p.startswith(year))

    members = total("members")
    flows = {metric: this_year(metric) for metric in FLOWS}
    birth_years = {
        m.removeprefix("birth_year."): v
        for (m, p), v in values.items()
        if m.startswith("birth_year.") and not p
    }
    return {
        "org": org,
        "members": members,
        "members_active": total("members.active"),
        "members_retained": total("members.retained"),
        "new_forms": total("new_forms"),
        "new_forms_rate": total("new_forms") / members if members else None,
        "joins_this_year": flows[JOINS],
        "transfers_in_this_year": flows[TRANSFERS_IN],
        "transfers_out_this_year": flows[TRANSFERS_OUT],
        "leaves_this_year": flows[LEAVES],
        "net_this_year": net(flows),
        "by_category": _parts(values, "category"),
        "by_gender": _parts(values, "gender"),
        "by_age_band": age_bands(birth_years, today=today),
        "orgs": total("orgs"),
        "base_unions": total("orgs.base"),
        "orgs_by_type": _parts(values, "orgs"),
        "sites": total("sites"),
        "sites_by_type": _parts(values, "sites"),
        "cases_open": total("cases.open"),
        "cases_closed": total("cases.closed"),
        "cases_received_this_year": this_year("cases.received"),
    }


def _last_months(months: int, today: date) -> list[str]:
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - months + 1, index + 1)]


def org_trend(*, user: User, org: Org, metric: str, months: int = 12) -> list[dict]:
    """A monthly figure (`MONTHLY`: a flow or `cases.received`) of the org's subtree
    over the last `months` months, the current one included, oldest first; months without rows
    show 0."""
    if metric not in MONTHLY:
        raise ApplicationError(METRIC_UNKNOWN)
    org = access_org_by_id(user, org.pk)
    periods = _last_months(max(1, min(months, 120)), timezone.localdate())
    values = _rows(org, Q(metric=metric, period__in=periods))
    return [{"period": p, "value": values.get((metric, p), 0)} for p in periods]


def org_breakdown(*, user: User, org: Org, metric: str, period: str = "") -> list[dict]:
    """One figure (any stored metric key, e.g. `members`, `category.nf_courier`, `orgs.base`,
    or a monthly one with its `period`) for each active child of the org, in tree order, with
    `has_children` for drill-down. Two queries whatever the number of children."""
    if not metric or len(metric) > 40:
        raise ApplicationError(METRIC_UNKNOWN)
    org = access_org_by_id(user, org.pk)
    children = list(Org.objects.get_children(org).filter(status=OrgStatus.ACTIVE).order_by("path"))
    values = dict(
        OrgStat.objects.filter(
            org__in=[c.pk for c in children], metric=metric, period=period
        ).values_list("org_id", "value")
    )
    return [
        {"org": child, "value": values.get(child.pk, 0), "has_children": child.numchild > 0}
        for child in children
    ]
