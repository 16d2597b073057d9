"""The sites' roll-up figures (statistics provider `sites`, see `gonghui.metrics.registry`);
the services call the hook below inside their transactions.

Metric keys, counted at the site's owning union:
- `sites`: sites; `sites.<type>`: by site type.
"""

from collections.abc import Iterator

from django.db.models import Count

from gonghui.metrics.services import (
    Figures,
    Metric,
    Provider,
    Row,
    negated,
    register,
    stats_apply,
    stats_changes,
)
from gonghui.sites.models import Site, SiteType


def _site_figures(site_type: str) -> Figures:
    return Figures({("sites", ""): 1, (f"sites.{site_type}", ""): 1})


def stats_site_changed(
    *, before: tuple[int, str] | None = None, after: tuple[int, str] | None = None
) -> None:
    """A site was created (before None), deleted (after None) or changed org or type;
    each side is (org id, site type)."""
    if before == after:
        return
    stats_apply(
        stats_changes(
            (before[0] if before else None, negated(_site_figures(before[1]) if before else {})),
            (after[0] if after else None, _site_figures(after[1]) if after else Figures()),
        )
    )


class SitesMetrics(Provider):
    name = "sites"
    metrics = (Metric("sites", "服务阵地数", choices=tuple(SiteType.choices)),)

    def count_own(self, org_ids: list[int] | None) -> Iterator[Row]:
        sites = Site.objects.all()
        if org_ids is not None:
            sites = sites.filter(org_id__in=org_ids)
        for row in sites.values("org_id", "site_type").annotate(n=Count("pk")).order_by():
            yield row["org_id"], "sites", "", row["n"]
            yield row["org_id"], f"sites.{row['site_type']}", "", row["n"]


register(SitesMetrics())
