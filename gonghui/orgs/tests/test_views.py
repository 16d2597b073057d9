import re

import pytest
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.members.models import Member
from gonghui.members.org_handlers import DISSOLVE_HAS_MEMBERS
from gonghui.orgs.forms import OrgMoveForm
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.selectors import ORG_NOT_FOUND
from gonghui.orgs.services import USCC_INVALID
from gonghui.orgs.tests.picking import picker_offers
from gonghui.orgs.views import MERGE_CONSEQUENCE, MOVE_CONSEQUENCE

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_home_starts_at_the_top_of_the_users_scope(client, staff, tree, make_member):
    make_member(tree.base_a)
    client.force_login(staff.county_admin)
    response = client.get(reverse("orgs:home"))
    assert response.status_code == 200
    page = html(response)
    assert "城关区总工会" in page and "东岗西路街道工会" in page
    assert "兰州市总工会" not in page and "七里河区总工会" not in page
    # The street union has children: they are loaded on demand.
    assert reverse("orgs:children", args=[tree.donggang.pk]) in page
    assert "1 名会员" in page


def test_children_fragment(client, staff, tree, make_member):
    make_member(tree.base_b)
    make_member(tree.base_b)
    client.force_login(staff.county_admin)
    response = client.get(reverse("orgs:children", args=[tree.donggang.pk]), HTTP_HX_REQUEST="true")
    page = html(response)
    assert "<html" not in page
    assert "兰州甲公司工会" in page and "兰州乙公司工会" in page
    assert "2 名会员" in page
    assert reverse("orgs:detail", args=[tree.base_b.pk]) in page


def test_children_of_an_org_outside_scope_is_not_found(client, staff, tree):
    client.force_login(staff.county_admin)
    assert client.get(reverse("orgs:children", args=[tree.qilihe.pk])).status_code == 404


def test_detail_breadcrumb_stays_within_scope(client, staff, tree, make_member):
    make_member(tree.base_a)
    client.force_login(staff.county_admin)
    response = client.get(reverse("orgs:detail", args=[tree.base_a.pk]))
    assert response.status_code == 200
    assert [a.name for a in response.context["ancestors"]] == ["城关区总工会", "东岗西路街道工会"]
    page = html(response)
    assert "兰州市总工会" not in page and "甘肃省总工会" not in page
    assert f"{reverse('members:list')}?org={tree.base_a.pk}" in page
    assert "查看会员（1）" in page
    assert response.context["member_count"] == 1


def test_detail_lists_children(client, staff, tree):
    client.force_login(staff.city_admin)
    page = html(client.get(reverse("orgs:detail", args=[tree.lanzhou.pk])))
    assert "城关区总工会" in page and "七里河区总工会" in page


def test_sibling_county_org_is_not_found_and_audited(client, staff, tree):
    client.force_login(staff.county_admin)
    response = client.get(reverse("orgs:detail", args=[tree.base_c.pk]))
    assert response.status_code == 404
    assert ORG_NOT_FOUND in html(response)
    assert "兰州丙公司工会" not in html(response)
    row = AuditLog.objects.get(action="access.denied", object_id=str(tree.base_c.pk))
    assert row.result == "denied" and row.actor == staff.county_admin


def test_management_buttons_only_for_org_managers(client, staff, tree):
    client.force_login(staff.county_staff)
    page = html(client.get(reverse("orgs:detail", args=[tree.donggang.pk])))
    assert "新建下级工会" not in page
    assert client.get(reverse("orgs:edit", args=[tree.donggang.pk])).status_code == 403
    client.force_login(staff.county_admin)
    page = html(client.get(reverse("orgs:detail", args=[tree.donggang.pk])))
    assert "新建下级工会" in page and reverse("orgs:dissolve", args=[tree.donggang.pk]) in page


