"""The hotline's org handler (gonghui/hotline/org_handlers.py): an open case held in a union's
subtree stops its dissolution; the org page counts them for those who may see cases."""

import pytest
from django.urls import reverse

from gonghui.core.errors import ApplicationError
from gonghui.hotline import services
from gonghui.hotline.org_handlers import DISSOLVE_HAS_OPEN_CASES
from gonghui.hotline.tests.conftest import intake
from gonghui.orgs.models import OrgStatus
from gonghui.orgs.services import org_dissolve

pytestmark = pytest.mark.django_db


def test_an_open_case_stops_the_dissolution_of_its_holder(agent, staff, tree):
    case = services.case_dispatch(
        actor=agent, case=intake(agent), to_org=tree.base_b, expected_version=1
    )

    with pytest.raises(ApplicationError) as exc:
        org_dissolve(actor=staff.sysadmin, org=tree.base_b)
    assert exc.value.message == DISSOLVE_HAS_OPEN_CASES.format(n=1)

    # Back at the call centre, the case no longer hangs on the union.
    services.case_return(
        actor=staff.sysadmin, case=case, reason="不属本单位", expected_version=case.version
    )
    org_dissolve(actor=staff.sysadmin, org=tree.base_b)
    tree.base_b.refresh_from_db()
    assert tree.base_b.status == OrgStatus.DISSOLVED


def test_org_page_counts_open_cases_for_those_who_see_cases(client, agent, staff, tree):
    services.case_dispatch(actor=agent, case=intake(agent), to_org=tree.base_b, expected_version=1)
    url = reverse("orgs:detail", args=[tree.donggang.pk])
    client.force_login(staff.county_admin)
    assert ("在办12351工单（含下级）", 1) in client.get(url).context["panel"].facts
