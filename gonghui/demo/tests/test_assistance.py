import time

import pytest

from gonghui.assistance.codes import ArchiveStatus, Relation
from gonghui.assistance.models import (
    AidRecord,
    Archive,
    CampaignPayment,
    HouseholdMember,
    PovertyLine,
)
from gonghui.demo.accounts import demo_orgs, ensure_demo_accounts
from gonghui.demo.assistance import seed_assistance
from gonghui.demo.members import seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.metrics.models import OrgStat
from gonghui.metrics.services import stats_differences, stats_rollup
from gonghui.orgs.loader import load_org_tree

pytestmark = pytest.mark.django_db


def test_demo_archives_in_every_state_with_aid_and_a_campaign():
    load_org_tree()
    seed_orgs(7)
    seed_members(1500, 7)
    ensure_demo_accounts()
    started = time.perf_counter()
    n = seed_assistance(seed=7, n=120)
    assert time.perf_counter() - started < 10
    assert n == Archive.objects.count() > 60
    assert seed_assistance(seed=7, n=120) == 0  # once only
    stats_rollup()
    assert [d for d in stats_differences() if d.metric.startswith(("archives", "aid."))] == []

    orgs = demo_orgs()
    statuses = set(Archive.objects.values_list("status", flat=True))
    assert {ArchiveStatus.ARCHIVED, ArchiveStatus.EXITED, ArchiveStatus.SUBMITTED} <= statuses
    assert Archive.objects.filter(county=orgs["chengguan"]).count() >= n // 3
    for archive in Archive.objects.prefetch_related("household")[:40]:
        household = list(archive.household.all())
        assert len(household) == archive.household_size
        (me,) = [p for p in household if p.relation == Relation.SELF]
        assert me.id_number == archive.member.id_number
        assert archive.org.path.startswith(archive.county.path)
    # No person is in two open households.
    hashes = HouseholdMember.objects.values_list("id_number_hash", flat=True)
    assert len(set(hashes)) == len(hashes)
    assert PovertyLine.objects.filter(county=orgs["chengguan"]).count() == 2
    assert AidRecord.objects.exists()
    assert not AidRecord.objects.exclude(
        archive__status__in=[ArchiveStatus.ARCHIVED, ArchiveStatus.EXITED]
    ).exists()
    assert CampaignPayment.objects.filter(org=orgs["chengguan"]).exists()
    archived = Archive.objects.filter(status=ArchiveStatus.ARCHIVED).count()
    assert OrgStat.objects.get(org=orgs["province"], metric="archives", period="").value == archived