def test_create_child(client, staff, tree):
    client.force_login(staff.county_admin)
    url = reverse("orgs:create_child", args=[tree.donggang.pk])
    form = client.get(url).context["form"]
    assert form["division_code"].value() == tree.donggang.division_code
    response = client.post(
        url,
        {"name": "兰州戊公司工会", "org_type": "base", "division_code": "", "workers_count": "35"},
    )
    child = Org.objects.get(name="兰州戊公司工会")
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:detail", args=[child.pk])
    assert Org.objects.get_parent(child) == tree.donggang
    assert child.division_code == tree.donggang.division_code  # blank: taken from the parent
    assert child.workers_count == 35
    assert AuditLog.objects.filter(action="org.create", object_id=str(child.pk)).exists()


def test_create_child_shows_errors_in_chinese_and_keeps_input(client, staff, tree):
    client.force_login(staff.county_admin)
    url = reverse("orgs:create_child", args=[tree.donggang.pk])
    response = client.post(
        url,
        {
            "name": "兰州戊公司工会",
            "org_type": "base",
            "uscc": "91620100123456789X",
            "workers_count": "35",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["uscc"] == [USCC_INVALID]
    page = html(response)
    assert USCC_INVALID in page
    assert 'value="兰州戊公司工会"' in page and 'value="91620100123456789X"' in page
    response = client.post(url, {"name": "", "org_type": "", "workers_count": "35"})
    errors = response.context["form"].errors
    assert errors["name"] == ["请填写工会名称。"] and errors["org_type"] == ["请选择工会类型。"]


def test_edit(client, staff, tree):
    client.force_login(staff.county_admin)
    url = reverse("orgs:edit", args=[tree.base_b.pk])
    form = client.get(url).context["form"]
    assert form["name"].value() == "兰州乙公司工会"
    data = {
        "name": "兰州乙集团工会",
        "org_type": "base",
        "division_code": "620102001000",
        "chair_name": "陈主席",
        "workers_count": "120",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    org = Org.objects.get(pk=tree.base_b.pk)
    assert org.name == "兰州乙集团工会" and org.chair_name == "陈主席"
    assert AuditLog.objects.filter(action="org.update", object_id=str(org.pk)).exists()


def test_dissolve_asks_for_confirmation_first(client, staff, tree):
    client.force_login(staff.county_admin)
    url = reverse("orgs:dissolve", args=[tree.base_b.pk])
    response = client.get(url)
    assert "确认撤销「兰州乙公司工会」？" in html(response)
    assert Org.objects.get(pk=tree.base_b.pk).status == OrgStatus.ACTIVE
    response = client.post(url)
    assert response.status_code == 302
    assert Org.objects.get(pk=tree.base_b.pk).status == OrgStatus.DISSOLVED


def test_dissolve_refused_while_members_remain(client, staff, tree, make_member):
    make_member(tree.base_b)
    client.force_login(staff.county_admin)
    response = client.post(reverse("orgs:dissolve", args=[tree.base_b.pk]))
    assert response.status_code == 200
    assert DISSOLVE_HAS_MEMBERS.format(n=1) in html(response)
    assert Org.objects.get(pk=tree.base_b.pk).status == OrgStatus.ACTIVE


def fresh(org: Org) -> Org:
    return Org.objects.get(pk=org.pk)


def offered(client, url: str, q: str) -> set[str]:
    """The unions the page's target picker offers for `q`."""
    page = html(client.get(url))
    return set(re.findall(r'data-label="([^"]+)"', picker_offers(client, page, "target", q)))


def test_move_and_merge_offered_to_org_managers_except_on_the_root(client, staff, tree):
    client.force_login(staff.county_admin)
    page = html(client.get(reverse("orgs:detail", args=[tree.donggang.pk])))
    assert reverse("orgs:move", args=[tree.donggang.pk]) in page
    assert reverse("orgs:merge", args=[tree.donggang.pk]) in page
    client.force_login(staff.county_staff)
    page = html(client.get(reverse("orgs:detail", args=[tree.donggang.pk])))
    assert reverse("orgs:move", args=[tree.donggang.pk]) not in page
    client.force_login(staff.sysadmin)
    page = html(client.get(reverse("orgs:detail", args=[tree.province.pk])))
    assert "新建下级工会" in page
    assert reverse("orgs:move", args=[tree.province.pk]) not in page
    assert reverse("orgs:merge", args=[tree.province.pk]) not in page


def test_move_via_the_pages(client, staff, tree, make_member):
    make_member(tree.base_a)
    make_member(tree.base_b)
    client.force_login(staff.city_admin)
    url = reverse("orgs:move", args=[tree.donggang.pk])

    assert offered(client, url, "七里河") == {"七里河区总工会"}

    response = client.get(url, {"step": "confirm", "target": tree.qilihe.pk})
    expected = MOVE_CONSEQUENCE.format(
        org="东岗西路街道工会", orgs=2, members=2, target="七里河区总工会"
    )
    assert (
        expected == "「东岗西路街道工会」及其下级 2 个工会、2 名会员将移到「七里河区总工会」之下。"
    )
    assert expected in html(response)
    assert "确认移动" in html(response)
    assert Org.objects.get_parent(fresh(tree.donggang)) == tree.chengguan  # not yet

    response = client.post(url, {"target": tree.qilihe.pk}, follow=True)
    assert response.redirect_chain == [(reverse("orgs:detail", args=[tree.donggang.pk]), 302)]
    assert "已将「东岗西路街道工会」移到「七里河区总工会」之下。" in html(response)
    donggang = fresh(tree.donggang)
    assert Org.objects.get_parent(donggang) == tree.qilihe
    assert donggang.path.startswith(tree.qilihe.path)
    assert fresh(tree.base_a).path.startswith(donggang.path)
    row = AuditLog.objects.get(action="org.move", object_id=str(donggang.pk))
    assert row.actor == staff.city_admin
    assert row.changes == {"parent": ["城关区总工会", "七里河区总工会"]}


def test_move_into_its_own_branch_is_refused_and_changes_nothing(client, staff, tree):
    paths = dict(Org.objects.values_list("pk", "path"))
    client.force_login(staff.city_admin)
    url = reverse("orgs:move", args=[tree.chengguan.pk])
    # The search does not offer the branch ...
    assert offered(client, url, "东岗") == set()
    # ... and a hand-made request is refused, with the reason.
    response = client.post(url, {"target": tree.donggang.pk})
    assert response.status_code == 200
    assert OrgMoveForm.refused in html(response)
    assert dict(Org.objects.values_list("pk", "path")) == paths
    assert not AuditLog.objects.filter(action="org.move").exists()


def test_merge_via_the_pages(client, staff, tree, make_member):
    own = [make_member(tree.xiyuan), make_member(tree.xiyuan)]
    below = make_member(tree.base_c)
    client.force_login(staff.city_admin)
    url = reverse("orgs:merge", args=[tree.xiyuan.pk])

    assert offered(client, url, "东岗") == {"东岗西路街道工会"}

    response = client.get(url, {"step": "confirm", "target": tree.donggang.pk})
    page = html(response)
    assert (
        MERGE_CONSEQUENCE.format(org="西园街道工会", target="东岗西路街道工会")
        == "「西园街道工会」的会员将转入「东岗西路街道工会」，下级工会移到「东岗西路街道工会」之下，"
        "「西园街道工会」标记为已合并，此操作不可撤销。"
    )
    assert MERGE_CONSEQUENCE.format(org="西园街道工会", target="东岗西路街道工会") in page
    assert "确认合并" in page
    assert fresh(tree.xiyuan).status == OrgStatus.ACTIVE  # not yet

    response = client.post(url, {"target": tree.donggang.pk}, follow=True)
    assert response.redirect_chain == [(reverse("orgs:detail", args=[tree.donggang.pk]), 302)]
    assert "已将「西园街道工会」合并到「东岗西路街道工会」。" in html(response)
    xiyuan = fresh(tree.xiyuan)
    assert xiyuan.status == OrgStatus.MERGED and xiyuan.merged_into == tree.donggang
    assert {m.org_id for m in Member.objects.filter(pk__in=[m.pk for m in own])} == {
        tree.donggang.pk
    }
    assert Member.objects.get(pk=below.pk).org_id == tree.base_c.pk
    assert Org.objects.get_parent(fresh(tree.base_c)) == tree.donggang
    assert AuditLog.objects.filter(action="org.merge", object_id=str(xiyuan.pk)).exists()


def test_confirmation_needs_a_chosen_union(client, staff, tree):
    client.force_login(staff.county_admin)
    response = client.get(reverse("orgs:merge", args=[tree.base_b.pk]), {"step": "confirm"})
    assert response.status_code == 200
    assert "请先查找并选择一个工会。" in html(response)
    # Typed text that names several unions lists them to choose from (without JavaScript).
    response = client.get(
        reverse("orgs:merge", args=[tree.base_b.pk]), {"step": "confirm", "target_q": "工会"}
    )
    assert "请在下面选择一个" in html(response)
    assert f'name="target" value="{tree.base_a.pk}"' in html(response)


@pytest.mark.parametrize("name", ["orgs:move", "orgs:merge"])
def test_pages_for_an_org_outside_scope_are_not_found(client, staff, tree, name):
    client.force_login(staff.county_admin)
    response = client.get(reverse(name, args=[tree.base_c.pk]))
    assert response.status_code == 404
    assert ORG_NOT_FOUND in html(response)
    response = client.post(reverse(name, args=[tree.base_c.pk]), {"target": tree.base_a.pk})
    assert response.status_code == 404
    assert fresh(tree.base_c).status == OrgStatus.ACTIVE


@pytest.mark.parametrize("name", ["orgs:move", "orgs:merge"])
def test_a_target_outside_scope_is_not_found_and_nothing_changes(
    client, staff, tree, make_member, name
):
    member = make_member(tree.base_b)
    client.force_login(staff.county_admin)
    url = reverse(name, args=[tree.base_b.pk])
    response = client.get(url, {"step": "confirm", "target": tree.base_c.pk})
    assert response.status_code == 404
    assert "兰州丙公司工会" not in html(response)
    response = client.post(url, {"target": tree.base_c.pk})
    assert response.status_code == 404
    base_b = fresh(tree.base_b)
    assert base_b.status == OrgStatus.ACTIVE and base_b.path == tree.base_b.path
    assert Member.objects.get(pk=member.pk).org_id == tree.base_b.pk
    assert AuditLog.objects.filter(
        action="access.denied", object_id=str(tree.base_c.pk), actor=staff.county_admin
    ).exists()


@pytest.mark.parametrize("name", ["orgs:move", "orgs:merge"])
def test_pages_need_org_manage(client, staff, tree, name):
    client.force_login(staff.county_staff)
    url = reverse(name, args=[tree.base_b.pk])
    assert client.get(url, {"q": "公司"}).status_code == 403
    assert client.post(url, {"target": tree.base_a.pk}).status_code == 403
    base_b = fresh(tree.base_b)
    assert base_b.status == OrgStatus.ACTIVE and base_b.path == tree.base_b.path


def test_search_lists_only_orgs_inside_the_users_subtree(client, staff, tree):
    client.force_login(staff.county_admin)
    move_url = reverse("orgs:move", args=[tree.base_b.pk])
    # Not itself, and not its current parent (it is there already).
    assert offered(client, move_url, "工会") == {"城关区总工会", "兰州甲公司工会"}
    merge_url = reverse("orgs:merge", args=[tree.base_b.pk])
    assert offered(client, merge_url, "公司") == {"兰州甲公司工会"}
    assert offered(client, merge_url, "街道") == {"东岗西路街道工会"}
    assert offered(client, merge_url, "天水") == set()
    assert offered(client, merge_url, "七里河") == set()
