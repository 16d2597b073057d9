"""The sites' org handler (gonghui/sites/org_handlers.py): a union's 阵地 go with it when it is
merged, and stop its dissolution; the org page counts them for those who may see sites."""

import pytest
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.core.errors import ApplicationError
from gonghui.orgs.models import OrgStatus
from gonghui.orgs.services import org_dissolve, org_merge
from gonghui.sites.org_handlers import DISSOLVE_HAS_SITES
from gonghui.sites.services import site_delete
from gonghui.stats.services import stats_differences

pytestmark = pytest.mark.django_db


def test_a_merge_takes_the_unions_sites_to_the_target(staff, tree, make_site):
    home = make_site(org=tree.base_b)
    kept = make_site(org=tree.base_a)

    org_merge(actor=staff.county_admin, source=tree.base_b, target=tree.base_a)

    home.refresh_from_db()
    kept.refresh_from_db()
    assert home.org == tree.base_a and kept.org == tree.base_a
    row = AuditLog.objects.get(action="org.merge")
    assert row.changes == {"into": "兰州甲公司工会", "members_moved": 0, "sites_moved": 1}
    # The merge's recount took the sites along.
    assert [d for d in stats_differences() if d.metric.startswith("sites")] == []


def test_a_site_stops_the_dissolution_of_its_union(staff, tree, make_site):
    site = make_site(org=tree.base_b)

    with pytest.raises(ApplicationError) as exc:
        org_dissolve(actor=staff.county_admin, org=tree.base_b)
    assert exc.value.message == DISSOLVE_HAS_SITES.format(n=1)

    site_delete(actor=staff.county_admin, site=site)
    org_dissolve(actor=staff.county_admin, org=tree.base_b)
    tree.base_b.refresh_from_db()
    assert tree.base_b.status == OrgStatus.DISSOLVED


def test_org_page_counts_the_sites_of_the_subtree(client, staff, tree, make_site):
    make_site(org=tree.base_a)
    make_site(org=tree.donggang)
    client.force_login(staff.county_admin)
    panel = client.get(reverse("orgs:detail", args=[tree.donggang.pk])).context["panel"]
    assert ("服务阵地（含下级）", 2) in panel.facts
