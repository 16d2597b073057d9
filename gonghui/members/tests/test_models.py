"""What the member tables hold: personal data only encrypted, one holding membership a person."""

import pytest
from django.db import IntegrityError, connection, transaction

from gonghui.conftest import id_with_check
from gonghui.core import crypto
from gonghui.members.codes import MemberStatus
from gonghui.members.models import Member, Transfer
from gonghui.members.services import member_leave, member_update

ID_NUMBER = id_with_check("62010219750505001")
PHONE = "13987654321"


def _rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return cursor.fetchall()


def _assert_no_plaintext(rows: list[tuple], *secrets: str) -> None:
    assert rows
    for row in rows:
        for value in row:
            if isinstance(value, memoryview | bytes | bytearray):
                raw = bytes(value)
                for secret in secrets:
                    assert secret.encode() not in raw
                    assert secret.encode("utf-16-le") not in raw
            text = str(value)
            for secret in secrets:
                assert secret not in text
                assert secret[-8:] not in text


def test_personal_data_is_not_stored_in_clear(staff, tree, make_member):
    member = make_member(tree.base_a, id_number=ID_NUMBER, phone=PHONE)
    # an edit re-encrypts: the new values must not leak either
    new_phone = "13611112222"
    member_update(actor=staff.county_admin, member=member, phone=new_phone)
    _assert_no_plaintext(_rows("members_member"), ID_NUMBER, PHONE, new_phone)
    _assert_no_plaintext(_rows("audit_auditlog"), ID_NUMBER, PHONE, new_phone)
    member.refresh_from_db()
    assert member.id_number == ID_NUMBER
    assert member.phone == new_phone


def test_stored_values_are_ciphertext_and_keyed_hashes(tree, make_member):
    member = make_member(tree.base_a, id_number=ID_NUMBER, phone=PHONE)
    member.refresh_from_db()
    assert crypto.decrypt(member.id_number_enc) == ID_NUMBER
    assert crypto.decrypt(member.phone_enc) == PHONE
    assert member.id_number_hash == crypto.lookup_hash(ID_NUMBER)
    assert member.phone_hash == crypto.lookup_hash(PHONE)
    assert len(member.id_number_hash) == 64


def test_masked_properties(tree, make_member):
    member = make_member(tree.base_a, id_number=ID_NUMBER, phone=PHONE)
    assert member.id_number_masked == ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
    assert member.phone_masked == "139****4321"
    assert member.is_holding


@pytest.mark.raw_member_writes
def test_database_allows_one_holding_membership_per_person(staff, tree, make_member):
    member = make_member(tree.base_a, id_number=ID_NUMBER)
    twin = Member(
        org=tree.base_b,
        name="重复",
        id_number_enc=member.id_number_enc,
        id_number_hash=member.id_number_hash,
        category=member.category,
        joined_on=member.joined_on,
        status=MemberStatus.RETAINED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    member_leave(actor=staff.county_admin, member=member)
    twin.save()  # the first membership ended: a new one may begin
    assert Member.objects.filter(id_number_hash=member.id_number_hash).count() == 2


@pytest.mark.raw_inbox_writes  # rows written past the services
def test_database_allows_one_pending_transfer_per_member(staff, tree, make_member):
    member = make_member(tree.base_a)
    fields = dict(
        member=member,
        from_org=tree.base_a,
        to_org=tree.base_c,
        initiated_by="out",
        requested_by=staff.base_admin,
    )
    Transfer.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.create(**fields)
    Transfer.objects.create(**fields, status="rejected")
