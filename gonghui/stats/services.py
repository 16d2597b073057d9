"""Statistics roll-ups: one `OrgStat` row per (org, metric, period) holding SUBTREE totals.

A row of an org counts the org itself and every org below it, so a dashboard of the province
at 10 million members reads a handful of rows. Writers keep the rows current in their own
transaction with small deltas (`stats_member_changed`, `stats_event_recorded`, …): a delta is
added, with `F()` increments, to the row of the org and of each of its ancestors (the
prefixes of `org.path`, 4 characters a step). `stats_rollup` rebuilds everything from the raw
tables with GROUP BY queries; `stats_differences` recounts and lists what disagrees.

Metric keys (period "" unless noted):

Members — "holding" means a held membership, status 在会 (active) or 保留会籍 (retained):
- `members`: holding members;
- `members.active`, `members.retained`: holding members by status;
- `category.<code>`: holding members by 职工类别 (codes of `members.codes.Category`);
- `gender.<code>`: holding members by 性别 (GB/T 2261.1 codes "0", "1", "2", "9");
- `birth_year.<YYYY>`: holding members by year of birth (`birth_year.unknown` without a birth
  date). Age bands are computed at read time from these, so the table never drifts as people age;
- `new_forms`: holding members of the 新就业形态 categories (`members.codes.NEW_FORMS`);
- `flow.join`, `flow.transfer_in`, `flow.transfer_out`, `flow.leave` (period "YYYY-MM"):
  新入会, 转入, 转出 and 退会/除名 by the month of the event. A transfer between two unions of a
  subtree is no flow of that subtree: these are not sums of the children's figures, and are
  written apart (`gonghui.stats.flows` says how). They replace the `joined`/`left` of before
  (入会+转入, 转出+除名+退会 added up every ancestor, so a transfer inside a city showed as a
  loss and a gain of the city): migration 0002 drops those rows; run `manage.py rollup_stats`
  once after upgrading to count the flows of existing events.

Orgs (active orgs only; an org counts in its own subtree):
- `orgs`: active unions; `orgs.<type>`: by 工会类型 (`orgs.base` is the base-union count).

Sites (服务阵地), counted at the site's owning union:
- `sites`: sites; `sites.<type>`: by site type.

Hotline cases (12351), counted at the case's current holder, as `hotline.stats` does:
- `cases.received` (period "YYYY-MM"): cases by the local month they were received;
- `cases.open`: cases still being handled (待派单, 已派单, 办理中, 已退单);
- `cases.closed`: cases closed (已办结, 已回访).
Overdue cases are not stored: a case becomes overdue with the passing of time alone, with no
write to hook; a dashboard counts them at read time (open cases whose deadline has passed, one
indexed query on the subtree).

Rows whose value is 0 may exist; readers treat a missing row as 0.

The code is split by use case; this module hands out every name from there, so the domain
services, the commands, the tests and the benches import from `gonghui.stats.services` alone:
- `gonghui.stats.figures`: what one record contributes to its own org's rows;
- `gonghui.stats.deltas`: the hooks the domain services call, and how a delta goes up the chain;
- `gonghui.stats.rollup`: recounting from the raw tables (`stats_rollup`, `stats_differences`,
  `stats_refresh_orgs`) and the `OWN_COUNTERS` other apps register;
- `gonghui.stats.new_members`: members written in bulk past the hooks, counted in SQL;
- `gonghui.stats.flows`: the membership flows, which are not sums over a subtree.
"""

from gonghui.stats.deltas import (
    stats_apply,
    stats_case_changed,
    stats_event_recorded,
    stats_flows_moved,
    stats_member_changed,
    stats_members_updated,
    stats_org_changed,
    stats_org_moved,
    stats_site_changed,
)
from gonghui.stats.figures import (
    CLOSED_STATUSES,
    MEMBER_METRICS,
    STEPLEN,
    CaseState,
    Figures,
    MemberState,
    case_state,
    member_state,
    stored_case_state,
)
from gonghui.stats.flows import month_key
from gonghui.stats.new_members import NEW_MEMBERS, NewMemberStats
from gonghui.stats.rollup import (
    FULL_SCAN_SHARE,
    ORG_CHUNK,
    OWN_COUNTERS,
    Difference,
    OwnCounter,
    stats_differences,
    stats_expected,
    stats_refresh_orgs,
    stats_rollup,
)

__all__ = [
    "CLOSED_STATUSES",
    "FULL_SCAN_SHARE",
    "MEMBER_METRICS",
    "NEW_MEMBERS",
    "ORG_CHUNK",
    "OWN_COUNTERS",
    "STEPLEN",
    "CaseState",
    "Difference",
    "Figures",
    "MemberState",
    "NewMemberStats",
    "OwnCounter",
    "case_state",
    "member_state",
    "month_key",
    "stats_apply",
    "stats_case_changed",
    "stats_differences",
    "stats_event_recorded",
    "stats_expected",
    "stats_flows_moved",
    "stats_member_changed",
    "stats_members_updated",
    "stats_org_changed",
    "stats_org_moved",
    "stats_refresh_orgs",
    "stats_rollup",
    "stats_site_changed",
    "stored_case_state",
]
