from gonghui.assistance.codes import Relation


def test_household_id_numbers_are_stored_encrypted_and_shown_masked(
    make_member, tree, make_archive
):
    member = make_member(tree.base_a, id_number="620102195503070016")
    archive = make_archive(member, children=2)
    people = list(archive.household.order_by("pk"))
    assert [p.relation for p in people] == [Relation.SELF, Relation.CHILD, Relation.CHILD]
    me = people[0]
    assert b"620102195503070016" not in bytes(me.id_number_enc)
    assert me.id_number == "620102195503070016"
    assert me.id_number_masked == "620102********0016"
    assert archive.county == tree.chengguan
