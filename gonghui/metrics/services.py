"""Statistics roll-ups: one `OrgStat` row per (org, metric, period) holding SUBTREE totals.

A row of an org counts the org itself and every org below it, so a dashboard of the province
at 10 million members reads a handful of rows. The apps that own the counted tables keep the
rows current in their own transactions with small deltas (`stats_apply`): a delta is added,
with `F()` increments, to the row of the org and of each of its ancestors (the prefixes of
`org.path`, 4 characters a step). `stats_rollup` rebuilds everything from the raw tables with
GROUP BY queries; `stats_differences` recounts and lists what disagrees; both ask every
registered provider (`gonghui.metrics.registry`).

The metric keys, with their labels, are published by their apps (`<app>/metrics.py`):
`members` (members, categories, genders, birth years, new forms, flows), `orgs` (active unions
by type), `sites` (sites by type), `hotline` (cases received, open, closed), `assistance`
(archives, aid, campaigns, grants). Rows whose value is 0 may exist; readers treat a missing
row as 0.

This module hands out the names of the use-case modules, so the apps, the commands, the tests
and the benches import from `gonghui.metrics.services` alone:
- `gonghui.metrics.registry`: the port (`Provider`, `Metric`, `register`, labels);
- `gonghui.metrics.deltas`: applying deltas to an org and its ancestors;
- `gonghui.metrics.rollup`: recounting from the raw tables through the providers;
- `gonghui.metrics.tree`: the tree's paths and `Figures` arithmetic.
"""

from gonghui.metrics.deltas import (
    negated,
    stats_apply,
    stats_apply_per_org,
    stats_changes,
    stats_subtree_moved,
    stats_unsummed_moved,
)
from gonghui.metrics.registry import Figures, Metric, Provider, Row, register
from gonghui.metrics.rollup import (
    FULL_SCAN_SHARE,
    ORG_CHUNK,
    Difference,
    stats_differences,
    stats_expected,
    stats_refresh_orgs,
    stats_rollup,
)
from gonghui.metrics.tree import STEPLEN, chain_paths, diff, month_key

__all__ = [
    "FULL_SCAN_SHARE",
    "ORG_CHUNK",
    "STEPLEN",
    "Difference",
    "Figures",
    "Metric",
    "Provider",
    "Row",
    "chain_paths",
    "diff",
    "month_key",
    "negated",
    "register",
    "stats_apply",
    "stats_apply_per_org",
    "stats_changes",
    "stats_differences",
    "stats_expected",
    "stats_refresh_orgs",
    "stats_rollup",
    "stats_subtree_moved",
    "stats_unsummed_moved",
]
