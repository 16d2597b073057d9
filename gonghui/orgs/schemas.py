from ninja import Field, Schema

from gonghui.core.cleaning import code_labels, code_of
from gonghui.orgs.models import OrgLevel, OrgType


class OrgOut(Schema):
    id: int
    name: str
    type: code_of(OrgType)
    level: int = Field(..., description=code_labels(OrgLevel))
    division_code: str
    parent_id: int | None


class OrgChildOut(OrgOut):
    member_count: int  # active members of its whole subtree
    has_children: bool
