from gonghui.conftest import VALID_IDS
from gonghui.members.services import member_create


def test_member_create_smoke(staff, tree):
    m = member_create(actor=staff.county_admin, org=tree.base_a, name="李四", id_number=VALID_IDS[0],
                      phone="13912345678", category="employed")
    assert m.card_number.startswith("620102")
    assert m.id_number_masked == "620102********001X"
