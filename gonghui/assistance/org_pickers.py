"""The assistance org picker purposes (port "pickers", `gonghui.orgs.pickers.registry`)."""

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.assistance.selectors.aid import (
    access_archive_for_aid,
    ledger_county_choices,
    responsible_org_choices,
)
from gonghui.assistance.selectors.archives import county_choices
from gonghui.assistance.selectors.campaigns import (
    access_campaign_by_id,
    allocation_target_choices,
    campaign_org_choices,
    funded_orgs,
)
from gonghui.orgs.pickers import register_org_picker


def _allocation_to(user: User, campaign: int):
    return allocation_target_choices(user, access_campaign_by_id(user, campaign))


def _allocation_from(user: User, campaign: int):
    return funded_orgs(user=user, campaign=access_campaign_by_id(user, campaign))


def _measure_responsible(user: User, archive: int):
    return responsible_org_choices(user, access_archive_for_aid(user, archive))


register_org_picker("campaign_org", campaign_org_choices, permission=Perm.CAMPAIGN_MANAGE)
register_org_picker("allocation_from", _allocation_from, permission=Perm.CAMPAIGN_MANAGE)
register_org_picker("allocation_to", _allocation_to, permission=Perm.CAMPAIGN_MANAGE)
register_org_picker("measure_responsible", _measure_responsible, permission=Perm.ASSIST_MANAGE)
# 低保标准: a county union of the user's subtree.
register_org_picker("poverty_line_county", county_choices, permission=Perm.ASSIST_REVIEW)
# The filter bars' county: 救助档案 (the subtree's counties), 帮扶台账 (also the county above).
register_org_picker("archive_county", county_choices, permission=Perm.ASSIST_VIEW)
register_org_picker("ledger_county", ledger_county_choices, permission=Perm.ASSIST_VIEW)
