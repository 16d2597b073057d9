"""派单 picks the receiving union with a search box (purpose `case_dispatch`): any active union
under the call centre, for the centre's agents only; the workplace's county union comes
preselected, shown with its path."""

import pytest
from django.urls import reverse

from gonghui.hotline import services
from gonghui.hotline.codes import CaseStatus
from gonghui.hotline.forms import DispatchForm
from gonghui.hotline.models import Case
from gonghui.hotline.tests.conftest import intake
from gonghui.orgs.models import OrgStatus
from gonghui.orgs.pickers import org_pickers
from gonghui.orgs.tests.picking import picker_offers

pytestmark = pytest.mark.django_db


def dispatch_url(case: Case) -> str:
    return reverse("hotline:dispatch", args=[case.number])


def test_the_purpose_offers_the_active_unions_under_the_centre_to_its_agents(tree, staff, agent):
    offered = org_pickers.queryset("case_dispatch", agent, {"centre": tree.province.pk})
    assert {tree.chengguan, tree.xiyuan, tree.base_d, tree.province} <= set(offered)
    tree.base_c.status = OrgStatus.DISSOLVED
    tree.base_c.save()
    offered = org_pickers.queryset("case_dispatch", agent, {"centre": tree.province.pk})
    assert tree.base_c not in offered
    # Not the centre's agent: nothing, whatever the centre named.
    assert not org_pickers.queryset(
        "case_dispatch", staff.county_admin, {"centre": tree.province.pk}
    )
    # A "centre" that is no call centre (not a root): nothing.
    assert not org_pickers.queryset("case_dispatch", agent, {"centre": tree.lanzhou.pk})


def test_the_county_of_the_employer_is_preselected_with_its_path(client, agent, tree):
    case = intake(agent, county=tree.qilihe)
    client.force_login(agent)
    page = client.get(dispatch_url(case)).content.decode()
    assert f'name="to_org" value="{tree.qilihe.pk}"' in page
    assert 'value="七里河区总工会"' in page  # the box's text
    assert "甘肃省总工会 › 兰州市总工会 › 七里河区总工会" in page
    assert "<select" not in page.split('id="dispatch-form"')[1].split("复杂程度")[0]


def test_typed_text_alone_dispatches_when_it_names_one_union(client, agent, tree):
    case = intake(agent)
    client.force_login(agent)
    response = client.post(
        dispatch_url(case), {"to_org_q": "七里河区总工会", "expected_version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DISPATCHED and case.holder == tree.qilihe


def test_an_inactive_union_is_refused_as_missing(client, agent, tree):
    tree.base_c.status = OrgStatus.DISSOLVED
    tree.base_c.save()
    case = intake(agent)
    client.force_login(agent)
    page = client.get(dispatch_url(case)).content.decode()
    assert "兰州丙公司工会" not in picker_offers(client, page, "to_org", "兰州丙")
    response = client.post(
        dispatch_url(case), {"to_org": tree.base_c.pk, "expected_version": case.version}
    )
    assert response.status_code == 400
    assert "所选工会不存在或已撤销，请重新选择。" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_the_form_refuses_a_union_the_user_may_not_dispatch_to(tree, staff, agent):
    case = intake(agent)
    data = {"to_org": tree.chengguan.pk, "expected_version": case.version}
    form = DispatchForm(data, user=staff.county_admin, centre=tree.province)
    assert not form.is_valid() and "to_org" in form.errors
    form = DispatchForm(data, user=agent, centre=tree.province)
    assert form.is_valid(), form.errors
    services.case_dispatch(actor=agent, case=case, **form.cleaned_data)
    assert Case.objects.get(pk=case.pk).holder == tree.chengguan


def test_the_intake_county_is_a_county_union_under_the_centre(tree, staff, agent):
    offered = org_pickers.queryset("intake_county", agent, {"centre": tree.province.pk})
    assert set(offered) == {tree.chengguan, tree.qilihe, tree.qinzhou}
    assert not org_pickers.queryset(
        "intake_county", staff.county_admin, {"centre": tree.province.pk}
    )


def test_the_intake_form_refuses_a_union_that_is_no_county(tree, agent):
    from gonghui.hotline.forms import IntakeForm

    form = IntakeForm({"county": tree.donggang.pk}, user=agent, centre=tree.province)
    form.is_valid()
    assert form.errors["county"] == ["所选县区不存在或已撤销，请重新选择。"]
    form = IntakeForm({"county": tree.qilihe.pk}, user=agent, centre=tree.province)
    form.is_valid()
    assert "county" not in form.errors and form.cleaned_data["county"] == tree.qilihe
