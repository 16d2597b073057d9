from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.conftest import id_with_check
from gonghui.core.cleaning import money_message
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.honors.care.services import (
    allowance_batch_generate,
    allowance_batch_plan,
    allowance_create,
    care_record_add,
    honoree_find_or_create,
    honoree_record_death,
    honoree_set_hardship,
    honoree_unmask,
    honoree_update_contact,
)
from gonghui.honors.care.services.allowances import (
    BATCH_EMPTY,
    BATCH_KEY_TAKEN,
    DECEASED,
)
from gonghui.honors.care.services.cares import CARE_DATE_FUTURE, LECTURE_COUNTS
from gonghui.honors.care.services.honorees import (
    ALREADY_DECEASED,
    DEATH_BEFORE_ALLOWANCE,
    DEATH_DATE_FUTURE,
    PII_FORBIDDEN,
)
from gonghui.honors.models import Allowance, AllowanceBatch, CareRecord, Honoree, HonorLevel
from gonghui.metrics.models import OrgStat

PAY = dict(kind="condolence", period="2026年春节", fund_source="own")


def stat(org, metric) -> int:
    row = OrgStat.objects.filter(org=org, metric=metric, period="").first()
    return row.value if row else 0


def test_find_or_create_dedupes_by_id_number_and_links_the_member(staff, tree, make_member):
    number = id_with_check("62010219680512342")
    member = make_member(tree.base_a, id_number=number, name="张秀兰")
    first, created = honoree_find_or_create(
        actor=staff.county_admin, name="张秀兰", org=tree.base_a, id_number=number
    )
    again, created_again = honoree_find_or_create(
        actor=staff.county_admin, name="张秀兰", org=tree.base_a, id_number=number.lower()
    )
    assert created and not created_again
    assert again.pk == first.pk
    assert first.member_id == member.pk
    assert first.gender == "2"
    log = AuditLog.objects.get(action="honoree.create")
    assert number not in str(log.changes)


def test_non_member_is_registered_without_a_link(staff, tree):
    honoree, _ = honoree_find_or_create(
        actor=staff.county_admin,
        name="李四",
        org=tree.base_a,
        id_number=id_with_check("62010219550307001"),
    )
    assert honoree.member_id is None


def test_register_outside_scope_is_refused(staff, tree):
    with pytest.raises(Forbidden):
        honoree_find_or_create(
            actor=staff.county_admin,
            name="王五",
            org=tree.base_d,
            id_number=id_with_check("62050219550307001"),
        )
    assert not Honoree.objects.exists()
    assert AuditLog.objects.filter(action="access.denied", actor=staff.county_admin).exists()


def test_death_stops_allowances_and_is_refused_twice(staff, tree, types, make_honoree, paid_on):
    honoree = make_honoree(tree.base_a, types.national)
    assert stat(tree.lanzhou, "honorees.living") == 1
    honoree_record_death(actor=staff.county_admin, honoree=honoree, died_on=date(2025, 12, 1))
    honoree.refresh_from_db()
    assert not honoree.alive
    assert stat(tree.lanzhou, "honorees.living") == 0
    assert stat(tree.lanzhou, "honorees.living.national") == 0
    assert stat(tree.lanzhou, "honorees.honors.national") == 1
    with pytest.raises(ApplicationError) as err:
        allowance_create(
            actor=staff.county_admin, honoree=honoree, amount="3000", paid_on=paid_on, **PAY
        )
    assert err.value.message == DECEASED.format(name=honoree.name, day=date(2025, 12, 1))
    # A payment made before the death may still be recorded.
    allowance_create(
        actor=staff.county_admin,
        honoree=honoree,
        amount="3000",
        paid_on=date(2025, 1, 20),
        **PAY,
    )
    with pytest.raises(ApplicationError) as err:
        honoree_record_death(actor=staff.county_admin, honoree=honoree, died_on=date(2025, 12, 2))
    assert err.value.message == ALREADY_DECEASED.format(name=honoree.name)


