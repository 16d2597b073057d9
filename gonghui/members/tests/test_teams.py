"""Teams' rules: scope, unique names, who may join, headcount, leaving on transfer or 退会."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.members.models import Team, TeamKind, TeamMember
from gonghui.members.services import member_leave, transfer_approve, transfer_request
from gonghui.members.teams import services as svc
from gonghui.members.teams.selectors import TEAM_NOT_FOUND, access_team_by_id, team_list


@pytest.fixture
def team(tree, staff):
    return svc.team_create(actor=staff.county_admin, org=tree.base_a, name="焊接一班")


def test_create_is_audited(tree, staff, team):
    assert team.org == tree.base_a and team.kind == TeamKind.TEAM and team.headcount == 0
    row = AuditLog.objects.get(action="team.create")
    assert row.object_id == str(team.pk) and row.changes["name"] == "焊接一班"


def test_name_unique_per_union_only(tree, staff, team):
    with pytest.raises(Conflict) as exc:
        svc.team_create(actor=staff.county_admin, org=tree.base_a, name=" 焊接一班 ")
    assert exc.value.message == svc.DUPLICATE_NAME.format(org=tree.base_a.name, name="焊接一班")
    other = svc.team_create(actor=staff.county_admin, org=tree.base_b, name="焊接一班")
    assert other.pk != team.pk
    assert Team.objects.filter(name="焊接一班").count() == 2


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("", TeamKind.TEAM, svc.NAME_REQUIRED),
        ("x" * 51, TeamKind.TEAM, svc.NAME_TOO_LONG),
        ("检修", "crew", svc.KIND_INVALID),
    ],
)
def test_create_refusals(tree, staff, name, kind, message):
    with pytest.raises(ApplicationError) as exc:
        svc.team_create(actor=staff.county_admin, org=tree.base_a, name=name, kind=kind)
    assert exc.value.message == message
    assert not Team.objects.exists() and not AuditLog.objects.filter(action="team.create").exists()


def test_create_outside_scope_is_refused_and_audited(tree, staff):
    with pytest.raises(Forbidden):
        svc.team_create(actor=staff.sibling_admin, org=tree.base_a, name="检修车间")
    assert not Team.objects.exists()
    assert AuditLog.objects.filter(action="access.denied", actor=staff.sibling_admin).exists()


def test_team_needs_a_union_that_holds_members(tree, staff):
    with pytest.raises(ApplicationError) as exc:
        svc.team_create(actor=staff.county_admin, org=tree.chengguan, name="检修车间")
    assert exc.value.message == svc.ORG_NOT_HOLDING.format(name=tree.chengguan.name)


def test_leader_joins_and_must_belong_to_the_union(tree, staff, make_member):
    leader = make_member(tree.base_a, name="李班长")
    outsider = make_member(tree.base_c, name="王外")
    with pytest.raises(ApplicationError) as exc:
        svc.team_create(actor=staff.county_admin, org=tree.base_a, name="一班", leader=outsider)
    assert exc.value.message == svc.LEADER_NOT_ELIGIBLE.format(org=tree.base_a.name)
    team = svc.team_create(actor=staff.county_admin, org=tree.base_a, name="一班", leader=leader)
    assert team.leader == leader and team.headcount == 1
    assert TeamMember.objects.get(team=team).member == leader


def test_add_and_remove_keep_headcount(tree, staff, make_member, team):
    a, b = make_member(tree.base_a, name="甲"), make_member(tree.base_a, name="乙")
    svc.team_add_member(actor=staff.county_admin, team=team, member=a, role="焊工")
    svc.team_add_member(actor=staff.county_admin, team=team, member=b)
    team.refresh_from_db()
    assert team.headcount == 2 == team.memberships.count()
    with pytest.raises(Conflict) as exc:
        svc.team_add_member(actor=staff.county_admin, team=team, member=a)
    assert exc.value.message == svc.ALREADY_IN_TEAM.format(name="甲", team=team.name)
    svc.team_remove_member(actor=staff.county_admin, team=team, member=a)
    team.refresh_from_db()
    assert team.headcount == 1 == team.memberships.count()
    with pytest.raises(ApplicationError) as exc:
        svc.team_remove_member(actor=staff.county_admin, team=team, member=a)
    assert exc.value.message == svc.NOT_IN_TEAM.format(name="甲", team=team.name)
    assert AuditLog.objects.filter(action="team.member_add").count() == 2
    assert AuditLog.objects.filter(action="team.member_remove").count() == 1


def test_only_active_members_of_the_union_join(tree, staff, make_member, team):
    outsider = make_member(tree.base_b, name="外人")
    gone = make_member(tree.base_a, name="已退")
    member_leave(actor=staff.county_admin, member=gone)
    for member in (outsider, gone):
        with pytest.raises(ApplicationError) as exc:
            svc.team_add_member(actor=staff.county_admin, team=team, member=member)
        assert exc.value.message == svc.MEMBER_NOT_ELIGIBLE.format(
            name=member.name, org=tree.base_a.name
        )
    team.refresh_from_db()
    assert team.headcount == 0


def test_removing_the_leader_clears_the_post(tree, staff, make_member):
    leader = make_member(tree.base_a, name="李班长")
    team = svc.team_create(actor=staff.county_admin, org=tree.base_a, name="一班", leader=leader)
    svc.team_remove_member(actor=staff.county_admin, team=team, member=leader)
    team.refresh_from_db()
    assert team.leader is None and team.headcount == 0


def test_deactivated_team_takes_no_changes(tree, staff, make_member, team):
    svc.team_deactivate(actor=staff.county_admin, team=team)
    member = make_member(tree.base_a)
    with pytest.raises(ApplicationError) as exc:
        svc.team_add_member(actor=staff.county_admin, team=team, member=member)
    assert exc.value.message == svc.TEAM_INACTIVE.format(name=team.name)
    with pytest.raises(ApplicationError) as exc:
        svc.team_deactivate(actor=staff.county_admin, team=team)
    assert exc.value.message == svc.ALREADY_INACTIVE.format(name=team.name)


def test_update_records_changes(tree, staff, make_member, team):
    leader = make_member(tree.base_a, name="赵")
    svc.team_update(
        actor=staff.county_admin, team=team, name="焊接二班", kind=TeamKind.WORKSHOP, leader=leader
    )
    team.refresh_from_db()
    assert (team.name, team.kind, team.leader, team.headcount) == (
        "焊接二班",
        TeamKind.WORKSHOP,
        leader,
        1,
    )
    row = AuditLog.objects.get(action="team.update")
    assert row.changes["name"] == ["焊接一班", "焊接二班"]


def test_member_leaves_teams_on_transfer_out(tree, staff, make_member, team):
    member = make_member(tree.base_a, name="转走")
    svc.team_add_member(actor=staff.county_admin, team=team, member=member)
    transfer = transfer_request(actor=staff.county_admin, member=member, to_org=tree.base_d)
    transfer_approve(actor=staff.tianshui_admin, transfer=transfer)
    team.refresh_from_db()
    assert team.headcount == 0 and not TeamMember.objects.filter(member=member).exists()
    assert AuditLog.objects.filter(action="team.member_left", object_id=str(team.pk)).exists()


def test_member_leaves_teams_on_leaving_the_union(tree, staff, make_member, team):
    member = make_member(tree.base_a)
    svc.team_add_member(actor=staff.county_admin, team=team, member=member)
    member_leave(actor=staff.county_admin, member=member)
    team.refresh_from_db()
    assert team.headcount == 0


def test_scope_of_reads(tree, staff, team):
    assert list(team_list(user=staff.county_admin)) == [team]
    assert list(team_list(user=staff.sibling_admin)) == []
    assert list(team_list(user=staff.county_admin, q="焊接")) == [team]
    assert list(team_list(user=staff.county_admin, q="检修")) == []
    from gonghui.core.errors import NotFound

    with pytest.raises(NotFound) as exc:
        access_team_by_id(staff.sibling_admin, team.pk)
    assert exc.value.message == TEAM_NOT_FOUND


def test_a_merge_moves_the_teams_with_their_people(tree, staff, make_member, team):
    from gonghui.orgs.services import org_merge

    member = make_member(tree.base_a, name="随迁")
    svc.team_add_member(actor=staff.county_admin, team=team, member=member)
    same_name = svc.team_create(actor=staff.county_admin, org=tree.base_b, name="焊接一班")
    org_merge(actor=staff.county_admin, source=tree.base_a, target=tree.base_b)
    team.refresh_from_db()
    assert team.org_id == tree.base_b.pk
    assert team.name == svc.MERGED_NAME.format(name="焊接一班", source=tree.base_a.name)
    assert same_name.name == "焊接一班" and team.headcount == 1
    row = AuditLog.objects.get(action="org.merge")
    assert row.changes["teams_moved"] == 1
