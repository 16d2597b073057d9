from gonghui.demo.sites import seed_sites
from gonghui.orgs.loader import load_org_tree
from gonghui.orgs.models import Org, OrgType
from gonghui.sites.models import Site


def test_seed_sites_spreads_over_gansu_counties(db):
    load_org_tree()
    assert seed_sites(300, seed=1) == 300
    assert seed_sites(300, seed=1) == 0  # once only
    sites = list(Site.objects.select_related("org", "county"))
    assert len({s.county_id for s in sites}) == Org.objects.filter(org_type=OrgType.COUNTY).count()
    for site in sites:
        assert 32.0 < site.lat < 43.5 and 92.0 < site.lng < 109.5
        assert site.org.path.startswith(site.county.path)
        assert site.hours and site.facilities
    assert len({(s.org_id, s.name) for s in sites}) == 300
