"""The port "statistics providers": every app's metrics reach the recounts through the
registry, and a provider registered by any app (here a test's) shows up in `rollup_stats` and
`check_stats` without the metrics app knowing it.

`gonghui.metrics.services` hands out the names of the use-case modules: every name there must be
the very object its module works with — a copy would be a second registry that the recounts
never see."""

import importlib

import pytest
from django.core.management import call_command

from gonghui.assistance.metrics import AssistanceMetrics
from gonghui.metrics import registry, services
from gonghui.metrics.models import OrgStat
from gonghui.metrics.services import Metric, Provider, stats_differences, stats_rollup
from gonghui.metrics.tests.conftest import value
from gonghui.metrics.tree import STEPLEN
from gonghui.orgs.models import Org

USE_CASES = ("registry", "deltas", "rollup", "tree")


@pytest.mark.parametrize("name", sorted(services.__all__))
def test_services_hands_out_the_object_of_a_use_case_module(name):
    value_ = getattr(services, name)
    homes = [
        use_case
        for use_case in USE_CASES
        if getattr(importlib.import_module(f"gonghui.metrics.{use_case}"), name, None) is value_
    ]
    assert homes, f"{name} is defined in services.py itself, not in a use-case module"
    defined_in = getattr(value_, "__module__", None) or ""
    if defined_in.startswith("gonghui."):  # a function or class of ours, not Counter or a str
        assert defined_in.removeprefix("gonghui.metrics.") in homes


def test_every_app_that_owns_counted_tables_is_registered_by_autodiscovery():
    names = {p.name for p in registry.providers()}
    assert names >= {"members", "orgs", "hotline", "sites", "assistance"}
    assert isinstance(registry.provider("assistance"), AssistanceMetrics)


def test_the_tree_steps_are_those_of_the_org_model():
    assert Org.steplen == STEPLEN


def test_labels_come_from_the_apps_that_own_the_metrics():
    assert registry.label("members") == "会员数"
    assert registry.label("flow.join") == "新入会"
    assert registry.label("category.nf_courier") == "新就业形态-快递员"
    assert registry.label("orgs.base") == "基层工会"
    assert registry.label("sites.station") == "户外劳动者驿站"
    assert registry.label("cases.received") == "受理工单"
    assert dict(registry.choices("gender"))["2"] == "女性"
    assert registry.provider("members").owns("birth_year.1990")
    assert not registry.provider("members").owns("sites")
    assert registry.unsummed_prefixes() == ("flow.",)


class Branches(Provider):
    """A provider as a new app would write it: one figure per org, from its "table"."""

    name = "test_branches"
    metrics = (Metric("test_branches", "测试分会数"),)

    def __init__(self, rows: dict[int, int]):
        self.rows = rows

    def count_own(self, org_ids):
        for org_id, n in self.rows.items():
            if org_ids is None or org_id in org_ids:
                yield org_id, "test_branches", "", n


@pytest.fixture
def branches(tree):
    provider = registry.register(Branches({tree.base_a.pk: 2, tree.base_d.pk: 3}))
    yield provider
    registry.unregister(provider.name)


def test_a_registered_provider_shows_up_in_rollup_and_check(tree, branches, capsys):
    assert {d.metric for d in stats_differences()} == {"test_branches"}
    call_command("rollup_stats")
    assert value(tree.province, "test_branches") == 5
    assert value(tree.lanzhou, "test_branches") == 2
    assert value(tree.base_d, "test_branches") == 3
    assert registry.label("test_branches") == "测试分会数"
    call_command("check_stats")
    assert "一致" in capsys.readouterr().out

    branches.rows[tree.base_c.pk] = 1  # written past any hook
    with pytest.raises(SystemExit):
        call_command("check_stats")
    out = capsys.readouterr().out
    assert "兰州市总工会（" in out and "test_branches：汇总 2，实际 3" in out
    assert "test_branches：汇总 0，实际 1" in out  # 丙 and the unions above it
    stats_rollup()
    assert stats_differences() == []
    assert value(tree.qilihe, "test_branches") == 1


def test_an_unregistered_provider_is_no_longer_counted(tree, branches):
    stats_rollup()
    registry.unregister(branches.name)
    stats_rollup()
    assert not OrgStat.objects.filter(metric="test_branches").exists()
