"""Transfers in the 待办 inbox: after each action (request, approve, reject, cancel, a merge) the
inbox of every affected user is right, the deciding side is told of new work and the asking side
of the decision. (The app's conftest also checks `check_items() == []` after every test.)"""

import pytest

from gonghui.core.errors import Forbidden
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import check_items, inbox_count, visible_items
from gonghui.members import services
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.orgs.services import org_merge


def _seen(user) -> list[tuple[str, int]]:
    return sorted(visible_items(user).values_list("kind", "org_id"))


def test_request_to_a_county_base_opens_items_for_it_and_its_county(staff, tree, make_member):
    member = make_member(tree.base_c, name="王小明")
    transfer = services.transfer_request(
        actor=staff.base_c_admin, member=member, to_org=tree.base_a
    )
    assert check_items() == []
    # The receiving base union decides; 城关, the county above it, sees it too.
    assert _seen(staff.base_admin) == [("members.transfer", tree.base_a.pk)]
    assert _seen(staff.county_admin) == [("members.transfer_below", tree.chengguan.pk)]
    item = visible_items(staff.county_admin).get()
    assert item.summary == "王**：兰州丙公司工会 → 兰州甲公司工会（转出方发起）"
    assert item.link == "/members/transfers/"
    # Not the asking side, not an auditor or plain staff, not the city above.
    for user in (
        staff.base_c_admin,
        staff.sibling_admin,
        staff.county_staff,
        staff.county_auditor,
        staff.city_admin,
    ):
        assert inbox_count(user) == 0, user.username
    work = Notification.objects.filter(kind=NotificationKind.WORK)
    assert sorted(work.values_list("recipient_org_id", flat=True)) == sorted(
        [tree.base_a.pk, tree.chengguan.pk]
    )
    assert all("王小明" not in n.body for n in work), "the name is masked"

    services.transfer_approve(actor=staff.county_admin, transfer=transfer, note="欢迎")
    assert check_items() == []
    assert not OpenItem.objects.exists()
    assert inbox_count(staff.county_admin) == inbox_count(staff.base_admin) == 0
    decided = Notification.objects.get(kind=NotificationKind.DECIDED)
    assert decided.recipient_org_id == tree.base_c.pk, "the side that asked"
    assert decided.title == "转会申请已同意：王**"
    assert "「城关区总工会」审批结果：已同意。审批意见：欢迎" in decided.body
    assert decided.link == "/members/transfers/?status=approved"


def test_request_in_is_decided_by_the_members_union_and_rejection_closes(staff, tree, make_member):
    member = make_member(tree.base_c, name="赵六")
    transfer = services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_a)
    assert transfer.initiated_by == "in"
    assert _seen(staff.base_c_admin) == [("members.transfer", tree.base_c.pk)]
    assert _seen(staff.sibling_admin) == [("members.transfer_below", tree.qilihe.pk)]
    assert inbox_count(staff.base_admin) == inbox_count(staff.county_admin) == 0

    services.transfer_reject(actor=staff.sibling_admin, transfer=transfer, note="劳动关系未变")
    assert check_items() == []
    assert inbox_count(staff.base_c_admin) == inbox_count(staff.sibling_admin) == 0
    decided = Notification.objects.get(kind=NotificationKind.DECIDED)
    assert decided.recipient_org_id == tree.base_a.pk
    assert decided.title == "转会申请已拒绝：赵*"
    assert "劳动关系未变" in decided.body


def test_cancel_closes_without_a_decision_notice(staff, tree, make_member):
    member = make_member(tree.base_a)
    transfer = services.transfer_request(
        actor=staff.county_admin, member=member, to_org=tree.base_c
    )
    assert _seen(staff.base_c_admin) == [("members.transfer", tree.base_c.pk)]
    assert _seen(staff.sibling_admin) == [("members.transfer_below", tree.qilihe.pk)]
    services.transfer_cancel(actor=staff.county_admin, transfer=transfer)
    assert check_items() == []
    assert inbox_count(staff.base_c_admin) == inbox_count(staff.sibling_admin) == 0
    assert not Notification.objects.filter(kind=NotificationKind.DECIDED).exists()


def test_a_refused_decision_leaves_the_items(staff, tree, make_member):
    member = make_member(tree.base_a)
    transfer = services.transfer_request(
        actor=staff.county_admin, member=member, to_org=tree.base_c
    )
    with pytest.raises(Forbidden):
        services.transfer_approve(actor=staff.county_admin, transfer=transfer)
    assert OpenItem.objects.count() == 2
    assert check_items() == []


def test_merge_moves_the_pending_transfers_items(staff, tree, make_member):
    member = make_member(tree.base_c)
    services.transfer_request(actor=staff.base_c_admin, member=member, to_org=tree.base_a)
    org_merge(actor=staff.sysadmin, source=tree.base_a, target=tree.base_b)
    assert check_items() == []
    assert set(OpenItem.objects.values_list("kind", "org_id")) == {
        ("members.transfer", tree.base_b.pk),
        ("members.transfer_below", tree.chengguan.pk),
    }


def test_merge_of_the_two_sides_settles_the_transfer_and_its_items(staff, tree, make_member):
    member = make_member(tree.base_a)
    services.transfer_request(actor=staff.county_admin, member=member, to_org=tree.base_b)
    # 城关 asked: only the receiving base is told, not 城关 itself.
    assert _seen(staff.county_admin) == []
    assert OpenItem.objects.get().org_id == tree.base_b.pk
    org_merge(actor=staff.sysadmin, source=tree.base_a, target=tree.base_b)
    assert not OpenItem.objects.exists()
    assert check_items() == []
