"""national_orgstat stays equal to the roll-ups of the regional federations after every kind of
roll-up write (PostgreSQL: the trigger; logical replication itself is in
deploy/drills/national_sim.py)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from gonghui.members.services import member_leave, transfer_approve, transfer_request
from gonghui.metrics.services import stats_rollup
from gonghui.national.export import export_differences, export_rebuild
from gonghui.national.models import NationalOrgStat

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the export trigger and replication are PostgreSQL's"
)


def _value(org_code: str, metric: str = "members.active", period: str = "") -> int | None:
    row = NationalOrgStat.objects.filter(org_code=org_code, metric=metric, period=period).first()
    return row.value if row else None


@pytest.mark.django_db(transaction=True)
def test_export_follows_member_writes(tree, staff, make_member):
    assert export_differences() == (set(), set())
    a = make_member(tree.base_a)
    make_member(tree.base_c)
    assert _value("620000000000") == 2
    assert _value("620102000000") == 1
    assert _value("620103000000") == 1
    # a township or base union is not exported (the nation reads 省、市、县)
    assert not NationalOrgStat.objects.filter(org_code="620102001000").exists()
    assert set(NationalOrgStat.objects.values_list("province_code", flat=True)) == {"62"}

    transfer = transfer_request(actor=staff.county_admin, member=a, to_org=tree.base_d)
    transfer_approve(actor=staff.tianshui_admin, transfer=transfer)
    assert _value("620102000000") == 0
    assert _value("620502000000") == 1
    month = timezone.localdate().strftime("%Y-%m")
    assert _value("620500000000", "flow.transfer_in", month) == 1
    assert export_differences() == (set(), set())

    member_leave(actor=staff.sysadmin, member=a)
    assert _value("620000000000") == 1
    assert export_differences() == (set(), set())


@pytest.mark.django_db(transaction=True)
def test_full_rollup_and_rebuild_keep_the_export(tree, staff, make_member):
    make_member(tree.base_a)
    make_member(tree.base_d)
    stats_rollup()  # DELETE + COPY: the trigger sees every row
    assert export_differences() == (set(), set())
    assert _value("620000000000") == 2

    with connection.cursor() as cursor:
        cursor.execute("UPDATE national_orgstat SET value = value + 5")
    missing, extra = export_differences()
    assert missing and extra
    with pytest.raises(CommandError):
        call_command("national_export", "check")
    assert export_rebuild() == NationalOrgStat.objects.count()
    call_command("national_export", "check")
    assert export_differences() == (set(), set())
