"""Demo 班组 and 疗休养: written once, on the reports' scale, the roll-ups and 待办 right."""

import pytest

from gonghui.accounts.models import User
from gonghui.demo.accounts import demo_orgs, ensure_demo_accounts
from gonghui.demo.members import seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.demo.recuperation import PAST_BATCHES, PAST_PER_BATCH, seed_recuperation
from gonghui.inbox.selectors import check_items, visible_items
from gonghui.members.models import Team
from gonghui.metrics.registry import provider
from gonghui.metrics.services import stats_differences, stats_rollup
from gonghui.orgs.loader import load_org_tree
from gonghui.recuperation.models import Participant, ParticipantStatus

pytestmark = pytest.mark.django_db


def test_demo_teams_and_recuperation():
    load_org_tree()
    seed_orgs(7)
    seed_members(400, 7)
    ensure_demo_accounts()
    teams, batches, people = seed_recuperation()
    # 400 members leave a couple per union: at least one team; the full demo fills all three.
    assert teams >= 1 and batches == PAST_BATCHES + 2
    assert seed_recuperation() == (0, 0, 0), "written once"
    chengguan = demo_orgs()["chengguan"]
    for team in Team.objects.filter(org__path__startswith=chengguan.path):
        assert team.headcount == team.memberships.count() >= 1 and team.leader is not None
    went = Participant.objects.filter(status=ParticipantStatus.COMPLETED).count()
    assert went == PAST_BATCHES * PAST_PER_BATCH
    assert people > went
    stats_rollup()
    assert [d for d in stats_differences() if provider("recuperation").owns(d.metric)] == []
    assert check_items() == []
    prov_admin = User.objects.get(username="prov_admin")
    assert "recuperation.confirm" in set(visible_items(prov_admin).values_list("kind", flat=True))
