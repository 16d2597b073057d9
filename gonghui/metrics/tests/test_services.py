"""Roll-ups stay equal to a recount through every kind of write, and can be rebuilt."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.hotline import services as hotline
from gonghui.hotline.codes import CaseStatus, Rating
from gonghui.members.codes import Category, MemberStatus
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.services import (
    member_expel,
    member_leave,
    member_retain,
    member_update,
    transfer_approve,
    transfer_request,
)
from gonghui.metrics.models import OrgStat
from gonghui.metrics.services import (
    month_key,
    stats_differences,
    stats_refresh_orgs,
    stats_rollup,
)
from gonghui.metrics.tests.conftest import person, value
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.services import (
    org_create_child,
    org_dissolve,
    org_merge,
    org_move,
    org_update,
)
from gonghui.sites.models import SiteType
from gonghui.sites.services import site_delete, site_update


def test_every_kind_of_write_keeps_every_roll_up_exact(
    staff, tree, make_member, make_case, make_site
):
    a = make_member(tree.base_a, id_number=person(1990, 1), category=Category.NF_COURIER)
    b = make_member(tree.base_a, id_number=person(1975, 2, female=True))
    c = make_member(tree.base_b, id_number=person(1985, 3), category=Category.MIGRANT)
    d = make_member(tree.base_c, id_number=person(1960, 4, female=True))
    e = make_member(tree.base_d, id_number=person(2000, 5))
    # edits: category, and an ID number that changes birth year and gender
    member_update(actor=staff.sysadmin, member=b, category=Category.NF_DELIVERY)
    member_update(actor=staff.sysadmin, member=c, id_number=person(1999, 6, female=True))
    member_retain(actor=staff.sysadmin, member=d)
    member_leave(actor=staff.sysadmin, member=e)
    member_expel(actor=staff.sysadmin, member=c, reason="6", note="违法犯罪")
    transfer = transfer_request(actor=staff.county_admin, member=a, to_org=tree.base_c)
    transfer_approve(actor=staff.sibling_admin, transfer=transfer)
    # orgs: create, change type, move a subtree, merge, dissolve
    new_base = org_create_child(
        actor=staff.sysadmin, parent=tree.donggang, name="新建公司工会", org_type=OrgType.BASE
    )
    org_update(actor=staff.sysadmin, org=new_base, org_type=OrgType.FEDERATION)
    make_member(new_base, id_number=person(1980, 7))
    org_move(actor=staff.sysadmin, org=tree.xiyuan, new_parent=tree.chengguan)
    org_merge(actor=staff.sysadmin, source=tree.base_b, target=tree.base_a)
    empty = org_create_child(
        actor=staff.sysadmin, parent=tree.dacheng, name="待撤销工会", org_type=OrgType.BASE
    )
    org_dissolve(actor=staff.sysadmin, org=empty)
    # hotline: received, dispatched, closed
    make_case()
    make_case(to_org=tree.chengguan)
    make_case(to_org=tree.donggang, close=True)
    # sites: create, change type and org, delete
    kept = make_site(tree.chengguan)
    gone = make_site(tree.base_a, SiteType.HOME)
    site_update(
        actor=staff.sysadmin,
        site=kept,
        org=tree.qinzhou,
        name=kept.name,
        site_type=SiteType.LIBRARY,
        county=tree.chengguan,
        address=kept.address,
        lat=kept.lat,
        lng=kept.lng,
    )
    site_delete(actor=staff.sysadmin, site=gone)

    assert stats_differences() == []
    holding = Member.objects.filter(status__in=[MemberStatus.ACTIVE, MemberStatus.RETAINED])
    assert value(tree.province, "members") == holding.count() == 4
    assert value(tree.province, "members.retained") == 1
    assert value(tree.province, "new_forms") == 2
    assert value(tree.qilihe, "members") == 0  # 西园 moved away with its members
    assert value(tree.chengguan, "members") == 4
    assert value(tree.base_a, "category.nf_delivery") == 1
    assert value(tree.province, "birth_year.1999") == 0  # expelled
    assert value(tree.province, "orgs.federation") == 1
    assert value(tree.province, "orgs.base") == 3  # 甲, 丙, 丁: 乙 merged, one dissolved
    assert value(tree.province, "sites") == 1
    assert value(tree.tianshui, "sites.library") == 1
    assert value(tree.province, "cases.open") == 2
    assert value(tree.province, "cases.closed") == 1
    assert value(tree.chengguan, "cases.open") == 1
    month = month_key(timezone.localdate())
    assert value(tree.province, "cases.received", month) == 3
    # 退会 and 除名; the transfer 甲 → 丙 stayed inside 兰州 (and, once 西园 moved under 城关,
    # inside 城关), so it is no flow of either; the merge moved no one (乙's member was expelled)
    assert value(tree.province, "flow.leave", month) == 2
    assert value(tree.qilihe, "flow.leave", month) == 0
    for org in (tree.province, tree.lanzhou, tree.chengguan):
        assert value(org, "flow.transfer_out", month) == 0
        assert value(org, "flow.transfer_in", month) == 0
    assert value(tree.donggang, "flow.transfer_out", month) == 1
    assert value(tree.xiyuan, "flow.transfer_in", month) == 1
    call_command("check_stats")


def test_transfer_moves_the_member_between_branches(staff, tree, make_member):
    member = make_member(tree.base_a, id_number=person(1988, 1))
    transfer = transfer_request(actor=staff.county_admin, member=member, to_org=tree.base_c)
    transfer_approve(actor=staff.sibling_admin, transfer=transfer)
    month = month_key(timezone.localdate())
    assert (value(tree.chengguan, "members"), value(tree.qilihe, "members")) == (0, 1)
    assert value(tree.lanzhou, "members") == 1
    assert value(tree.chengguan, "flow.transfer_out", month) == 1
    assert value(tree.qilihe, "flow.transfer_in", month) == 1
    # the 入会 of 2020 stays where it happened
    assert value(tree.chengguan, "flow.join", "2020-05") == 1
    # inside 兰州: neither a loss nor a gain of 兰州 (it counted both before)
    assert value(tree.lanzhou, "flow.transfer_in", month) == 0
    assert value(tree.lanzhou, "flow.transfer_out", month) == 0
    assert stats_differences() == []


def test_moving_a_subtree_moves_its_totals(staff, tree, make_member, make_site):
    make_member(tree.base_c, id_number=person(1970, 1))
    make_member(tree.base_c, id_number=person(1971, 2))
    make_site(tree.xiyuan)
    org_move(actor=staff.sysadmin, org=tree.xiyuan, new_parent=tree.qinzhou)
    assert value(tree.lanzhou, "members") == 0
    assert value(tree.tianshui, "members") == 2
    assert value(tree.tianshui, "orgs") == 6  # 天水, 秦州, 大城, 丁 and now 西园, 丙
    assert value(tree.lanzhou, "orgs") == 6
    assert value(tree.province, "members") == 2
    assert value(tree.tianshui, "sites") == 1
    assert stats_differences() == []


def test_refresh_recounts_after_bulk_writes(tree):
    """What an import does: bulk rows past the hooks, then stats_refresh_orgs."""
    people = [
        Member(
            org=org,
            name="批量",
            id_number_enc=b"x",
            id_number_hash=f"hash{i}",
            gender="1",
            birth_date=date(1990, 1, 1),
            category=Category.EMPLOYED,
            joined_on=date(2024, 2, 1),
        )
        for i, org in enumerate([tree.base_a, tree.base_a, tree.base_c, tree.base_d])
    ]
    Member.objects.bulk_create(people)
    MembershipEvent.objects.bulk_create(
        MembershipEvent(member=m, change_type="1", changed_on=m.joined_on, org=m.org)
        for m in Member.objects.all()
    )
    assert {d.metric for d in stats_differences()} >= {"members", "flow.join", "gender.1"}
    # nested and repeated ids are fine: each org is recounted once, deepest first
    stats_refresh_orgs(
        org_ids=[tree.base_a.pk, tree.donggang.pk, tree.base_c.pk, tree.base_d.pk, tree.base_a.pk]
    )
    assert stats_differences() == []
    assert value(tree.province, "members") == 4
    assert value(tree.lanzhou, "flow.join", "2024-02") == 3
    assert value(tree.donggang, "birth_year.1990") == 2


def test_refresh_of_an_unchanged_org_changes_nothing(tree, make_member):
    make_member(tree.base_a, id_number=person(1990, 1))
    before = sorted(OrgStat.objects.values_list("org_id", "metric", "period", "value"))
    stats_refresh_orgs(org_ids=[tree.base_a.pk, tree.province.pk])
    after = sorted(
        OrgStat.objects.exclude(value=0).values_list("org_id", "metric", "period", "value")
    )
    assert after == [row for row in before if row[3]]


def test_check_stats_reports_differences_and_rollup_fixes_them(tree, make_member, capsys):
    make_member(tree.base_a, id_number=person(1990, 1))
    OrgStat.objects.filter(org=tree.lanzhou, metric="members").update(value=7)
    OrgStat.objects.filter(org=tree.province, metric="gender.1").delete()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_stats")
    assert exit_info.value.code == 1
    out = capsys.readouterr()
    assert "兰州市总工会" in out.out and "members：汇总 7，实际 1" in out.out
    assert "gender.1：汇总 0，实际 1" in out.out
    assert "共 2 处不一致" in out.err
    call_command("rollup_stats")
    assert "已重建统计汇总" in capsys.readouterr().out
    call_command("check_stats")
    assert "一致" in capsys.readouterr().out
    assert value(tree.lanzhou, "members") == 1


def test_rollup_counts_from_raw_tables(staff, tree, make_member, make_case):
    make_member(tree.base_a, id_number=person(1990, 1), category=Category.NF_TRUCK)
    make_member(tree.base_d, id_number=person(1962, 2, female=True))
    make_case(to_org=tree.qinzhou)
    OrgStat.objects.all().delete()
    written = stats_rollup()
    assert written == OrgStat.objects.count() > 0
    assert value(tree.province, "members") == 2
    assert value(tree.province, "category.nf_truck") == 1
    assert value(tree.tianshui, "gender.2") == 1
    assert value(tree.tianshui, "cases.open") == 1
    assert value(tree.province, "orgs") == Org.objects.count()
    assert value(tree.donggang, "orgs.base") == 2
    assert stats_differences() == []


def test_cases_follow_their_holder_and_status(staff, tree, make_case):
    case = make_case(to_org=tree.chengguan, close=True)
    assert case.status == CaseStatus.CLOSED
    assert (value(tree.chengguan, "cases.open"), value(tree.chengguan, "cases.closed")) == (0, 1)
    assert value(tree.province, "cases.open") == 0
    # 不满意 reopens it at the same union
    case = hotline.case_callback(
        actor=staff.sysadmin, case=case, rating=Rating.UNSATISFIED, reopen=True
    )
    assert (value(tree.chengguan, "cases.open"), value(tree.chengguan, "cases.closed")) == (1, 0)
    # passed down to a township, then returned to the call centre (the province)
    case = hotline.case_transfer(
        actor=staff.sysadmin, case=case, to_org=tree.donggang, expected_version=case.version
    )
    assert value(tree.donggang, "cases.open") == 1
    month = month_key(timezone.localtime(case.received_at))
    assert value(tree.donggang, "cases.received", month) == 1
    hotline.case_return(
        actor=staff.sysadmin, case=case, reason="不属本街道", expected_version=case.version
    )
    assert value(tree.donggang, "cases.open") == value(tree.lanzhou, "cases.open") == 0
    assert value(tree.province, "cases.open") == 1
    assert value(tree.lanzhou, "cases.received", month) == 0
    assert stats_differences() == []


def _bulk_members(orgs) -> None:
    """Members written past the services, as an import does, with their 入会 events."""
    Member.objects.bulk_create(
        Member(
            org=org,
            name="批量",
            id_number_enc=b"x",
            id_number_hash=f"bulk{org.pk}-{i}",
            gender="2",
            birth_date=date(1985, 6, 1),
            category=Category.NF_RIDEHAIL,
            joined_on=date(2025, 7, 1),
        )
        for i, org in enumerate(orgs)
    )
    MembershipEvent.objects.bulk_create(
        MembershipEvent(member=m, change_type="1", changed_on=m.joined_on, org=m.org)
        for m in Member.objects.filter(name="批量")
    )


def test_refresh_of_one_small_union_counts_only_its_subtree(tree, make_member):
    make_member(tree.base_d, id_number=person(1990, 1))
    _bulk_members([tree.base_c])
    stats_refresh_orgs(org_ids=[tree.base_c.pk])
    assert stats_differences() == []
    assert value(tree.qilihe, "new_forms") == 1
    assert value(tree.province, "members") == 2


def test_refresh_of_many_unions_at_once(staff, tree):
    unions = [
        org_create_child(
            actor=staff.sysadmin, parent=tree.donggang, name=f"批量工会{i}", org_type=OrgType.BASE
        )
        for i in range(55)
    ]
    _bulk_members(unions)
    stats_refresh_orgs(org_ids=[u.pk for u in unions])
    assert stats_differences() == []
    assert value(tree.chengguan, "members") == 55
    assert value(tree.province, "flow.join", "2025-07") == 55
    assert value(tree.donggang, "orgs.base") == 57
