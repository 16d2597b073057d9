"""Teams' pages and API: scope, search, adding through the picker, refusals shown."""

from gonghui.conftest import PASSWORD, login
from gonghui.members.models import Team, TeamMember
from gonghui.members.teams import services as svc
from gonghui.members.teams.forms import TeamMemberAddForm

JSON = "application/json"


def _team(tree, staff, name="检修车间", org=None):
    return svc.team_create(actor=staff.county_admin, org=org or tree.base_a, name=name)


def test_list_is_scoped_and_searchable(tree, staff):
    _team(tree, staff)
    svc.team_create(actor=staff.sysadmin, org=tree.base_c, name="七里河班组")
    page = login(staff.county_admin).get("/members/teams/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "检修车间" in text and "七里河班组" not in text
    found = login(staff.sysadmin).get("/members/teams/", {"q": "七里河"}).content.decode()
    assert "七里河班组" in found and "检修车间" not in found


def test_detail_outside_scope_answers_as_missing(tree, staff):
    team = _team(tree, staff)
    assert login(staff.sibling_admin).get(f"/members/teams/{team.pk}/").status_code == 404
    assert login(staff.sibling_admin).get("/members/teams/999999/").status_code == 404


def test_create_through_the_page(tree, staff):
    response = login(staff.county_admin).post(
        "/members/teams/new/", {"org": tree.base_b.pk, "name": "焊接一班", "kind": "team"}
    )
    team = Team.objects.get(name="焊接一班")
    assert response.status_code == 302 and response["Location"] == f"/members/teams/{team.pk}/"
    again = login(staff.county_admin).post(
        "/members/teams/new/", {"org": tree.base_b.pk, "name": "焊接一班", "kind": "team"}
    )
    assert again.status_code == 409
    assert (
        svc.DUPLICATE_NAME.format(org=tree.base_b.name, name="焊接一班") in again.content.decode()
    )


def test_add_member_with_the_picker_and_remove_with_confirmation(tree, staff, make_member):
    team = _team(tree, staff)
    member = make_member(tree.base_a, name="王焊工")
    client = login(staff.county_admin)
    response = client.post(
        f"/members/teams/{team.pk}/members/", {"member": member.pk, "role": "焊工"}
    )
    assert response.status_code == 302
    membership = TeamMember.objects.get(team=team)
    assert membership.member == member and membership.role == "焊工"
    page = client.get(f"/members/teams/{team.pk}/").content.decode()
    assert "王焊工" in page and member.id_number not in page
    confirm = client.get(f"/members/teams/{team.pk}/members/{membership.pk}/remove/")
    assert "确认移出" in confirm.content.decode()
    assert TeamMember.objects.filter(team=team).exists()
    client.post(f"/members/teams/{team.pk}/members/{membership.pk}/remove/")
    assert not TeamMember.objects.filter(team=team).exists()


def test_picker_offers_only_the_unions_active_members(tree, staff, make_member):
    team = _team(tree, staff)
    make_member(tree.base_a, name="王在班")
    make_member(tree.base_b, name="王邻厂")
    form = TeamMemberAddForm(user=staff.county_admin, team=team)
    token = form.fields["member"].widget.token
    found = login(staff.county_admin).get("/members/pick/", {"t": token, "q": "王"})
    text = found.content.decode()
    assert "王在班" in text and "王邻厂" not in text
    neighbour = make_member(tree.base_b, name="李邻厂")
    refused = login(staff.county_admin).post(
        f"/members/teams/{team.pk}/members/", {"member": neighbour.pk}
    )
    assert refused.status_code == 400
    assert not TeamMember.objects.filter(member=neighbour).exists()


def test_team_picker_endpoint(tree, staff):
    from gonghui.members.teams.pickers import TeamPickerField
    from gonghui.orgs.pickers import SearchText

    _team(tree, staff, name="焊接一班")
    svc.team_create(actor=staff.sysadmin, org=tree.base_c, name="焊接二班")
    field = TeamPickerField(label="班组", purpose="team_in_scope").for_user(staff.county_admin)
    found = login(staff.county_admin).get(
        "/members/teams/pick/", {"t": field.widget.token, "q": "焊接"}
    )
    text = found.content.decode()
    assert "焊接一班" in text and "焊接二班" not in text
    assert field.clean(SearchText("焊接")) == Team.objects.get(name="焊接一班")


def _auth(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token", {"username": user.username, "password": PASSWORD}, content_type=JSON
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_api_list_and_create(tree, staff, client):
    headers = _auth(client, staff.county_admin)
    created = client.post(
        "/api/v1/teams",
        {"org_id": tree.base_a.pk, "name": "检修车间", "kind": "workshop"},
        content_type=JSON,
        **headers,
    )
    assert created.status_code == 201
    assert created.json()["kind"] == "workshop" and created.json()["headcount"] == 0
    duplicate = client.post(
        "/api/v1/teams",
        {"org_id": tree.base_a.pk, "name": "检修车间"},
        content_type=JSON,
        **headers,
    )
    assert duplicate.status_code == 409
    listed = client.get("/api/v1/teams", {"org": tree.base_a.pk, "q": "检修"}, **headers).json()
    assert listed["count"] == 1 and listed["items"][0]["name"] == "检修车间"
    other = _auth(client, staff.sibling_admin)
    assert client.get("/api/v1/teams", **other).json()["count"] == 0
    assert client.get("/api/v1/teams", {"org": tree.base_a.pk}, **other).status_code == 404
    outside = client.post(
        "/api/v1/teams", {"org_id": tree.base_a.pk, "name": "X"}, content_type=JSON, **other
    )
    assert outside.status_code == 404
