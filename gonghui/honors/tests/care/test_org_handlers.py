"""The honorees' org handler: a union's honorees go with it when merged (the roll-ups follow),
and stop its dissolution."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.core.errors import ApplicationError
from gonghui.honors.care.org_handlers import DISSOLVE_HAS_HONOREES
from gonghui.metrics.models import OrgStat
from gonghui.orgs.services import org_dissolve, org_merge

pytestmark = pytest.mark.django_db


def test_a_merge_takes_the_honorees_along(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_b, types.national)
    org_merge(actor=staff.county_admin, source=tree.base_b, target=tree.base_a)
    honoree.refresh_from_db()
    assert honoree.org == tree.base_a
    assert AuditLog.objects.get(action="org.merge").changes["honorees_moved"] == 1
    living = OrgStat.objects.get(org=tree.base_a, metric="honorees.living", period="")
    assert living.value == 1


def test_honorees_stop_a_dissolution(staff, tree, types, make_honoree):
    make_honoree(tree.base_b, types.national)
    with pytest.raises(ApplicationError) as exc:
        org_dissolve(actor=staff.county_admin, org=tree.base_b)
    assert exc.value.message == DISSOLVE_HAS_HONOREES.format(n=1)
