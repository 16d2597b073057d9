"""Member reads: always scoped to the user's subtree."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.conftest import id_with_check
from gonghui.core.errors import NotFound
from gonghui.members import selectors
from gonghui.members.codes import Category, MemberStatus
from gonghui.members.selectors import access_member_by_id, member_list
from gonghui.members.services import member_leave, member_retain, transfer_request


@pytest.fixture
def people(staff, tree, make_member):
    """Two members in 城关区, one in 七里河区, one in 天水."""

    class People:
        pass

    p = People()
    p.a = make_member(tree.base_a, name="李明", id_number="620121191001010137", phone="13900001111")
    p.b = make_member(tree.base_b, name="王小明", category=Category.NF_DELIVERY)
    p.c = make_member(tree.base_c, name="赵刚", category=Category.NF_COURIER)
    p.d = make_member(tree.base_d, name="孙丽", category=Category.MIGRANT)
    return p


def names(qs) -> set[str]:
    return {m.name for m in qs}


def test_county_admin_sees_only_own_county(staff, people):
    assert names(member_list(user=staff.county_admin)) == {"李明", "王小明"}
    assert names(member_list(user=staff.sibling_admin)) == {"赵刚"}


def test_city_admin_sees_both_counties_and_province_sees_all(staff, people):
    assert names(member_list(user=staff.city_admin)) == {"李明", "王小明", "赵刚"}
    assert names(member_list(user=staff.sysadmin)) == {"李明", "王小明", "赵刚", "孙丽"}


def test_base_union_admin_sees_only_its_own_members(staff, people):
    assert names(member_list(user=staff.base_admin)) == {"李明"}


@pytest.mark.parametrize(
    "q",
    [
        "620121191001010137",
        "620121100101013",  # the same person's 15-digit number
        " 620121 19100101 0137 ",
        "13900001111",
        "+86 139 0000 1111",
        "+8613900001111",
        "8613900001111",
        "李明",
        "李",
    ],
)
def test_search_finds_the_member(staff, people, q):
    assert [m.pk for m in member_list(user=staff.county_admin, q=q)] == [people.a.pk]


def test_search_by_card_number(staff, people):
    assert list(member_list(user=staff.city_admin, q=people.c.card_number)) == [people.c]


def test_search_by_partial_name_matches_several(staff, people):
    assert names(member_list(user=staff.county_admin, q="明")) == {"李明", "王小明"}


def test_search_never_reaches_outside_scope(staff, people):
    assert list(member_list(user=staff.sibling_admin, q="620121191001010137")) == []
    assert list(member_list(user=staff.sibling_admin, q=people.a.card_number)) == []
    assert list(member_list(user=staff.sibling_admin, q="李明")) == []


@pytest.mark.parametrize("q", ["620121191001010131", "13900009999", "张", "\U00010a40" * 15])
def test_search_with_no_match_is_empty_not_an_error(staff, people, q):
    assert list(member_list(user=staff.county_admin, q=q)) == []


def test_filter_by_category(staff, people):
    assert names(member_list(user=staff.sysadmin, category=Category.MIGRANT)) == {"孙丽"}
    assert names(member_list(user=staff.sysadmin, category="new_forms")) == {"王小明", "赵刚"}
    assert names(member_list(user=staff.county_admin, category="new_forms")) == {"王小明"}


def test_filter_by_status(staff, people):
    member_leave(actor=staff.county_admin, member=people.a)
    member_retain(actor=staff.county_admin, member=people.b)
    assert names(member_list(user=staff.county_admin, status=MemberStatus.ACTIVE)) == set()
    assert names(member_list(user=staff.county_admin, status=MemberStatus.LEFT)) == {"李明"}
    assert names(member_list(user=staff.county_admin, status=MemberStatus.RETAINED)) == {"王小明"}
    assert names(member_list(user=staff.city_admin, status=MemberStatus.ACTIVE)) == {"赵刚"}


def test_filter_by_org_includes_its_subtree_and_stays_in_scope(staff, tree, people):
    assert names(member_list(user=staff.city_admin, org_id=tree.base_b.pk)) == {"王小明"}
    assert names(member_list(user=staff.city_admin, org_id=tree.donggang.pk)) == {"李明", "王小明"}
    assert list(member_list(user=staff.county_admin, org_id=tree.base_c.pk)) == []
    assert list(member_list(user=staff.county_admin, org_id=999_999)) == []


def test_access_member_in_scope(staff, people):
    assert access_member_by_id(staff.county_admin, people.a.pk) == people.a


def test_access_member_outside_scope_looks_missing_and_is_audited(staff, people):
    with pytest.raises(NotFound) as outside:
        access_member_by_id(staff.county_admin, people.c.pk)
    with pytest.raises(NotFound) as missing:
        access_member_by_id(staff.county_admin, 999_999)
    assert outside.value.message == missing.value.message == selectors.MEMBER_NOT_FOUND
    row = AuditLog.objects.get(action="access.denied")
    assert (row.actor, row.result, row.object_id) == (
        staff.county_admin,
        "denied",
        str(people.c.pk),
    )


def test_transfer_visible_to_both_sides_only(staff, tree, people):
    transfer = transfer_request(actor=staff.base_admin, member=people.a, to_org=tree.base_c)
    assert selectors.access_transfer_by_id(staff.base_c_admin, transfer.pk) == transfer
    assert selectors.access_transfer_by_id(staff.base_admin, transfer.pk) == transfer
    assert list(selectors.transfer_list(user=staff.base_c_admin)) == [transfer]
    with pytest.raises(NotFound):
        selectors.access_transfer_by_id(staff.tianshui_admin, transfer.pk)
    assert AuditLog.objects.filter(action="access.denied", actor=staff.tianshui_admin).exists()


def test_active_member_counts_by_prefix(staff, tree, people, make_member):
    make_member(tree.base_a, name="新会员")
    left = make_member(tree.base_b, name="退会者")
    member_leave(actor=staff.county_admin, member=left)
    make_member(tree.xiyuan, name="街道会员")  # held by the township union itself

    by_city = selectors.active_member_counts_by_prefix(parent=tree.lanzhou)
    assert by_city == {tree.chengguan.path: 3, tree.qilihe.path: 2}
    by_township = selectors.active_member_counts_by_prefix(parent=tree.donggang)
    assert by_township == {tree.base_a.path: 2, tree.base_b.path: 1}
    # members of the parent itself belong to no child
    assert selectors.active_member_counts_by_prefix(parent=tree.xiyuan) == {tree.base_c.path: 1}
    assert selectors.active_member_count(org=tree.xiyuan) == 2
    assert selectors.active_member_count(org=tree.province) == 6


def test_holding_member_by_id_number_ignores_those_who_left(staff, tree, make_member):
    number = id_with_check("62010219660606001")
    member = make_member(tree.base_a, id_number=number)
    assert selectors.holding_member_by_id_number(number) == member
    member_leave(actor=staff.county_admin, member=member)
    assert selectors.holding_member_by_id_number(number) is None


def test_member_history_in_order(staff, tree, people):
    member_retain(actor=staff.county_admin, member=people.a)
    member_leave(actor=staff.county_admin, member=people.a)
    assert [e.get_change_type_display() for e in selectors.member_history(people.a)] == [
        "入会",
        "保留",
        "退会",
    ]
