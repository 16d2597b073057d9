import pytest
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.services import DISSOLVE_HAS_MEMBERS, USCC_INVALID

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
    assert "找不到该工会组织，或您无权查看。" in html(response)
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
