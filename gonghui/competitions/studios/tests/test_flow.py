"""Naming: batches at a level the union may name, applications reviewed one level at a time,
returned, rejected; the refusals and the audit trail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.studios import Studio, StudioLevel, StudioStatus
from gonghui.competitions.studios.services import (
    flow,
    studio_approve,
    studio_batch_create,
    studio_reject,
    studio_return,
    studio_submit,
    studio_update,
)
from gonghui.competitions.studios.services.common import OUT_OF_SCOPE
from gonghui.competitions.studios.tests.conftest import stat as stats_value
from gonghui.conftest import message_pattern
from gonghui.core.errors import ApplicationError, Forbidden


def test_a_union_names_only_at_its_own_level_or_below(staff):
    deadline = timezone.localdate() + timedelta(days=10)
    with pytest.raises(ApplicationError, match=message_pattern(flow.LEVEL_ABOVE_ORG)):
        studio_batch_create(
            actor=staff.city_admin,
            name="省级",
            level=StudioLevel.PROVINCE,
            year=2026,
            deadline=deadline,
        )
    batch = studio_batch_create(
        actor=staff.sysadmin,
        name="省级第五批",
        level=StudioLevel.PROVINCE,
        year=timezone.localdate().year,
        deadline=deadline,
    )
    assert batch.org.name == "甘肃省总工会"
    with pytest.raises(ApplicationError, match=flow.DEADLINE_PAST):
        studio_batch_create(
            actor=staff.county_admin,
            name="企业",
            level=StudioLevel.ENTERPRISE,
            year=timezone.localdate().year,
            deadline=timezone.localdate() - timedelta(days=1),
        )


def test_review_goes_up_one_level_at_a_time_to_the_naming(staff, tree, township_admin, make_studio):
    studio = make_studio()
    assert studio.status == StudioStatus.DRAFT and studio.level == StudioLevel.CITY
    studio = studio_submit(actor=staff.base_admin, studio=studio)
    assert studio.at_org == tree.donggang
    # The county is above the township, but it is not its turn: no level is skipped.
    with pytest.raises(Forbidden, match=flow.NOT_AT_YOUR_UNION):
        studio_approve(actor=staff.county_admin, studio=studio)
    studio = studio_approve(actor=township_admin, studio=studio)
    assert studio.at_org == tree.chengguan and studio.status == StudioStatus.SUBMITTED
    studio = studio_approve(actor=staff.county_admin, studio=studio, opinion="同意推荐")
    assert studio.at_org == tree.lanzhou
    assert stats_value(tree.lanzhou, "studios") == 0
    studio = studio_approve(actor=staff.city_admin, studio=studio)
    assert studio.status == StudioStatus.NAMED and studio.at_org is None
    assert studio.named_on == timezone.localdate()
    assert studio.next_report_year == timezone.localdate().year
    assert stats_value(tree.lanzhou, "studios") == 1
    assert stats_value(tree.base_a, f"studios.{StudioLevel.CITY}") == 1
    actions = list(
        AuditLog.objects.filter(object_id=str(studio.pk)).values_list("action", flat=True)
    )
    assert actions.count("competitions.studio.approve") == 2
    assert "competitions.studio.name" in actions
    with pytest.raises(ApplicationError, match=flow.NOT_SUBMITTED):
        studio_approve(actor=staff.city_admin, studio=studio)


def test_return_and_resubmit_then_reject(staff, tree, township_admin, make_studio):
    studio = studio_submit(actor=staff.base_admin, studio=make_studio())
    with pytest.raises(ApplicationError, match=flow.REASON_REQUIRED):
        studio_return(actor=township_admin, studio=studio, reason=" ")
    studio = studio_return(actor=township_admin, studio=studio, reason="请补充年度创新成果材料")
    assert studio.status == StudioStatus.RETURNED and studio.at_org is None
    studio = studio_update(
        actor=staff.base_admin,
        studio=studio,
        org=studio.org,
        lead=studio.lead,
        name="王师傅焊接创新工作室",
        kind=studio.kind,
    )
    studio = studio_submit(actor=staff.base_admin, studio=studio)
    assert studio.return_reason == "" and studio.at_org == tree.donggang
    studio = studio_reject(actor=township_admin, studio=studio, reason="不符合创建条件")
    assert studio.status == StudioStatus.REJECTED
    with pytest.raises(ApplicationError, match=flow.NOT_EDITABLE):
        studio_submit(actor=staff.base_admin, studio=studio)
    assert stats_value(tree.lanzhou, "studios") == 0


def test_application_refusals(staff, tree, make_studio, make_member, city_batch):
    # A host unit outside the actor's subtree: refused and audited.
    with pytest.raises(Forbidden, match=OUT_OF_SCOPE):
        make_studio(actor=staff.base_admin, org=tree.base_b)
    assert AuditLog.objects.filter(action="access.denied", result="denied").exists()
    # A host unit outside the batch's union.
    with pytest.raises(ApplicationError, match=message_pattern(flow.HOST_OUTSIDE_BATCH)):
        make_studio(actor=staff.tianshui_admin, org=tree.base_d)
    # A lead from another union.
    other = make_member(tree.base_c, name="李四")
    with pytest.raises(ApplicationError, match=flow.LEAD_OUTSIDE):
        make_studio(actor=staff.base_admin, lead=other)
    make_studio(name="同名工作室")
    with pytest.raises(ApplicationError, match=message_pattern(flow.DUPLICATE_NAME)):
        make_studio(name="同名工作室")
    assert Studio.objects.count() == 1


def test_no_application_after_the_deadline(staff, make_studio, city_batch):
    studio = make_studio()
    city_batch.deadline = timezone.localdate() - timedelta(days=1)
    city_batch.save()
    with pytest.raises(ApplicationError, match=message_pattern(flow.BATCH_CLOSED)):
        studio_submit(actor=staff.base_admin, studio=studio)
    with pytest.raises(ApplicationError, match=message_pattern(flow.BATCH_CLOSED)):
        make_studio()
    studio.refresh_from_db()
    assert studio.status == StudioStatus.DRAFT


def test_a_named_studio_changes_only_its_plaque_alliance_and_intro(staff, named_studio):
    studio = studio_update(
        actor=staff.base_admin,
        studio=named_studio,
        org=named_studio.org,
        lead=named_studio.lead,
        name="改名",
        kind=named_studio.kind,
        plaque="hung",
        alliance="兰州市劳模创新工作室联盟",
    )
    studio.refresh_from_db()
    assert studio.name != "改名"
    assert studio.plaque == "hung" and studio.alliance == "兰州市劳模创新工作室联盟"
