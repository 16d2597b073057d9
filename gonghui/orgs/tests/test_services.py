"""Org tree writes: create, edit, move, merge, dissolve — each scoped and audited."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.members.codes import ChangeType, MemberStatus
from gonghui.members.models import Member, MembershipEvent, Transfer, TransferStatus
from gonghui.members.org_handlers import DISSOLVE_HAS_MEMBERS
from gonghui.members.selectors import active_member_count, member_list, transfer_list
from gonghui.members.services import member_leave, transfer_request
from gonghui.orgs import services
from gonghui.orgs.models import Org, OrgLevel, OrgStatus, OrgType

USCC = "91620102MA71234XXT"
USCC_2 = "52620000MA7654321W"
USCC_BAD_CHECK = "91620102MA71234XX0"


def snapshot() -> tuple:
    return (
        list(Org.objects.order_by("pk").values_list("pk", "path", "name", "status", "uscc")),
        Member.objects.count(),
        MembershipEvent.objects.count(),
        AuditLog.objects.count(),
    )


def fresh(org: Org) -> Org:
    return Org.objects.get(pk=org.pk)


# --- create --------------------------------------------------------------------------------


def test_create_base_union_takes_level_and_division_code_from_parent(staff, tree):
    org = services.org_create_child(
        actor=staff.county_admin,
        parent=tree.donggang,
        name=" 兰州戊公司工会 ",
        org_type=OrgType.BASE,
        uscc=USCC.lower(),
    )
    org = fresh(org)
    assert org.name == "兰州戊公司工会"
    assert Org.objects.get_parent(org) == tree.donggang
    assert org.level == OrgLevel.TOWNSHIP
    assert org.division_code == "620102001000"
    assert org.uscc == USCC
    row = AuditLog.objects.get(action="org.create")
    assert (row.actor, row.object_id, row.org_path) == (staff.county_admin, str(org.pk), org.path)


def test_create_with_blank_division_code_inherits_it(staff, tree):
    org = services.org_create_child(
        actor=staff.county_admin,
        parent=tree.chengguan,
        name="城关区教育工会",
        org_type=OrgType.INDUSTRY,
        division_code="",
    )
    assert fresh(org).division_code == "620102000000"
    assert fresh(org).level == OrgLevel.COUNTY


def test_create_regional_union_takes_its_own_tier(staff, tree):
    org = services.org_create_child(
        actor=staff.city_admin,
        parent=tree.lanzhou,
        name="安宁区总工会",
        org_type=OrgType.COUNTY,
        division_code="620105000000",
    )
    assert (fresh(org).level, fresh(org).division_code) == (OrgLevel.COUNTY, "620105000000")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "  "}, services.ORG_NAME_REQUIRED),
        ({"org_type": "club"}, services.ORG_TYPE_REQUIRED),
        ({"uscc": USCC_BAD_CHECK}, services.USCC_INVALID),
        ({"uscc": "9162010"}, services.USCC_INVALID),
        ({"uscc": "91620102MA71234XXI"}, services.USCC_INVALID),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(staff, tree, kwargs, message):
    before = snapshot()
    args = dict(name="兰州戊公司工会", org_type=OrgType.BASE) | kwargs
    with pytest.raises(ApplicationError) as exc:
        services.org_create_child(actor=staff.county_admin, parent=tree.donggang, **args)
    assert exc.value.message == message
    assert snapshot() == before


def test_duplicate_uscc_is_a_conflict_naming_the_holder(staff, tree):
    services.org_create_child(
        actor=staff.county_admin,
        parent=tree.donggang,
        name="兰州戊公司工会",
        org_type=OrgType.BASE,
        uscc=USCC,
    )
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.org_create_child(
            actor=staff.sibling_admin,
            parent=tree.xiyuan,
            name="另一个工会",
            org_type=OrgType.BASE,
            uscc=USCC,
        )
    assert exc.value.message == services.USCC_TAKEN.format(name="兰州戊公司工会")
    assert exc.value.field == "uscc"
    assert snapshot() == before


def test_uscc_of_a_dissolved_union_may_be_reused(staff, tree):
    old = services.org_create_child(
        actor=staff.county_admin,
        parent=tree.donggang,
        name="旧公司工会",
        org_type=OrgType.BASE,
        uscc=USCC,
    )
    services.org_dissolve(actor=staff.county_admin, org=fresh(old))
    new = services.org_create_child(
        actor=staff.county_admin,
        parent=tree.donggang,
        name="新公司工会",
        org_type=OrgType.BASE,
        uscc=USCC,
    )
    assert fresh(new).uscc == USCC


def test_create_outside_scope_is_forbidden_and_audited(staff, tree):
    before = snapshot()
    with pytest.raises(Forbidden) as exc:
        services.org_create_child(
            actor=staff.county_admin, parent=tree.xiyuan, name="越权工会", org_type=OrgType.BASE
        )
    assert exc.value.message == services.ORG_OUT_OF_SCOPE
    assert Org.objects.count() == len(before[0])
    row = AuditLog.objects.get()
    assert (row.action, row.result, row.actor, row.object_id) == (
        "access.denied",
        "denied",
        staff.county_admin,
        str(tree.xiyuan.pk),
    )


def test_create_under_a_dissolved_union_refused(staff, tree):
    services.org_dissolve(actor=staff.county_admin, org=tree.base_b)
    with pytest.raises(ApplicationError) as exc:
        services.org_create_child(
            actor=staff.county_admin,
            parent=fresh(tree.base_b),
            name="子工会",
            org_type=OrgType.BASE,
        )
    assert exc.value.message == services.ORG_INACTIVE


# --- edit ----------------------------------------------------------------------------------


def test_update_audits_the_changed_fields(staff, tree):
    services.org_update(
        actor=staff.county_admin,
        org=tree.base_a,
        name="兰州甲集团工会",
        chair_name="刘洋",
        uscc=USCC_2,
        address="",
    )
    org = fresh(tree.base_a)
    assert (org.name, org.chair_name, org.uscc) == ("兰州甲集团工会", "刘洋", USCC_2)
    row = AuditLog.objects.get(action="org.update")
    assert row.changes == {
        "name": ["兰州甲公司工会", "兰州甲集团工会"],
        "chair_name": ["", "刘洋"],
        "uscc": ["", USCC_2],
    }
    assert row.org_path == org.path


def test_update_without_changes_writes_no_audit_row(staff, tree):
    before = snapshot()
    services.org_update(actor=staff.county_admin, org=tree.base_a, name="兰州甲公司工会")
    assert snapshot() == before


def test_update_may_keep_its_own_uscc(staff, tree):
    services.org_update(actor=staff.county_admin, org=tree.base_a, uscc=USCC)
    services.org_update(
        actor=staff.county_admin, org=fresh(tree.base_a), uscc=USCC, chair_name="刘洋"
    )
    assert fresh(tree.base_a).uscc == USCC


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": ""}, ApplicationError),
        ({"uscc": USCC_BAD_CHECK}, ApplicationError),
        ({"uscc": USCC}, Conflict),
    ],
)
def test_update_refuses_bad_input(staff, tree, fields, error):
    services.org_update(actor=staff.county_admin, org=tree.base_b, uscc=USCC)
    before = snapshot()
    with pytest.raises(error):
        services.org_update(actor=staff.county_admin, org=tree.base_a, **fields)
    assert snapshot() == before


def test_update_refuses_fields_that_are_not_editable(staff, tree):
    with pytest.raises(ValueError):
        services.org_update(actor=staff.county_admin, org=tree.base_a, path="0001")


def test_update_of_org_type_recomputes_level(staff, tree):
    services.org_update(actor=staff.county_admin, org=tree.base_a, org_type=OrgType.COMMUNITY)
    assert fresh(tree.base_a).level == OrgLevel.COMMUNITY


# --- move ----------------------------------------------------------------------------------


def test_move_subtree_and_its_members_follow(staff, tree, make_member):
    member = make_member(tree.base_a)
    services.org_move(actor=staff.city_admin, org=tree.donggang, new_parent=tree.qilihe)
    donggang, base_a, base_b = fresh(tree.donggang), fresh(tree.base_a), fresh(tree.base_b)
    assert Org.objects.get_parent(donggang) == tree.qilihe
    assert donggang.path.startswith(tree.qilihe.path)
    for child in (base_a, base_b):
        assert child.path.startswith(donggang.path)
        assert child.depth == donggang.depth + 1
    assert fresh(tree.chengguan).numchild == 0
    assert fresh(tree.qilihe).numchild == 2
    # members follow without being touched
    assert list(member_list(user=staff.sibling_admin)) == [member]
    assert list(member_list(user=staff.county_admin)) == []
    row = AuditLog.objects.get(action="org.move")
    assert row.changes == {"parent": ["城关区总工会", "七里河区总工会"]}
    assert Org.objects.find_problems() == ([], [], [], [], [])


def test_moved_base_union_takes_its_new_parents_level(staff, tree):
    services.org_move(actor=staff.county_admin, org=tree.base_a, new_parent=tree.chengguan)
    assert fresh(tree.base_a).level == OrgLevel.COUNTY


@pytest.mark.parametrize("target", ["donggang", "base_a", "chengguan"])
def test_cannot_move_into_own_subtree(staff, tree, target):
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.org_move(
            actor=staff.city_admin, org=tree.chengguan, new_parent=getattr(tree, target)
        )
    assert exc.value.message == services.MOVE_INTO_SELF
    assert snapshot() == before


def test_root_cannot_move(staff, tree):
    with pytest.raises(ApplicationError) as exc:
        services.org_move(actor=staff.sysadmin, org=tree.province, new_parent=tree.lanzhou)
    assert exc.value.message in (services.ROOT_FIXED, services.MOVE_INTO_SELF)


def test_move_needs_both_ends_in_scope(staff, tree):
    before_orgs = snapshot()[0]
    with pytest.raises(Forbidden):
        services.org_move(actor=staff.county_admin, org=tree.donggang, new_parent=tree.qilihe)
    assert snapshot()[0] == before_orgs
    assert AuditLog.objects.filter(action="access.denied", object_id=str(tree.qilihe.pk)).exists()


# --- merge ---------------------------------------------------------------------------------


def test_merge_moves_members_with_history_and_closes_the_source(staff, tree, make_member):
    kept = make_member(tree.base_a)
    moving = make_member(tree.base_b)
    left = make_member(tree.base_b)
    member_leave(actor=staff.county_admin, member=left)
    services.org_merge(actor=staff.county_admin, source=tree.base_b, target=tree.base_a)

    source = fresh(tree.base_b)
    assert (source.status, source.merged_into) == (OrgStatus.MERGED, tree.base_a)
    moving.refresh_from_db()
    assert (moving.org, moving.status) == (tree.base_a, MemberStatus.ACTIVE)
    out_event, in_event = moving.events.order_by("id")[1:]
    assert (out_event.change_type, out_event.org, out_event.other_org) == (
        ChangeType.TRANSFER_OUT,
        tree.base_b,
        tree.base_a,
    )
    assert (in_event.change_type, in_event.org, in_event.other_org) == (
        ChangeType.TRANSFER_IN,
        tree.base_a,
        tree.base_b,
    )
    left.refresh_from_db()
    assert left.org == tree.base_a and left.events.count() == 2  # no transfer for a leaver
    assert kept.events.count() == 1
    assert active_member_count(org=tree.base_a) == 2
    row = AuditLog.objects.get(action="org.merge")
    assert row.changes == {"into": "兰州甲公司工会", "members_moved": 2}


def test_merge_moves_child_unions(staff, tree, make_member):
    member = make_member(tree.base_b)
    services.org_merge(actor=staff.city_admin, source=tree.donggang, target=tree.xiyuan)
    xiyuan = fresh(tree.xiyuan)
    assert {c.name for c in Org.objects.get_children(xiyuan)} == {
        "兰州甲公司工会",
        "兰州乙公司工会",
        "兰州丙公司工会",
    }
    assert fresh(tree.donggang).numchild == 0
    assert fresh(tree.donggang).status == OrgStatus.MERGED
    assert list(member_list(user=staff.sibling_admin)) == [member]
    assert Org.objects.find_problems() == ([], [], [], [], [])


def test_merge_redirects_pending_transfers(staff, tree, make_member):
    member = make_member(tree.base_c)
    transfer = transfer_request(actor=staff.base_c_admin, member=member, to_org=tree.base_b)
    services.org_merge(actor=staff.county_admin, source=tree.base_b, target=tree.base_a)
    transfer.refresh_from_db()
    assert transfer.to_org == tree.base_a


@pytest.mark.parametrize("direction", ["source_to_target", "target_to_source"])
def test_merge_settles_a_pending_transfer_between_the_two_unions(
    staff, tree, make_member, direction
):
    home, away = (
        (tree.base_b, tree.base_a)
        if direction == "source_to_target"
        else (tree.base_a, tree.base_b)
    )
    member = make_member(home)
    transfer = transfer_request(actor=staff.county_admin, member=member, to_org=away)
    services.org_merge(actor=staff.county_admin, source=tree.base_b, target=tree.base_a)
    transfer.refresh_from_db()
    member.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED
    assert (transfer.from_org, transfer.to_org) == (home, away)  # kept as asked
    assert member.org == tree.base_a
    assert list(transfer_list(user=staff.county_admin)) == []


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("base_a", "base_a", services.MERGE_SAME),
        ("donggang", "base_a", services.MERGE_INTO_DESCENDANT),
    ],
)
def test_merge_refuses_impossible_targets(staff, tree, source, target, message):
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.org_merge(
            actor=staff.county_admin, source=getattr(tree, source), target=getattr(tree, target)
        )
    assert exc.value.message == message
    assert snapshot() == before


def test_merge_into_an_out_of_scope_union_is_forbidden(staff, tree, make_member):
    make_member(tree.base_a)
    before = snapshot()
    with pytest.raises(Forbidden):
        services.org_merge(actor=staff.county_admin, source=tree.base_a, target=tree.base_c)
    after = snapshot()
    assert after[:3] == before[:3]
    assert after[3] == before[3] + 1


def test_merge_into_an_inactive_union_refused(staff, tree):
    services.org_dissolve(actor=staff.county_admin, org=tree.base_b)
    with pytest.raises(ApplicationError) as exc:
        services.org_merge(actor=staff.county_admin, source=tree.base_a, target=fresh(tree.base_b))
    assert exc.value.message == services.ORG_INACTIVE


# --- dissolve ------------------------------------------------------------------------------


def test_dissolve_refused_while_active_members_remain(staff, tree, make_member):
    member = make_member(tree.base_b)
    before = snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.org_dissolve(actor=staff.county_admin, org=tree.base_b)
    assert exc.value.message == DISSOLVE_HAS_MEMBERS.format(n=1)
    assert snapshot() == before
    member_leave(actor=staff.county_admin, member=member)
    services.org_dissolve(actor=staff.county_admin, org=tree.base_b)
    assert fresh(tree.base_b).status == OrgStatus.DISSOLVED


def test_dissolve_refused_while_active_children_remain(staff, tree):
    with pytest.raises(ApplicationError) as exc:
        services.org_dissolve(actor=staff.county_admin, org=tree.donggang)
    assert exc.value.message == services.DISSOLVE_HAS_CHILDREN.format(n=2)
    services.org_dissolve(actor=staff.county_admin, org=tree.base_a)
    services.org_dissolve(actor=staff.county_admin, org=tree.base_b)
    services.org_dissolve(actor=staff.county_admin, org=fresh(tree.donggang))
    assert fresh(tree.donggang).status == OrgStatus.DISSOLVED
    assert AuditLog.objects.filter(action="org.dissolve").count() == 3


def test_dissolve_twice_or_the_root_refused(staff, tree):
    services.org_dissolve(actor=staff.county_admin, org=tree.base_b)
    with pytest.raises(ApplicationError) as exc:
        services.org_dissolve(actor=staff.county_admin, org=fresh(tree.base_b))
    assert exc.value.message == services.ORG_INACTIVE
    with pytest.raises(ApplicationError) as exc:
        services.org_dissolve(actor=staff.sysadmin, org=tree.province)
    assert exc.value.message in (services.ROOT_FIXED, services.DISSOLVE_HAS_CHILDREN.format(n=2))


def test_dissolve_outside_scope_is_forbidden_and_audited(staff, tree):
    with pytest.raises(Forbidden):
        services.org_dissolve(actor=staff.sibling_admin, org=tree.base_b)
    assert fresh(tree.base_b).status == OrgStatus.ACTIVE
    row = AuditLog.objects.get()
    assert (row.action, row.result, row.actor) == ("access.denied", "denied", staff.sibling_admin)


def test_staff_of_a_base_union_cannot_touch_its_parent(staff, tree):
    with pytest.raises(Forbidden):
        services.org_update(actor=staff.base_admin, org=tree.donggang, name="改名")
    assert fresh(tree.donggang).name == "东岗西路街道工会"
    assert Transfer.objects.count() == 0


def test_dissolve_refused_while_retained_members_remain(tree, staff, make_member):
    from gonghui.members.services import member_retain

    member = make_member(tree.base_b)
    member_retain(actor=staff.sysadmin, member=member, reason="3")
    with pytest.raises(ApplicationError) as exc:
        services.org_dissolve(actor=staff.sysadmin, org=tree.base_b)
    assert exc.value.message == DISSOLVE_HAS_MEMBERS.format(n=1)
    tree.base_b.refresh_from_db()
    assert tree.base_b.status == "active"
