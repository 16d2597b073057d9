"""「推荐疗休养」 from the honoree page: a durable, audited call of the 疗休养 app."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.conftest import login
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.honors.care.services import honoree_recommend_recuperation, open_batches
from gonghui.honors.care.services.recuperation import BATCH_NOT_OPEN, NOT_ALIVE
from gonghui.recuperation.models import BaseLevel, Batch, Category, Participant
from gonghui.recuperation.services import (
    batch_create,
    batch_set_quotas,
    plan_create,
    resort_create,
)
from gonghui.recuperation.services.participants import DUPLICATE, QUOTA_FULL


@pytest.fixture
def batch(staff, tree):
    resort = resort_create(
        actor=staff.sysadmin,
        org=tree.province,
        name="天水麦积山劳模疗休养基地",
        place="天水市麦积区",
        level=BaseLevel.PROVINCE,
        plaque=True,
    )
    plan = plan_create(actor=staff.sysadmin, org=tree.province, year=2026, title="劳模疗休养")
    start = timezone.localdate() + timedelta(days=20)
    return batch_create(
        actor=staff.sysadmin,
        plan=plan,
        name="第1批",
        resort=resort,
        start_on=start,
        end_on=start + timedelta(days=6),
        places=10,
        route="兰州—天水—麦积山",
    )


def _url(honoree):
    return f"/honors/honorees/{honoree.pk}/recuperation/"


def test_the_page_recommends_an_honoree_and_lists_it(staff, tree, types, make_honoree, batch):
    honoree = make_honoree(tree.base_a, types.national, name="张秀兰")
    client = login(staff.city_admin)
    page = client.get(f"/honors/honorees/{honoree.pk}/").content.decode()
    assert "推荐疗休养" in page and "第1批" in page and "暂无疗休养记录" in page
    done = client.post(_url(honoree), {"batch": batch.pk})
    assert done.status_code == 302
    p = Participant.objects.get()
    assert p.category == Category.MODEL_WORKER and p.name == "张秀兰"
    assert p.source_ref == f"honors:honoree:{honoree.pk}" and p.org == honoree.org
    assert AuditLog.objects.filter(action="honoree.recuperation", result="success").count() == 1
    assert AuditLog.objects.filter(action="recuperation.participant_add").count() == 1
    page = client.get(f"/honors/honorees/{honoree.pk}/").content.decode()
    assert "暂无疗休养记录" not in page and "天水麦积山劳模疗休养基地" in page


def test_twice_and_over_quota_are_form_errors(staff, tree, types, make_honoree, batch):
    first = make_honoree(tree.base_a, types.national)
    second = make_honoree(tree.base_a, types.medal)
    batch_set_quotas(actor=staff.sysadmin, batch=batch, quotas={tree.lanzhou: 1})
    client = login(staff.city_admin)
    assert client.post(_url(first), {"batch": batch.pk}).status_code == 302
    twice = client.post(_url(first), {"batch": batch.pk})
    assert twice.status_code == 409
    assert DUPLICATE.format(name=first.name) in twice.content.decode()
    full = client.post(_url(second), {"batch": batch.pk})
    assert full.status_code == 409
    assert QUOTA_FULL.format(org=tree.lanzhou.name, places=1, count=1) in full.content.decode()
    assert Participant.objects.count() == 1
    assert AuditLog.objects.filter(action="honoree.recuperation", result="success").count() == 1


def test_a_departed_batch_is_not_offered_nor_accepted(staff, tree, types, make_honoree, batch):
    honoree = make_honoree(tree.base_a, types.national)
    Batch.objects.filter(pk=batch.pk).update(start_on=timezone.localdate())
    assert not open_batches(user=staff.city_admin, honoree=honoree).exists()
    refused = login(staff.city_admin).post(_url(honoree), {"batch": batch.pk})
    assert refused.status_code == 400 and not Participant.objects.exists()
    with pytest.raises(ApplicationError) as err:
        honoree_recommend_recuperation(actor=staff.city_admin, honoree=honoree, batch=batch)
    assert err.value.message == BATCH_NOT_OPEN


def test_scope_and_the_dead_are_refused(staff, tree, types, make_honoree, batch):
    honoree = make_honoree(tree.base_a, types.national)
    outside = login(staff.tianshui_admin).post(_url(honoree), {"batch": batch.pk})
    assert outside.status_code == 404
    # An auditor has no 办理疗休养.
    assert login(staff.county_auditor).post(_url(honoree), {"batch": batch.pk}).status_code == 403
    from gonghui.honors.care.services import honoree_record_death

    honoree_record_death(actor=staff.sysadmin, honoree=honoree, died_on=timezone.localdate())
    with pytest.raises(ApplicationError) as err:
        honoree_recommend_recuperation(actor=staff.city_admin, honoree=honoree, batch=batch)
    assert err.value.message == NOT_ALIVE.format(name=honoree.name)
    assert not Participant.objects.exists()


def test_a_retired_honoree_is_linked_to_his_member_record(
    staff, tree, types, make_member, make_honoree, batch
):
    """A 劳模 who has left the union (retired) keeps his member record: the participant points
    at it; twice and the quota are refused as for anyone."""
    from gonghui.members.models import MemberStatus
    from gonghui.members.services import member_leave

    retired = make_member(tree.base_a, name="王师傅", id_number=_id_of(7))
    member_leave(actor=staff.sysadmin, member=retired)
    retired.refresh_from_db()
    assert retired.status == MemberStatus.LEFT
    honoree = make_honoree(tree.base_a, types.national, name="王师傅", id_number=_id_of(7))
    assert honoree.member_id == retired.pk
    other = make_honoree(tree.base_a, types.medal, name="无会籍劳模")
    assert other.member_id is None
    batch_set_quotas(actor=staff.sysadmin, batch=batch, quotas={tree.lanzhou: 1})

    p = honoree_recommend_recuperation(actor=staff.city_admin, honoree=honoree, batch=batch)
    assert p.member_id == retired.pk and p.org == honoree.org and p.name == "王师傅"
    with pytest.raises(Conflict) as twice:
        honoree_recommend_recuperation(actor=staff.city_admin, honoree=honoree, batch=batch)
    assert twice.value.message == DUPLICATE.format(name="王师傅")
    with pytest.raises(Conflict) as full:
        honoree_recommend_recuperation(actor=staff.city_admin, honoree=other, batch=batch)
    assert full.value.message == QUOTA_FULL.format(org=tree.lanzhou.name, places=1, count=1)
    assert Participant.objects.count() == 1


def test_a_linked_record_of_another_person_is_refused(staff, tree, make_member, batch):
    from gonghui.recuperation.services import add_participant
    from gonghui.recuperation.services.participants import LINKED_MISMATCH

    someone = make_member(tree.base_a, name="甲", id_number=_id_of(8))
    with pytest.raises(ApplicationError) as err:
        add_participant(
            actor=staff.city_admin,
            batch=batch,
            name="乙",
            id_number=_id_of(9),
            category=Category.MODEL_WORKER,
            org=tree.base_a,
            linked_member=someone,
        )
    assert err.value.message == LINKED_MISMATCH
    assert not Participant.objects.exists()


def _id_of(n: int) -> str:
    from gonghui.conftest import id_with_check

    return id_with_check(f"62010219700101{n:03d}")
