"""The audit trail: append-only, one row per write, scoped for auditors."""

import json

import pytest
from django.db import DatabaseError, connection, transaction

from gonghui.accounts import services as account_services
from gonghui.accounts.permissions import ROLE_STAFF
from gonghui.audit.models import AppendOnlyError, AuditLog
from gonghui.audit.selectors import audit_log_list
from gonghui.audit.services import audit_record
from gonghui.conftest import id_with_check
from gonghui.core.context import client_ip
from gonghui.core.errors import Forbidden
from gonghui.members import services as member_services
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Org, OrgType

IP = "10.20.30.40"
# The triggers' refusal, or, where the suite runs as the application's role on PostgreSQL
# (two roles, see gonghui/core/dbroles.py), the missing privilege that comes before them.
REFUSED = "append-only|permission denied"
MEMBER_ID = id_with_check("62010219820304005")
MEMBER_PHONE = "13512345678"


@pytest.fixture
def request_ip():
    token = client_ip.set(IP)
    yield IP
    client_ip.reset(token)


@pytest.fixture
def row(staff):
    return audit_record(actor=staff.county_admin, action="org.update", changes={"a": 1})


# --- append-only ---------------------------------------------------------------------------


def test_saving_an_existing_row_is_refused(row):
    row.action = "forged"
    with pytest.raises(AppendOnlyError):
        row.save()
    assert AuditLog.objects.get(pk=row.pk).action == "org.update"


def test_deleting_a_row_is_refused(row):
    with pytest.raises(AppendOnlyError):
        row.delete()
    assert AuditLog.objects.filter(pk=row.pk).exists()


