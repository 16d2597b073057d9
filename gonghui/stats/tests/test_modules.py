"""`gonghui.stats.services` is split by use case (figures, deltas, rollup, new_members); the
domain services, commands, tests and benches still import from `services`, so every name there
must be the very object its use-case module works with — a copy would be a second registry or a
second hook that the recounts never see."""

import importlib

import pytest

from gonghui.assistance.stats import count_own
from gonghui.stats import services

USE_CASES = ("figures", "deltas", "rollup", "new_members", "flows")
# Every name looked up in `gonghui.stats.services` by other modules, the tests and bench/.
USED = (
    "Figures", "MEMBER_METRICS", "MemberState", "NEW_MEMBERS", "NewMemberStats",
    "OWN_COUNTERS", "member_state", "month_key", "stats_apply", "stats_case_changed",
    "stats_differences", "stats_event_recorded", "stats_flows_moved", "stats_member_changed",
    "stats_members_updated", "stats_org_changed", "stats_org_moved", "stats_refresh_orgs",
    "stats_rollup", "stats_site_changed", "stored_case_state",
)  # fmt: skip


@pytest.mark.parametrize("name", sorted({*USED, *getattr(services, "__all__", ())}))
def test_services_hands_out_the_object_of_a_use_case_module(name):
    value = getattr(services, name)
    homes = [
        use_case
        for use_case in USE_CASES
        if getattr(importlib.import_module(f"gonghui.stats.{use_case}"), name, None) is value
    ]
    assert homes, f"{name} is defined in services.py itself, not in a use-case module"
    defined_in = getattr(value, "__module__", None) or ""
    if defined_in.startswith("gonghui."):  # a function or class of ours, not Counter or a str
        assert defined_in.removeprefix("gonghui.stats.") in homes
    assert name in services.__all__


def test_counters_registered_through_services_are_those_the_recount_iterates():
    """assistance's AppConfig.ready() appends to `services.OWN_COUNTERS`; the recount in
    `rollup` must see it."""
    rollup = importlib.import_module("gonghui.stats.rollup")
    assert services.OWN_COUNTERS is rollup.OWN_COUNTERS
    assert count_own in rollup.OWN_COUNTERS
