"""A studio's members: added from the host unit's subtree, removed with a confirmation, listed
(with the lead) masked on the studio page; the member-record panel."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.competitions.studios.member_pickers import studio_member_candidates
from gonghui.competitions.studios.services import members as m
from gonghui.competitions.studios.services import (
    studio_member_add,
    studio_member_remove,
    studio_review_decide,
)
from gonghui.conftest import login, message_pattern
from gonghui.core.errors import ApplicationError, Forbidden

pytestmark = pytest.mark.django_db


def test_add_and_remove_members(staff, tree, make_member, named_studio):
    member = make_member(tree.base_a, name="李徒弟", phone="13912345678")
    studio_member_add(actor=staff.base_admin, studio=named_studio, member=member)
    assert list(named_studio.members.all()) == [member]
    assert AuditLog.objects.filter(action="competitions.studio.member_add").count() == 1
    with pytest.raises(ApplicationError, match=message_pattern(m.ALREADY_MEMBER)):
        studio_member_add(actor=staff.base_admin, studio=named_studio, member=member)
    with pytest.raises(ApplicationError, match=message_pattern(m.MEMBER_IS_LEAD)):
        studio_member_add(actor=staff.base_admin, studio=named_studio, member=named_studio.lead)
    beside = make_member(tree.base_b, name="乙公司会员")
    with pytest.raises(ApplicationError, match=message_pattern(m.MEMBER_OUTSIDE)):
        studio_member_add(actor=staff.county_admin, studio=named_studio, member=beside)
    with pytest.raises(Forbidden):
        studio_member_add(actor=staff.base_c_admin, studio=named_studio, member=member)
    studio_member_remove(actor=staff.base_admin, studio=named_studio, member=member)
    assert not named_studio.members.exists()
    with pytest.raises(ApplicationError, match=message_pattern(m.NOT_A_MEMBER)):
        studio_member_remove(actor=staff.base_admin, studio=named_studio, member=member)


def test_a_revoked_studio_keeps_its_members(staff, tree, make_member, named_studio):
    studio_review_decide(
        actor=staff.city_admin, studio=named_studio, result="revoke", reason="长期无活动"
    )
    with pytest.raises(ApplicationError, match=m.CLOSED):
        studio_member_add(
            actor=staff.base_admin, studio=named_studio, member=make_member(tree.base_a)
        )
    assert not named_studio.members.exists()


def test_the_picker_offers_the_host_units_subtree(staff, tree, make_member, named_studio):
    inside = make_member(tree.base_a, name="甲公司会员")
    make_member(tree.base_b, name="乙公司会员")
    offered = set(studio_member_candidates(staff.county_admin, named_studio.pk))
    assert inside in offered and all(x.org_id == tree.base_a.pk for x in offered)


def test_member_pages(staff, tree, make_member, named_studio):
    member = make_member(
        tree.base_a, name="李徒弟", id_number="620102198506060044", phone="13912345678"
    )
    client = login(staff.base_admin)
    url = f"/competitions/studios/{named_studio.pk}/members/add/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"member": ""}).status_code == 400
    assert client.post(url, {"member": member.pk}).status_code == 302
    assert list(named_studio.members.all()) == [member]
    page = client.get(f"/competitions/studios/{named_studio.pk}/").content.decode()
    assert "李徒弟" in page and named_studio.lead.name in page and "领衔人" in page
    assert member.id_number_masked in page and member.phone_masked in page
    assert "620102198506060044" not in page and "13912345678" not in page
    remove = f"/competitions/studios/{named_studio.pk}/members/{member.pk}/remove/"
    assert "确认移除" in client.get(remove).content.decode()
    assert named_studio.members.exists()  # the GET asks, removes nothing
    assert client.post(remove).status_code == 302
    assert not named_studio.members.exists()
    assert client.get(remove).status_code == 404  # no longer a member
    # Another union's studio answers as a missing one.
    outsider = login(staff.base_c_admin)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"member": member.pk}).status_code == 404


def test_the_member_record_panel(staff, tree, make_member, named_studio):
    member = make_member(tree.base_a, name="李徒弟")
    studio_member_add(actor=staff.base_admin, studio=named_studio, member=member)
    page = login(staff.county_admin).get(f"/members/{member.pk}/").content.decode()
    assert 'data-panel="studios"' in page and named_studio.name in page and "成员" in page
    lead_page = login(staff.county_admin).get(f"/members/{named_studio.lead_id}/")
    assert "领衔人" in lead_page.content.decode()
    other = make_member(tree.base_a, name="无关会员")
    assert (
        'data-panel="studios"'
        not in login(staff.county_admin).get(f"/members/{other.pk}/").content.decode()
    )
