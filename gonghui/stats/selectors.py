"""Scoped reads of the roll-ups for dashboards: each reads a handful of `OrgStat` rows.

Every selector checks that the org is in the user's subtree (`access_org_by_id`: the same
NotFound whether the org is missing or out of scope). The figures cover the org's whole subtree;
metric keys are listed in `gonghui.stats.services`.
"""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.errors import ApplicationError
from gonghui.hotline.codes import OPEN_STATUSES
from gonghui.hotline.models import Case
from gonghui.members.codes import GENDER_CHOICES, Category
from gonghui.orgs.models import Org, OrgStatus, OrgType
from gonghui.orgs.selectors import access_org_by_id
from gonghui.sites.models import SiteType
from gonghui.stats.flows import JOINS, LEAVES, TRANSFERS_IN, TRANSFERS_OUT, net
from gonghui.stats.models import OrgStat

METRIC_UNKNOWN = "不支持的统计指标。"
FLOW_LABELS = {JOINS: "新入会", TRANSFERS_IN: "转入", TRANSFERS_OUT: "转出", LEAVES: "退会/除名"}
MONTHLY_METRICS = {**FLOW_LABELS, "cases.received": "受理工单"}

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


def _parts(values: dict[tuple[str, str], int], prefix: str, choices) -> list[dict]:
    return [
        {"key": code, "label": label, "value": values.get((f"{prefix}.{code}", ""), 0)}
        for code, label in choices
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
    values = _rows(org, Q(period="") | Q(period__startswith=year))

    def total(metric: str) -> int:
        return values.get((metric, ""), 0)

    def this_year(metric: str) -> int:
        return sum(v for (m, p), v in values.items() if m == metric and p.startswith(year))

    members = total("members")
    flows = {metric: this_year(metric) for metric in FLOW_LABELS}
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
        "by_category": _parts(values, "category", Category.choices),
        "by_gender": _parts(values, "gender", GENDER_CHOICES),
        "by_age_band": age_bands(birth_years, today=today),
        "orgs": total("orgs"),
        "base_unions": total(f"orgs.{OrgType.BASE}"),
        "orgs_by_type": _parts(values, "orgs", OrgType.choices),
        "sites": total("sites"),
        "sites_by_type": _parts(values, "sites", SiteType.choices),
        "cases_open": total("cases.open"),
        "cases_closed": total("cases.closed"),
        "cases_received_this_year": this_year("cases.received"),
    }


def org_cases_overdue(*, user: User, org: Org) -> int:
    """Open cases held in the subtree whose deadline has passed. Not a roll-up: a case turns
    overdue with time alone, so this is counted when read."""
    org = access_org_by_id(user, org.pk)
    return Case.objects.filter(
        holder__in=Org.objects.filter(path__startswith=org.path).values("pk"),
        status__in=OPEN_STATUSES,
        deadline__lt=timezone.now(),
    ).count()


def _last_months(months: int, today: date) -> list[str]:
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - months + 1, index + 1)]


def org_trend(*, user: User, org: Org, metric: str, months: int = 12) -> list[dict]:
    """A monthly figure (`MONTHLY_METRICS`: a flow or `cases.received`) of the org's subtree
    over the last `months` months, the current one included, oldest first; months without rows
    show 0."""
    if metric not in MONTHLY_METRICS:
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
