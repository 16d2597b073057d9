"""The honors' section of the dashboard (荣誉评选与劳模服务), for an org's subtree over a period
of months, read from the roll-up table only (`OrgStat`):

- honors conferred by type (`honors.award.<type>`, month of the decision) and nominations by
  status (`honors.nominations.<status>`, month the round opened) — over the period;
- the front-line and 新就业形态 shares of the personal nominations still in the running
  (`honors.nominees.*`), over the period;
- living honorees, allowance payments and their total (`honorees.*`) — current totals;
- 劳模 who went on 疗休养 (`recuperation.participants.model_worker`, published by the 疗休养
  app, month of departure) — over the period.
"""

from decimal import Decimal

from django.db.models import Q, Sum

from gonghui.honors.models import HonorType, NominationStatus
from gonghui.honors.rounds.metrics import FLAGS, NOMINATIONS, NOMINEES
from gonghui.metrics.models import OrgStat
from gonghui.metrics.reads import Rows, period_sums
from gonghui.orgs.models import Org

AWARD = "honors.award"
RECUPERATION = "recuperation.participants.model_worker"
CURRENT = ("honorees.living", "honorees.allowances", "honorees.allowance_fen")


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def honors_section(*, org: Org, start: str, end: str, rows: Rows | None = None) -> dict:
    """The subtree's figures for months `start`..`end` ("YYYY-MM", both included); two queries,
    one when the caller passes the org's roll-ups (`rows`: `metrics.reads.org_rows`, from
    `start` on)."""
    statuses = [(f"{NOMINATIONS}.{code}", label) for code, label in NominationStatus.choices]
    monthly = [
        AWARD,
        NOMINATIONS,
        *(k for k, _ in statuses),
        NOMINEES,
        *(f"{NOMINEES}.{flag}" for flag, _ in FLAGS),
        RECUPERATION,
    ]
    if rows is not None:
        values = period_sums(
            rows,
            start,
            end,
            lambda m: m in monthly or m.startswith(f"{AWARD}."),
            current=CURRENT,
        )
    else:
        values = {
            row["metric"]: row["total"]
            for row in OrgStat.objects.filter(org=org)
            .filter(
                Q(metric__in=monthly, period__gte=start, period__lte=end)
                | Q(metric__startswith=f"{AWARD}.", period__gte=start, period__lte=end)
                | Q(metric__in=CURRENT, period="")
            )
            .values("metric")
            .annotate(total=Sum("value"))
        }
    codes = {
        key.removeprefix(f"{AWARD}."): n for key, n in values.items() if key.startswith(f"{AWARD}.")
    }
    by_type = [
        (ht.title, codes[ht.code])
        for ht in HonorType.objects.filter(code__in=[c for c, n in codes.items() if n])
    ]
    nominees = values.get(NOMINEES, 0)
    front_line = values.get(f"{NOMINEES}.front_line", 0)
    new_form = values.get(f"{NOMINEES}.new_form", 0)
    figures = {
        "conferred": values.get(AWARD, 0),
        "nominations": values.get(NOMINATIONS, 0),
        "nominees": nominees,
        "front_line": front_line,
        "front_line_share": _share(front_line, nominees),
        "new_form": new_form,
        "new_form_share": _share(new_form, nominees),
        "living": values.get("honorees.living", 0),
        "allowances": values.get("honorees.allowances", 0),
        "allowance_yuan": Decimal(values.get("honorees.allowance_fen", 0)) / 100,
        "recuperation": values.get(RECUPERATION, 0),
    }
    return {
        "start": start,
        "end": end,
        "figures": figures,
        "by_type": by_type,
        "by_status": [(label, values.get(key, 0)) for key, label in statuses],
    }
