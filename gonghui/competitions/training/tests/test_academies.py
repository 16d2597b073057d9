"""Academies: named at the tier their level allows, hosted in the naming union's subtree,
edited and revoked by it; courses; the roll-ups follow in the same transaction."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.training import Academy, AcademyStatus, Course, CourseMode
from gonghui.competitions.training import selectors as sel
from gonghui.competitions.training.services import (
    academy_create,
    academy_revoke,
    academy_update,
    course_create,
)
from gonghui.competitions.training.services.academies import (
    ALREADY_REVOKED,
    DUPLICATE_NAME,
    HOST_OUTSIDE,
    HOURS_INVALID,
    LEVEL_ABOVE_ORG,
    NAMED_IN_FUTURE,
    REVOKED,
)
from gonghui.competitions.training.services.common import OUT_OF_SCOPE
from gonghui.competitions.training.tests.conftest import stat
from gonghui.core.errors import ApplicationError, Forbidden, NotFound

pytestmark = pytest.mark.django_db


def test_the_province_names_a_province_academy_and_it_counts_at_the_host(academy, tree):
    assert (academy.naming_org, academy.org, academy.status) == (
        tree.province,
        tree.chengguan,
        AcademyStatus.ACTIVE,
    )
    for org in (tree.chengguan, tree.lanzhou, tree.province):
        assert stat(org, "training.academies") == 1
        assert stat(org, "training.academies.province") == 1
    assert stat(tree.tianshui, "training.academies") == 0
    assert AuditLog.objects.filter(action="competitions.training.academy_create").count() == 1


def test_a_city_cannot_name_a_province_academy(staff, tree):
    with pytest.raises(ApplicationError) as refused:
        academy_create(
            actor=staff.city_admin,
            name="兰州工匠学院",
            level="province",
            org=tree.chengguan,
            named_on=date(2024, 1, 1),
        )
    assert refused.value.message == LEVEL_ABOVE_ORG.format(org="兰州市总工会", level="省级工匠学院")
    assert refused.value.field == "level"
    city = academy_create(
        actor=staff.city_admin,
        name="兰州工匠学院",
        level="city",
        org=tree.chengguan,
        named_on=date(2024, 1, 1),
    )
    assert Academy.objects.get() == city


def test_a_county_names_no_academy_at_all(staff, tree):
    with pytest.raises(ApplicationError) as refused:
        academy_create(
            actor=staff.county_admin,
            name="城关工匠学院",
            level="city",
            org=tree.chengguan,
            named_on=date(2024, 1, 1),
        )
    assert refused.value.field == "level"
    assert not Academy.objects.exists()


def test_the_host_must_be_in_the_naming_unions_subtree(staff, tree):
    with pytest.raises(Forbidden) as refused:
        academy_create(
            actor=staff.city_admin,
            name="兰州工匠学院",
            level="city",
            org=tree.base_d,
            named_on=date(2024, 1, 1),
        )
    assert refused.value.message == OUT_OF_SCOPE
    assert AuditLog.objects.filter(action="access.denied", result="denied").exists()
    assert not Academy.objects.exists()


def test_only_the_naming_union_edits_and_the_host_stays_in_its_subtree(staff, tree, academy):
    with pytest.raises(Forbidden):
        academy_update(
            actor=staff.city_admin,
            academy=academy,
            name=academy.name,
            level=academy.level,
            org=tree.base_a,
            named_on=academy.named_on,
        )
    city = academy_create(
        actor=staff.city_admin,
        name="兰州工匠学院",
        level="city",
        org=tree.chengguan,
        named_on=date(2024, 1, 1),
    )
    with pytest.raises(ApplicationError) as refused:
        academy_update(
            actor=staff.sysadmin,
            academy=city,
            name=city.name,
            level=city.level,
            org=tree.base_d,
            named_on=city.named_on,
        )
    assert refused.value.message == HOST_OUTSIDE.format(org="兰州市总工会")
    assert Academy.objects.get(pk=city.pk).org == tree.chengguan


def test_duplicate_name_and_future_date_are_refused(staff, tree, academy):
    with pytest.raises(ApplicationError) as twice:
        academy_create(
            actor=staff.sysadmin,
            name="甘肃省工匠学院",
            level="province",
            org=tree.chengguan,
            named_on=date(2024, 1, 1),
        )
    assert twice.value.message == DUPLICATE_NAME.format(org="城关区总工会", name="甘肃省工匠学院")
    with pytest.raises(ApplicationError) as future:
        academy_create(
            actor=staff.sysadmin,
            name="新学院",
            level="province",
            org=tree.chengguan,
            named_on=timezone.localdate() + timedelta(days=1),
        )
    assert future.value.message == NAMED_IN_FUTURE
    assert Academy.objects.count() == 1


def test_moving_the_host_moves_the_count(staff, tree, academy):
    academy_update(
        actor=staff.sysadmin,
        academy=academy,
        name="甘肃省工匠学院（天水）",
        level="province",
        org=tree.tianshui,
        named_on=academy.named_on,
        batch="第一批",
    )
    assert stat(tree.lanzhou, "training.academies") == 0
    assert stat(tree.tianshui, "training.academies.province") == 1
    row = AuditLog.objects.get(action="competitions.training.academy_update")
    assert row.changes["host"] == ["城关区总工会", "天水市总工会"]


def test_revoking_needs_a_reason_and_takes_the_academy_and_its_courses_out(
    staff, tree, academy, course
):
    assert stat(tree.province, "training.courses") == 1
    with pytest.raises(ApplicationError):
        academy_revoke(actor=staff.sysadmin, academy=academy, reason=" ")
    assert Academy.objects.get().status == AcademyStatus.ACTIVE
    academy_revoke(actor=staff.sysadmin, academy=academy, reason="连续两年未开展培训")
    assert Academy.objects.get().status == AcademyStatus.REVOKED
    assert stat(tree.province, "training.academies") == 0
    assert stat(tree.province, "training.courses") == 0
    with pytest.raises(ApplicationError) as again:
        academy_revoke(actor=staff.sysadmin, academy=academy, reason="再次")
    assert again.value.message == ALREADY_REVOKED
    with pytest.raises(ApplicationError) as closed:
        course_create(actor=staff.sysadmin, academy=academy, title="电工", mode="offline", hours=8)
    assert closed.value.message == REVOKED.format(name="甘肃省工匠学院")


def test_only_the_naming_union_revokes(staff, academy):
    with pytest.raises(Forbidden):
        academy_revoke(actor=staff.county_admin, academy=academy, reason="越权")
    assert Academy.objects.get().status == AcademyStatus.ACTIVE


def test_courses_count_by_mode(staff, tree, academy, course):
    course_create(
        actor=staff.county_admin, academy=academy, title="安全生产", mode="online", hours="2.5"
    )
    assert stat(tree.chengguan, "training.courses") == 2
    assert stat(tree.chengguan, "training.courses.offline") == 1
    assert stat(tree.chengguan, "training.courses.online") == 1
    for hours in ("0", "0.3", "1000", "NaN"):
        with pytest.raises(ApplicationError) as refused:
            course_create(
                actor=staff.county_admin, academy=academy, title="电工", mode="offline", hours=hours
            )
        assert refused.value.message == HOURS_INVALID
    assert Course.objects.count() == 2
    assert Course.objects.get(mode=CourseMode.ONLINE).hours == Decimal("2.5")


def test_scope_of_the_selectors(staff, academy):
    assert list(sel.academy_list(user=staff.county_admin)) == [academy]
    assert list(sel.academy_list(user=staff.sysadmin, level="city")) == []
    assert list(sel.academy_list(user=staff.sysadmin, q="工匠")) == [academy]
    with pytest.raises(NotFound):
        sel.access_academy_by_id(staff.tianshui_admin, academy.pk)
    assert AuditLog.objects.filter(actor=staff.tianshui_admin, action="access.denied").exists()
    assert sel.can_manage_academy(staff.sysadmin, academy)
    assert not sel.can_manage_academy(staff.county_admin, academy)