def test_queryset_update_and_delete_are_refused(row):
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.filter(pk=row.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.update(result="failed")
    row.action = "forged"
    # bulk_update runs in its own atomic block, which the refusal marks for rollback
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditLog.objects.bulk_update([row], ["action"])
    assert list(AuditLog.objects.values_list("action", flat=True)) == ["org.update"]


def test_the_database_refuses_changes_to_audit_rows(row):
    """A trigger refuses even raw SQL. (On SQLite the test database lets DELETE through, for
    the flush of transactional tests; see conftest. test_roles checks the owner's triggers and
    the application role's privileges apart.)"""
    statements = [("UPDATE audit_auditlog SET action = %s WHERE id = %s", ["forged", row.pk])]
    if connection.vendor == "postgresql":
        statements.append(("DELETE FROM audit_auditlog WHERE id = %s", [row.pk]))
    for sql, params in statements:
        with (
            pytest.raises(DatabaseError, match=REFUSED),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    assert AuditLog.objects.get(pk=row.pk).action == "org.update"


REPLACING_INSERT = {
    "sqlite": "INSERT OR REPLACE INTO audit_auditlog ({columns}) VALUES ({values})",
    "postgresql": "INSERT INTO audit_auditlog ({columns}) VALUES ({values})"
    # The key holds the partition key (migration 0006): (id, at).
    " ON CONFLICT (id, at) DO UPDATE SET action = EXCLUDED.action",
}


def test_an_insert_cannot_replace_an_existing_row(row):
    """`INSERT OR REPLACE` deletes the old row without firing delete triggers; the upsert of
    PostgreSQL updates it. Both are refused."""
    values = {
        "id": row.pk,
        "at": row.at,
        "actor_username": "",
        "org_path": "",
        "action": "forged",
        "object_type": "",
        "object_id": "",
        "object_repr": "",
        "changes": "{}",
        "result": "success",
    }
    sql = REPLACING_INSERT[connection.vendor].format(
        columns=", ".join(values), values=", ".join(["%s"] * len(values))
    )
    with (
        pytest.raises(DatabaseError, match=REFUSED),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, list(values.values()))
    assert AuditLog.objects.get(pk=row.pk).action == "org.update"


def test_sqlite_triggers_refuse_update_and_delete():
    """The SQLite triggers of the migration, run on a scratch database."""
    import sqlite3
    from importlib import import_module

    migration = import_module("gonghui.audit.migrations.0002_append_only_trigger")
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE audit_auditlog (id INTEGER PRIMARY KEY, action TEXT)")
    for sql in migration.SQLITE_CREATE:
        db.execute(sql)
    db.execute("INSERT INTO audit_auditlog (action) VALUES ('org.update')")
    for sql in ("UPDATE audit_auditlog SET action = 'forged'", "DELETE FROM audit_auditlog"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(sql)
    assert db.execute("SELECT action FROM audit_auditlog").fetchall() == [("org.update",)]


# --- one row per write ---------------------------------------------------------------------


def _member(make_member, org, **kw):
    return make_member(org, id_number=MEMBER_ID, phone=MEMBER_PHONE, **kw)


def _transfer(staff, tree, make_member):
    member = _member(make_member, tree.base_a)
    return member_services.transfer_request(
        actor=staff.base_admin, member=member, to_org=tree.base_c
    )


# Each scenario prepares its data, then returns the actor, the write, its action and the org
# whose path the row must carry (given the write's result).
SCENARIOS = {}


def scenario(func):
    SCENARIOS[func.__name__] = func
    return func


@scenario
def member_create(s, t, mm):
    def write():
        return member_services.member_create(
            actor=s.county_admin,
            org=t.base_a,
            name="王芳",
            id_number=MEMBER_ID,
            phone=MEMBER_PHONE,
            category="employed",
        )

    return s.county_admin, write, "member.create", lambda _: t.base_a


@scenario
def member_update(s, t, mm):
    member = _member(mm, t.base_a)

    def write():
        return member_services.member_update(
            actor=s.county_admin,
            member=member,
            phone="13600000000",
            id_number=id_with_check("62010219820304007"),
        )

    return s.county_admin, write, "member.update", lambda _: t.base_a


@scenario
def member_retain(s, t, mm):
    member = _member(mm, t.base_a)

    def write():
        return member_services.member_retain(actor=s.county_admin, member=member)

    return s.county_admin, write, "member.retain", lambda _: t.base_a


@scenario
def member_leave(s, t, mm):
    member = _member(mm, t.base_a)

    def write():
        return member_services.member_leave(actor=s.county_admin, member=member)

    return s.county_admin, write, "member.leave", lambda _: t.base_a


@scenario
def member_expel(s, t, mm):
    member = _member(mm, t.base_a)

    def write():
        return member_services.member_expel(actor=s.county_admin, member=member, note="判刑")

    return s.county_admin, write, "member.expel", lambda _: t.base_a


@scenario
def member_unmask(s, t, mm):
    member = _member(mm, t.base_a)

    def write():
        return member_services.member_unmask(actor=s.county_admin_pii, member=member)

    return s.county_admin_pii, write, "member.unmask", lambda _: t.base_a


@scenario
def transfer_request(s, t, mm):
    member = _member(mm, t.base_a)

    def write():
        return member_services.transfer_request(actor=s.base_admin, member=member, to_org=t.base_c)

    return s.base_admin, write, "transfer.request", lambda _: t.base_a


@scenario
def transfer_approve(s, t, mm):
    transfer = _transfer(s, t, mm)

    def write():
        return member_services.transfer_approve(actor=s.base_c_admin, transfer=transfer)

    return s.base_c_admin, write, "transfer.approve", lambda _: t.base_c


@scenario
def transfer_reject(s, t, mm):
    transfer = _transfer(s, t, mm)

    def write():
        return member_services.transfer_reject(
            actor=s.base_c_admin, transfer=transfer, note="不同意"
        )

    return s.base_c_admin, write, "transfer.reject", lambda _: t.base_a


@scenario
def transfer_cancel(s, t, mm):
    transfer = _transfer(s, t, mm)

    def write():
        return member_services.transfer_cancel(actor=s.base_admin, transfer=transfer)

    return s.base_admin, write, "transfer.cancel", lambda _: t.base_a


@scenario
def org_create_child(s, t, mm):
    def write():
        return org_services.org_create_child(
            actor=s.county_admin, parent=t.donggang, name="兰州戊公司工会", org_type=OrgType.BASE
        )

    return s.county_admin, write, "org.create", lambda created: created


@scenario
def org_update(s, t, mm):
    def write():
        return org_services.org_update(actor=s.county_admin, org=t.base_a, chair_name="刘洋")

    return s.county_admin, write, "org.update", lambda _: t.base_a


@scenario
def org_move(s, t, mm):
    def write():
        return org_services.org_move(actor=s.city_admin, org=t.base_a, new_parent=t.xiyuan)

    return s.city_admin, write, "org.move", lambda _: t.base_a


@scenario
def org_merge(s, t, mm):
    _member(mm, t.base_b)

    def write():
        return org_services.org_merge(actor=s.county_admin, source=t.base_b, target=t.base_a)

    return s.county_admin, write, "org.merge", lambda _: t.base_a


@scenario
def org_dissolve(s, t, mm):
    def write():
        return org_services.org_dissolve(actor=s.county_admin, org=t.base_b)

    return s.county_admin, write, "org.dissolve", lambda _: t.base_b


@scenario
def user_create(s, t, mm):
    def write():
        return account_services.user_create(
            actor=s.sysadmin,
            username="new_staff",
            password="Gh@2026-pw",
            org=t.base_a,
            roles=[ROLE_STAFF],
        )

    return s.sysadmin, write, "user.create", lambda _: t.base_a


@scenario
def user_deactivate(s, t, mm):
    def write():
        return account_services.user_deactivate(actor=s.sysadmin, user=s.base_admin)

    return s.sysadmin, write, "user.deactivate", lambda _: t.base_a


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_write_leaves_exactly_one_audit_row(staff, tree, make_member, request_ip, scenario):
    actor, write, action, org_of = SCENARIOS[scenario](staff, tree, make_member)
    last_id = AuditLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    result = write()
    rows = list(AuditLog.objects.filter(id__gt=last_id))
    assert [r.action for r in rows] == [action]
    [row] = rows
    assert row.result == "success"
    assert (row.actor, row.actor_username, row.actor_org) == (actor, actor.username, actor.org)
    assert row.ip == request_ip
    assert row.org_path == Org.objects.get(pk=org_of(result).pk).path
    text = json.dumps(row.changes, ensure_ascii=False)
    for secret in (MEMBER_ID, MEMBER_PHONE, "13600000000", "Gh@2026-pw"):
        assert secret not in text


def test_member_rows_carry_masked_personal_values(staff, tree, make_member):
    member = _member(make_member, tree.base_a)
    member_services.member_update(actor=staff.county_admin, member=member, phone="13600000000")
    create_row = AuditLog.objects.get(action="member.create")
    update_row = AuditLog.objects.get(action="member.update")
    assert create_row.changes["id_number"] == MEMBER_ID[:6] + "********" + MEMBER_ID[-4:]
    assert create_row.changes["phone"] == "135****5678"
    assert update_row.changes == {"phone": ["135****5678", "136****0000"]}


def test_without_a_request_the_ip_is_empty(staff, tree):
    org_services.org_update(actor=staff.county_admin, org=tree.base_a, chair_name="刘洋")
    assert AuditLog.objects.get().ip is None


# --- reading the trail ---------------------------------------------------------------------


def test_auditors_see_their_subtree_only(staff, tree, make_member):
    make_member(tree.base_a, actor=staff.county_admin)
    make_member(tree.base_c, actor=staff.sibling_admin)
    make_member(tree.base_d, actor=staff.tianshui_admin)

    def orgs_seen(user):
        return {row.org_path for row in audit_log_list(user=user)}

    assert orgs_seen(staff.county_auditor) == {tree.base_a.path}
    assert orgs_seen(staff.city_admin) == {tree.base_a.path, tree.base_c.path}
    assert orgs_seen(staff.sysadmin) == {tree.base_a.path, tree.base_c.path, tree.base_d.path}


def test_auditors_see_what_their_own_staff_tried_elsewhere(staff, tree, make_member):
    member = make_member(tree.base_c)
    with pytest.raises(Forbidden):
        member_services.member_leave(actor=staff.county_staff, member=member)
    [denied] = audit_log_list(user=staff.county_auditor, action="access.denied")
    assert denied.actor == staff.county_staff
    # the other county sees the attempt on its member too
    assert audit_log_list(user=staff.sibling_admin, action="access.denied").count() == 1
    assert audit_log_list(user=staff.tianshui_admin, action="access.denied").count() == 0


def test_audit_log_list_filters(staff, tree, make_member):
    make_member(tree.base_a, actor=staff.county_admin)
    org_services.org_update(actor=staff.county_admin_pii, org=tree.base_a, chair_name="刘洋")
    assert audit_log_list(user=staff.county_auditor, action="org.update").count() == 1
    assert audit_log_list(user=staff.county_auditor, username="cg_admin").count() == 1
    assert audit_log_list(user=staff.county_auditor, username="nobody").count() == 0