def test_death_date_before_a_payment_or_in_the_future_is_refused(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.national)
    allowance_create(
        actor=staff.county_admin, honoree=honoree, amount="500", paid_on=date(2025, 6, 1), **PAY
    )
    with pytest.raises(ApplicationError) as err:
        honoree_record_death(actor=staff.county_admin, honoree=honoree, died_on=date(2025, 5, 1))
    assert err.value.message == DEATH_BEFORE_ALLOWANCE.format(
        name=honoree.name, day=date(2025, 6, 1)
    )
    with pytest.raises(ApplicationError) as err:
        honoree_record_death(
            actor=staff.county_admin,
            honoree=honoree,
            died_on=timezone.localdate() + timedelta(days=1),
        )
    assert err.value.message == DEATH_DATE_FUTURE
    honoree.refresh_from_db()
    assert honoree.alive


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1.234"])
def test_allowance_amount_must_be_positive_yuan(staff, tree, types, make_honoree, paid_on, amount):
    honoree = make_honoree(tree.base_a, types.medal)
    with pytest.raises(ApplicationError) as err:
        allowance_create(
            actor=staff.county_admin, honoree=honoree, amount=amount, paid_on=paid_on, **PAY
        )
    assert err.value.message == money_message("金额", positive=True)
    assert not Allowance.objects.exists()


def test_allowance_is_recorded_counted_and_scoped(staff, tree, types, make_honoree, paid_on):
    honoree = make_honoree(tree.base_a, types.medal)
    allowance = allowance_create(
        actor=staff.county_admin, honoree=honoree, amount="1,200.50", paid_on=paid_on, **PAY
    )
    assert allowance.amount == Decimal("1200.50")
    assert stat(tree.province, "honorees.allowances") == 1
    assert stat(tree.province, "honorees.allowance_fen") == 120050
    with pytest.raises(Forbidden):
        allowance_create(
            actor=staff.tianshui_admin, honoree=honoree, amount="100", paid_on=paid_on, **PAY
        )
    assert AuditLog.objects.filter(action="access.denied", actor=staff.tianshui_admin).exists()
    assert Allowance.objects.count() == 1


def _batch(actor, org, **kw):
    args = dict(
        key="2026-spring",
        title="2026年春节慰问金",
        org=org,
        amount="3000",
        paid_on=date(2026, 1, 20),
        level=HonorLevel.NATIONAL,
        **PAY,
    )
    args.update(kw)
    return allowance_batch_generate(actor=actor, **args)


def test_batch_pays_living_national_honorees_of_the_subtree_once(staff, tree, types, make_honoree):
    a = make_honoree(tree.base_a, types.national)
    b = make_honoree(tree.base_c, types.national)
    dead = make_honoree(tree.base_a, types.national)
    make_honoree(tree.base_a, types.medal)  # province level: not in a national batch
    make_honoree(tree.base_d, types.national)  # 天水: outside 兰州
    honoree_record_death(actor=staff.sysadmin, honoree=dead, died_on=date(2025, 3, 1))

    plan = allowance_batch_plan(
        actor=staff.city_admin,
        key="2026-spring",
        org=tree.lanzhou,
        amount="3000",
        paid_on=date(2026, 1, 20),
        level=HonorLevel.NATIONAL,
    )
    assert plan.count == 2
    assert plan.total == Decimal("6000")
    assert not Allowance.objects.exists()  # the preview writes nothing

    batch, added = _batch(staff.city_admin, tree.lanzhou)
    assert added == 2
    assert set(Allowance.objects.values_list("honoree_id", flat=True)) == {a.pk, b.pk}
    assert stat(tree.lanzhou, "honorees.allowance_fen") == 600000

    # Generating again pays nobody twice; a new honoree since is paid.
    c = make_honoree(tree.base_b, types.national)
    batch_again, added_again = _batch(staff.city_admin, tree.lanzhou)
    assert batch_again.pk == batch.pk and added_again == 1
    assert Allowance.objects.filter(batch=batch, honoree=c).exists()
    assert Allowance.objects.count() == 3


def test_batch_key_reused_with_other_terms_is_refused(staff, tree, types, make_honoree):
    make_honoree(tree.base_a, types.national)
    _batch(staff.city_admin, tree.lanzhou)
    with pytest.raises(ApplicationError) as err:
        _batch(staff.city_admin, tree.lanzhou, amount="2000")
    assert err.value.message == BATCH_KEY_TAKEN.format(key="2026-spring", title="2026年春节慰问金")
    assert AllowanceBatch.objects.count() == 1


