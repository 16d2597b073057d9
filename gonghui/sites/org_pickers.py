"""The sites' org picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.permissions import Perm
from gonghui.orgs.pickers import register_org_picker
from gonghui.sites.selectors import county_choices

# 所在县区 of a site: any active county union of the province (where the site stands, which
# need not be under the union that runs it; county names are public).
register_org_picker("site_county", lambda user: county_choices(), permission=Perm.SITE_MANAGE)
