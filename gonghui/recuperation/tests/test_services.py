"""疗休养 rules: scope, the organiser, quotas per union and the total, states, the public API
honors uses, statistics equal a recount, the 待办 of the organiser."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.inbox.models import OpenItem
from gonghui.metrics.registry import provider
from gonghui.metrics.services import stats_differences
from gonghui.recuperation import services as svc
from gonghui.recuperation.models import Batch, Category, Participant, ParticipantStatus
from gonghui.recuperation.selectors import (
    batch_list,
    participant_list,
    participations_for,
    plan_list,
)
from gonghui.recuperation.services import catalogue, participants


def _no_stat_differences():
    mine = provider("recuperation")
    return [d for d in stats_differences() if mine.owns(d.metric)]


def _add(staff, batch, member, actor=None, **kw):
    return svc.add_participant(actor=actor or staff.county_admin, batch=batch, member=member, **kw)


def test_member_is_added_with_a_masked_audit(tree, staff, batch, make_member):
    member = make_member(tree.base_a, name="张劳模", id_number=VALID_IDS[0])
    p = _add(staff, batch, member, category=Category.MODEL_WORKER)
    assert (p.org, p.name, p.status) == (tree.base_a, "张劳模", ParticipantStatus.NOMINATED)
    assert p.id_number == VALID_IDS[0]
    batch.refresh_from_db()
    assert batch.taken == 1
    row = AuditLog.objects.get(action="recuperation.participant_add")
    assert VALID_IDS[0] not in str(row.changes) and row.changes["id_number"] == p.id_number_masked


def test_non_member_by_name_and_id_for_honors(tree, staff, batch):
    p = svc.add_participant(
        actor=staff.county_admin,
        batch=batch,
        name="王老劳模",
        id_number=VALID_IDS[1],
        category=Category.MODEL_WORKER,
        source_ref="honors:honoree:7",
    )
    assert p.member is None and p.org == tree.chengguan
    assert list(participations_for("honors:honoree:7")) == [p]
    assert list(participations_for("honors:honoree:8")) == []
    with pytest.raises(ApplicationError) as exc:
        svc.add_participant(actor=staff.county_admin, batch=batch, name="", id_number=VALID_IDS[2])
    assert exc.value.message == participants.NAME_REQUIRED
    with pytest.raises(ApplicationError):
        svc.add_participant(actor=staff.county_admin, batch=batch, name="某", id_number="123")
    assert Participant.objects.count() == 1


def test_same_person_twice_is_refused_until_cancelled(tree, staff, batch, make_member):
    member = make_member(tree.base_a, name="李", id_number=VALID_IDS[0])
    first = _add(staff, batch, member)
    with pytest.raises(Conflict) as exc:
        svc.add_participant(
            actor=staff.county_admin, batch=batch, name="李", id_number=VALID_IDS[0]
        )
    assert exc.value.message == participants.DUPLICATE.format(name="李")
    svc.participant_cancel(actor=staff.county_admin, participant=first, reason="生病")
    again = _add(staff, batch, member)
    assert again.status == ParticipantStatus.NOMINATED


def test_quota_per_union_is_enforced_with_a_clear_refusal(tree, staff, batch, make_member):
    svc.batch_set_quotas(
        actor=staff.sysadmin, batch=batch, quotas={tree.lanzhou: 2, tree.tianshui: 1}
    )
    a, b, c = (make_member(tree.base_a, name=n) for n in "甲乙丙")
    _add(staff, batch, a)
    _add(staff, batch, b)
    with pytest.raises(Conflict) as exc:
        _add(staff, batch, c)
    assert exc.value.message == participants.QUOTA_FULL.format(
        org=tree.lanzhou.name, places=2, count=2
    )
    assert exc.value.status == 409
    d = make_member(tree.base_d, name="丁")
    _add(staff, batch, d, actor=staff.tianshui_admin)
    batch.refresh_from_db()
    assert batch.taken == 3 == Participant.objects.filter(batch=batch).count()


def test_union_without_quota_and_total_full(tree, staff, plan, resort, make_member):
    start = timezone.localdate() + timedelta(days=10)
    small = svc.batch_create(
        actor=staff.sysadmin,
        plan=plan,
        name="小批",
        resort=resort,
        start_on=start,
        end_on=start,
        places=1,
    )
    _add(staff, small, make_member(tree.base_a, name="一"))
    with pytest.raises(Conflict) as exc:
        _add(staff, small, make_member(tree.base_a, name="二"))
    assert exc.value.message == participants.BATCH_FULL.format(places=1, count=1)
    svc.batch_update(
        actor=staff.sysadmin,
        batch=small,
        name="小批",
        resort=resort,
        start_on=start,
        end_on=start,
        places=3,
    )
    svc.batch_set_quotas(actor=staff.sysadmin, batch=small, quotas={tree.chengguan: 2})
    with pytest.raises(ApplicationError) as exc:
        _add(staff, small, make_member(tree.base_c, name="三"), actor=staff.sysadmin)
    assert exc.value.message == participants.NO_QUOTA.format(org=tree.base_c.name)


def test_quota_split_refusals(tree, staff, batch, make_member):
    with pytest.raises(ApplicationError) as exc:
        svc.batch_set_quotas(
            actor=staff.sysadmin, batch=batch, quotas={tree.lanzhou: 8, tree.tianshui: 3}
        )
    assert exc.value.message == catalogue.QUOTA_OVER_TOTAL.format(total=11, places=10)
    with pytest.raises(ApplicationError) as exc:
        svc.batch_set_quotas(
            actor=staff.sysadmin, batch=batch, quotas={tree.lanzhou: 2, tree.chengguan: 1}
        )
    assert exc.value.message == catalogue.QUOTA_NESTED.format(
        org=tree.chengguan.name, other=tree.lanzhou.name
    )
    _add(staff, batch, make_member(tree.base_a))
    _add(staff, batch, make_member(tree.base_a))
    with pytest.raises(ApplicationError) as exc:
        svc.batch_set_quotas(actor=staff.sysadmin, batch=batch, quotas={tree.lanzhou: 1})
    assert exc.value.message == catalogue.QUOTA_BELOW_TAKEN.format(org=tree.lanzhou.name, count=2)
    with pytest.raises(Forbidden):
        svc.batch_set_quotas(actor=staff.city_admin, batch=batch, quotas={tree.chengguan: 1})
    assert not batch.quotas.exists()


def test_scope_refusals(tree, staff, batch, make_member):
    member = make_member(tree.base_a)
    with pytest.raises(Forbidden):
        _add(staff, batch, member, actor=staff.sibling_admin)
    assert not Participant.objects.exists()
    assert AuditLog.objects.filter(action="access.denied", actor=staff.sibling_admin).exists()
    city_plan = svc.plan_create(
        actor=staff.city_admin, org=tree.lanzhou, year=2026, title="职工疗休养"
    )
    start = timezone.localdate() + timedelta(days=5)
    city_batch = svc.batch_create(
        actor=staff.city_admin,
        plan=city_plan,
        name="兰州第1批",
        resort=batch.resort,
        start_on=start,
        end_on=start,
        places=5,
    )
    with pytest.raises(ApplicationError) as exc:
        _add(staff, city_batch, make_member(tree.base_d), actor=staff.sysadmin)
    assert exc.value.message == participants.OUTSIDE_PLAN.format(
        org=tree.base_d.name, plan_org=tree.lanzhou.name
    )
    assert list(plan_list(user=staff.tianshui_admin)) == [batch.plan]
    assert set(plan_list(user=staff.county_admin)) == {batch.plan, city_plan}
    assert list(batch_list(user=staff.tianshui_admin)) == [batch]


def test_states_and_who_decides(tree, staff, batch, make_member):
    p = _add(staff, batch, make_member(tree.base_a))
    with pytest.raises(Forbidden):
        svc.participant_confirm(actor=staff.county_admin, participant=p)
    with pytest.raises(ApplicationError) as exc:
        svc.participant_complete(actor=staff.sysadmin, participant=p)
    assert exc.value.message == participants.WRONG_STATUS.format(
        status="推荐/报名", action="登记已出行"
    )
    svc.participant_confirm(actor=staff.sysadmin, participant=p)
    with pytest.raises(ApplicationError) as exc:
        svc.participant_complete(actor=staff.sysadmin, participant=p)
    assert exc.value.message == participants.NOT_STARTED.format(start=batch.start_on.isoformat())
    Batch.objects.filter(pk=batch.pk).update(start_on=timezone.localdate())
    p.refresh_from_db()
    svc.participant_complete(actor=staff.sysadmin, participant=p)
    p.refresh_from_db()
    assert p.status == ParticipantStatus.COMPLETED
    with pytest.raises(ApplicationError):
        svc.participant_cancel(actor=staff.sysadmin, participant=p)
    assert [
        r.action for r in AuditLog.objects.filter(action__startswith="recuperation.").order_by("id")
    ][-2:] == [
        "recuperation.confirm",
        "recuperation.complete",
    ]
    with pytest.raises(ApplicationError) as exc:
        _add(staff, Batch.objects.get(pk=batch.pk), make_member(tree.base_a))
    assert exc.value.message == participants.BATCH_STARTED.format(
        start=timezone.localdate().isoformat()
    )


def test_lower_unions_see_only_their_people(tree, staff, batch, make_member):
    mine = _add(staff, batch, make_member(tree.base_a, name="城关人"))
    theirs = _add(staff, batch, make_member(tree.base_d, name="天水人"), actor=staff.tianshui_admin)
    assert list(participant_list(user=staff.county_admin, batch=batch)) == [mine]
    assert list(participant_list(user=staff.sysadmin, batch=batch)) == [mine, theirs]


def test_statistics_equal_a_recount(tree, staff, batch, make_member):
    people = [_add(staff, batch, make_member(tree.base_a)) for _ in range(3)]
    for p in people[:2]:
        svc.participant_confirm(actor=staff.sysadmin, participant=p)
    Batch.objects.filter(pk=batch.pk).update(start_on=timezone.localdate())
    svc.participant_complete(actor=staff.sysadmin, participant=people[0])
    svc.participant_cancel(actor=staff.sysadmin, participant=people[1])
    assert _no_stat_differences() == []
    from gonghui.metrics.models import OrgStat

    period = f"{timezone.localdate():%Y-%m}"
    province = OrgStat.objects.get(
        org=tree.province, metric="recuperation.participants", period=period
    )
    assert province.value == 1


def test_inbox_item_for_the_organiser(tree, staff, batch, make_member):
    p1 = _add(staff, batch, make_member(tree.base_a))
    p2 = _add(staff, batch, make_member(tree.base_a))
    item = OpenItem.objects.get(kind="recuperation.confirm", ref=str(batch.pk))
    assert item.org_id == tree.province.pk and "2 人待确认" in item.summary
    svc.participant_confirm(actor=staff.sysadmin, participant=p1)
    assert "1 人待确认" in OpenItem.objects.get(kind="recuperation.confirm").summary
    svc.participant_cancel(actor=staff.county_admin, participant=p2)
    assert not OpenItem.objects.filter(kind="recuperation.confirm").exists()