def test_empty_batch_and_out_of_scope_org_are_refused(staff, tree, types, make_honoree):
    make_honoree(tree.base_d, types.national)
    with pytest.raises(ApplicationError) as err:
        _batch(staff.city_admin, tree.lanzhou)
    assert err.value.message == BATCH_EMPTY
    with pytest.raises(Forbidden):
        _batch(staff.city_admin, tree.tianshui)
    assert AuditLog.objects.filter(action="access.denied", actor=staff.city_admin).count() == 1
    with pytest.raises(Forbidden):
        allowance_batch_plan(
            actor=staff.city_admin,
            key="x",
            org=tree.tianshui,
            amount="1",
            paid_on=date(2026, 1, 1),
        )
    assert AuditLog.objects.filter(action="access.denied", actor=staff.city_admin).count() == 2
    assert not AllowanceBatch.objects.exists()


def test_batch_zero_amount_is_refused(staff, tree, types, make_honoree):
    make_honoree(tree.base_a, types.national)
    with pytest.raises(ApplicationError) as err:
        _batch(staff.city_admin, tree.lanzhou, amount="0")
    assert err.value.message == money_message("金额", positive=True)
    assert not AllowanceBatch.objects.exists()


def test_care_records_and_their_rules(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.province)
    with pytest.raises(ApplicationError) as err:
        care_record_add(
            actor=staff.county_staff,
            honoree=honoree,
            kind="lecture",
            on=date(2026, 4, 28),
            content="劳模进校园",
        )
    assert err.value.message == LECTURE_COUNTS
    with pytest.raises(ApplicationError) as err:
        care_record_add(
            actor=staff.county_staff,
            honoree=honoree,
            kind="visit",
            on=timezone.localdate() + timedelta(days=2),
            content="春节走访",
        )
    assert err.value.message == CARE_DATE_FUTURE
    care_record_add(
        actor=staff.county_staff,
        honoree=honoree,
        kind="lecture",
        on=date(2026, 4, 28),
        content="劳模进校园",
        team="省劳模宣讲团",
        sessions=3,
        audience=450,
    )
    assert CareRecord.objects.get().audience == 450
    assert stat(tree.province, "honorees.care.lecture") == 1


def test_contact_edit_is_masked_in_the_audit(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.province)
    honoree_update_contact(
        actor=staff.county_admin,
        honoree=honoree,
        phone="13912345678",
        employer="兰州甲公司",
        post="焊工",
    )
    honoree.refresh_from_db()
    assert honoree.phone == "13912345678"
    log = AuditLog.objects.get(action="honoree.update")
    assert "13912345678" not in str(log.changes)


def test_hardship_flag(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.province)
    honoree_set_hardship(actor=staff.county_admin, honoree=honoree, hardship=True)
    honoree.refresh_from_db()
    assert honoree.hardship
    with pytest.raises(Forbidden):
        honoree_set_hardship(actor=staff.tianshui_admin, honoree=honoree, hardship=False)
    honoree.refresh_from_db()
    assert honoree.hardship


def test_unmask_needs_a_grant_and_is_audited(staff, tree, types, make_honoree, make_user):
    honoree = make_honoree(tree.base_a, types.province, phone="13900001111")
    with pytest.raises(Forbidden) as err:
        honoree_unmask(actor=staff.county_admin, honoree=honoree)
    assert err.value.message == PII_FORBIDDEN
    assert AuditLog.objects.filter(action="honoree.unmask", result="denied").count() == 1

    shown = honoree_unmask(actor=staff.county_admin_pii, honoree=honoree)
    assert shown == {"id_number": honoree.id_number, "phone": "13900001111"}

    group = Group.objects.create(name="劳模信息专用")
    group.permissions.add(Permission.objects.get(codename="view_honoree_pii"))
    bound = make_user("honoree_pii", tree.chengguan, "工会管理员")
    bound.groups.add(group)
    bound = type(bound).objects.get(pk=bound.pk)
    assert honoree_unmask(actor=bound, honoree=honoree)["phone"] == "13900001111"
    assert AuditLog.objects.filter(action="honoree.unmask", result="success").count() == 2
