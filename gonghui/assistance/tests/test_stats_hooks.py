from datetime import date
from decimal import Decimal

import pytest

from gonghui.assistance.codes import ArchiveStatus, Cause, FundSource
from gonghui.assistance.metrics import archive_state, stats_aid_recorded, stats_archive_changed
from gonghui.assistance.models import AidRecord
from gonghui.metrics.models import OrgStat
from gonghui.metrics.services import stats_differences


def value(org, metric, period=""):
    row = OrgStat.objects.filter(org=org, metric=metric, period=period).first()
    return row.value if row else 0


@pytest.mark.raw_inbox_writes  # sets the archive's status by hand
def test_archive_and_aid_hooks_agree_with_a_recount(tree, staff, make_member, make_archive):
    archive = make_archive(
        make_member(tree.base_a), status=ArchiveStatus.NOTICE, causes=[Cause.ILLNESS, Cause.OTHER]
    )
    assert value(tree.province, "archives.status.notice") == 1  # make_archive called the hook
    assert value(tree.province, "archives") == 0

    before = archive_state(archive)
    archive.status = ArchiveStatus.ARCHIVED
    archive.save()
    stats_archive_changed(before=before, after=archive)
    for org in (tree.base_a, tree.chengguan, tree.province):
        assert value(org, "archives") == 1
        assert value(org, "archives.cause.other") == 1
    assert value(tree.qilihe, "archives") == 0
    assert value(tree.province, "archives.status.notice") == 0

    record = AidRecord.objects.create(
        archive=archive,
        form="cash",
        amount=Decimal("1500.50"),
        fund_source=FundSource.SPECIAL,
        paid_on=date(2026, 4, 3),
        paid_by_org=tree.chengguan,
        created_by=staff.sysadmin,
    )
    stats_aid_recorded(record)
    assert value(tree.lanzhou, "aid.amount.special", "2026-04") == 150050
    assert value(tree.lanzhou, "aid.count.special", "2026-04") == 1

    before = archive_state(archive)
    archive.status, archive.exited_on = ArchiveStatus.EXITED, date(2026, 11, 2)
    archive.save()
    stats_archive_changed(before=before, after=archive)
    assert value(tree.province, "archives") == 0
    assert value(tree.province, "archives.exited", "2026-11") == 1
    assert stats_differences() == []
