from ninja import Schema


class OrgOut(Schema):
    id: int
    name: str
    type: str  # OrgType value: province, city, county, township, community, base, ...
    level: int  # OrgLevel: 1 province ... 5 community
    division_code: str
    parent_id: int | None


class OrgChildOut(OrgOut):
    member_count: int  # active members of its whole subtree
    has_children: bool
