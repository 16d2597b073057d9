"""The notice form's 发布范围 picker (purpose `notice_target`) and the form that uses it."""

import pytest

from gonghui.notices.forms import NoticeForm
from gonghui.notices.models import NoticeStatus
from gonghui.orgs.models import OrgStatus
from gonghui.orgs.pickers import org_pickers

pytestmark = pytest.mark.django_db


def offered(user, publisher) -> set[str]:
    return {o.name for o in org_pickers.queryset("notice_target", user, {"publisher": publisher})}


def test_the_publisher_and_regional_unions_two_levels_below(staff, tree):
    assert offered(staff.county_admin, tree.chengguan.pk) == {"城关区总工会", "东岗西路街道工会"}
    assert offered(staff.city_admin, tree.lanzhou.pk) == {
        "兰州市总工会",
        "城关区总工会",
        "七里河区总工会",
        "东岗西路街道工会",
        "西园街道工会",
    }
    tree.qilihe.status = OrgStatus.MERGED
    tree.qilihe.save()
    assert "七里河区总工会" not in offered(staff.city_admin, tree.lanzhou.pk)


def test_a_publisher_outside_the_subtree_offers_nothing(staff, tree):
    assert offered(staff.county_admin, tree.qilihe.pk) == set()
    assert offered(staff.county_admin, tree.lanzhou.pk) == set()
    assert offered(staff.county_admin, 0) == set()  # a user without a union


def _data(target) -> dict:
    return {"title": "通知", "body": "正文", "target": target, "status": NoticeStatus.PUBLISHED}


def test_the_form_defaults_to_the_own_union_and_refuses_others(staff, tree):
    form = NoticeForm(user=staff.county_admin, publisher=tree.chengguan)
    assert form.fields["target"].initial == tree.chengguan.pk
    assert "<select" not in str(form["target"])
    for refused in (tree.qilihe, tree.base_a, tree.province):  # out of scope, a company, above
        form = NoticeForm(_data(refused.pk), user=staff.county_admin, publisher=tree.chengguan)
        assert not form.is_valid() and "target" in form.errors
    form = NoticeForm(_data(tree.donggang.pk), user=staff.county_admin, publisher=tree.chengguan)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["target"] == tree.donggang
