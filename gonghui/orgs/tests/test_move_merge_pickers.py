"""The move and merge pages' picker purposes: what each offers, and what the forms refuse."""

import pytest
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.orgs.forms import OrgMergeForm, OrgMoveForm
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.org_pickers import merge_targets, move_parents
from gonghui.orgs.pickers import org_pickers

pytestmark = pytest.mark.django_db


def names(queryset) -> set[str]:
    return {o.name for o in queryset}


def test_move_offers_higher_regional_unions_for_a_regional_one(staff, tree):
    # 东岗西路街道 (a 街道) under 城关区 now: the other county of the city, or the city itself.
    assert names(move_parents(staff.city_admin, tree.donggang.pk)) == {
        "兰州市总工会",
        "七里河区总工会",
    }
    # Within 城关区 there is no other county: nothing (not its own parent, not a company).
    assert names(move_parents(staff.county_admin, tree.donggang.pk)) == set()


def test_move_offers_any_union_outside_its_branch_for_a_base_union(staff, tree):
    assert names(move_parents(staff.county_admin, tree.base_b.pk)) == {
        "城关区总工会",
        "兰州甲公司工会",
    }
    tree.base_a.status = OrgStatus.DISSOLVED
    tree.base_a.save()
    assert names(move_parents(staff.county_admin, tree.base_b.pk)) == {"城关区总工会"}


def test_merge_offers_unions_of_the_same_kind(staff, tree):
    # A 街道 into a 街道 (not into a county or a company).
    assert names(merge_targets(staff.city_admin, tree.xiyuan.pk)) == {"东岗西路街道工会"}
    # A company union into a union that holds members (not into a county union).
    assert names(merge_targets(staff.county_admin, tree.base_b.pk)) == {
        "东岗西路街道工会",
        "兰州甲公司工会",
    }
    # Never into itself or below itself.
    assert names(merge_targets(staff.county_admin, tree.donggang.pk)) == set()


def test_an_org_outside_the_subtree_gets_nothing(staff, tree):
    assert not move_parents(staff.county_admin, tree.base_c.pk).exists()
    assert not merge_targets(staff.county_admin, tree.base_c.pk).exists()
    params = {"org": tree.base_b.pk}
    assert tree.base_c not in org_pickers.queryset("org_move_parent", staff.county_admin, params)
    assert tree.base_c not in org_pickers.queryset("org_merge_target", staff.county_admin, params)


def test_the_forms_refuse_a_union_of_the_wrong_type(staff, tree):
    form = OrgMoveForm({"target": tree.base_a.pk}, user=staff.county_admin, org=tree.donggang)
    assert not form.is_valid()
    assert form.errors["target"] == [OrgMoveForm.refused]
    form = OrgMergeForm({"target": tree.qilihe.pk}, user=staff.city_admin, org=tree.xiyuan)
    assert form.errors["target"] == [OrgMergeForm.refused]
    form = OrgMergeForm({"target": tree.donggang.pk}, user=staff.city_admin, org=tree.xiyuan)
    assert form.is_valid() and form.cleaned_data["target"] == tree.donggang


@pytest.mark.parametrize(
    ("name", "org", "target"),
    [("orgs:move", "donggang", "base_a"), ("orgs:merge", "base_b", "chengguan")],
)
def test_the_pages_refuse_a_wrong_type_and_change_nothing(client, staff, tree, name, org, target):
    paths = dict(Org.objects.values_list("pk", "path"))
    client.force_login(staff.county_admin)
    url = reverse(name, args=[getattr(tree, org).pk])
    response = client.get(url, {"step": "confirm", "target": getattr(tree, target).pk})
    page = response.content.decode()
    assert response.status_code == 200 and "确认移动" not in page and "确认合并" not in page
    response = client.post(url, {"target": getattr(tree, target).pk})
    assert response.status_code == 200
    refused = OrgMoveForm.refused if name == "orgs:move" else OrgMergeForm.refused
    assert refused in response.content.decode()
    assert dict(Org.objects.values_list("pk", "path")) == paths
    assert Org.objects.get(pk=getattr(tree, org).pk).status == OrgStatus.ACTIVE
    assert not AuditLog.objects.filter(action__in=["org.move", "org.merge"]).exists()


def test_reselect_brings_the_target_back_preselected(client, staff, tree):
    client.force_login(staff.city_admin)
    page = client.get(
        reverse("orgs:move", args=[tree.donggang.pk]), {"target": tree.qilihe.pk}
    ).content.decode()
    assert f'name="target" value="{tree.qilihe.pk}"' in page
    assert "甘肃省总工会 › 兰州市总工会 › 七里河区总工会" in page
