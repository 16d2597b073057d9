"""Academies (工匠学院) and their courses.

An academy is named by a union (the actor's own, `naming_org`) at a level its tier allows
(`ACADEMY_LEVEL_MIN_TIER`: a 省级 academy by the province), and hosted by an active unit of its
subtree. The naming union edits it and may revoke it (with a reason): a revoked academy takes
no new course or class and leaves the statistics.
"""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.competitions.models.training import (
    ACADEMY_LEVEL_MIN_TIER,
    Academy,
    AcademyLevel,
    AcademyStatus,
    Course,
    CourseMode,
)
from gonghui.competitions.training.metrics import academy_figures, stats_changed
from gonghui.competitions.training.services.common import line, require_scope
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError
from gonghui.orgs.models import Org, OrgStatus

NO_ORG = "您的账号未归属任何工会，不能命名工匠学院。"
LEVEL_INVALID = "请选择学院级别。"
LEVEL_ABOVE_ORG = "「{org}」不能命名{level}，学院级别不能高于命名工会的级别。"
HOST_OUTSIDE = "依托单位须在命名工会「{org}」的范围内。"
HOST_INACTIVE = "「{name}」已撤销或合并，不能作为依托单位。"
NAMED_IN_FUTURE = "命名日期不能晚于今天。"
DUPLICATE_NAME = "「{org}」已有名为「{name}」的工匠学院。"
REVOKED = "工匠学院「{name}」已撤销，不能再办理。"
ALREADY_REVOKED = "该工匠学院已撤销。"
MODE_INVALID = "请选择课程形式（线上或线下）。"
HOURS_INVALID = "学时应在0.5到999之间，以0.5学时为单位。"
REASON_REQUIRED = "请填写撤销理由。"


def _level(level: str, naming_org: Org) -> str:
    if level not in AcademyLevel.values:
        raise ApplicationError(LEVEL_INVALID, field="level")
    if naming_org.level > ACADEMY_LEVEL_MIN_TIER[level]:
        label = AcademyLevel(level).label
        raise ApplicationError(
            LEVEL_ABOVE_ORG.format(org=naming_org.name, level=label), field="level"
        )
    return level


def _host(actor: User, org: Org, naming_org: Org) -> Org:
    require_scope(actor, org)
    if not org.path.startswith(naming_org.path):
        raise ApplicationError(HOST_OUTSIDE.format(org=naming_org.name), field="org")
    if org.status != OrgStatus.ACTIVE:
        raise ApplicationError(HOST_INACTIVE.format(name=org.name), field="org")
    return org


def _save(academy: Academy) -> None:
    try:
        with transaction.atomic():
            academy.save()
    except IntegrityError:
        raise ApplicationError(
            DUPLICATE_NAME.format(org=academy.org.name, name=academy.name), field="name"
        ) from None


def _snapshot(academy: Academy) -> dict:
    return {
        "name": academy.name,
        "level": academy.level,
        "host": academy.org.name,
        "batch": academy.batch,
        "named_on": academy.named_on.isoformat(),
    }


def _named_on(value: date) -> date:
    if value > timezone.localdate():
        raise ApplicationError(NAMED_IN_FUTURE, field="named_on")
    return value


@atomic_keeping_denials(durable=True)
def academy_create(
    *,
    actor: User,
    name: str,
    level: str,
    org: Org,
    named_on: date,
    batch: str = "",
    intro: str = "",
) -> Academy:
    """An academy named by the actor's own union, hosted by a unit of its subtree."""
    naming_org = actor.org
    if naming_org is None:
        raise ApplicationError(NO_ORG)
    academy = Academy(
        name=line(name, label="学院名称", field="name", max_length=80),
        level=_level(level, naming_org),
        org=_host(actor, org, naming_org),
        naming_org=naming_org,
        batch=line(batch, label="命名批次", field="batch", max_length=40, required=False),
        named_on=_named_on(named_on),
        intro=clean_text(intro, multiline=True, label="简介", field="intro"),
        created_by=actor,
    )
    _save(academy)
    stats_changed({}, academy_figures(academy))
    audit_record(
        actor=actor,
        action="competitions.training.academy_create",
        obj=academy,
        org=academy.org,
        changes=_snapshot(academy),
    )
    return academy


def _locked(academy: Academy) -> Academy:
    return (
        Academy.objects.select_for_update(of=("self",))
        .select_related("org", "naming_org")
        .get(pk=academy.pk)
    )


@atomic_keeping_denials(durable=True)
def academy_update(
    *,
    actor: User,
    academy: Academy,
    name: str,
    level: str,
    org: Org,
    named_on: date,
    batch: str = "",
    intro: str = "",
) -> Academy:
    academy = _locked(academy)
    require_scope(actor, academy.naming_org, academy)
    if academy.status != AcademyStatus.ACTIVE:
        raise ApplicationError(REVOKED.format(name=academy.name))
    before, figures = _snapshot(academy), academy_figures(academy)
    academy.name = line(name, label="学院名称", field="name", max_length=80)
    academy.level = _level(level, academy.naming_org)
    academy.org = _host(actor, org, academy.naming_org)
    academy.batch = line(batch, label="命名批次", field="batch", max_length=40, required=False)
    academy.named_on = _named_on(named_on)
    academy.intro = clean_text(intro, multiline=True, label="简介", field="intro")
    after = _snapshot(academy)
    _save(academy)
    stats_changed(figures, academy_figures(academy))
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        audit_record(
            actor=actor,
            action="competitions.training.academy_update",
            obj=academy,
            org=academy.org,
            changes=changes,
        )
    return academy


@atomic_keeping_denials(durable=True)
def academy_revoke(*, actor: User, academy: Academy, reason: str) -> Academy:
    academy = _locked(academy)
    require_scope(actor, academy.naming_org, academy)
    if academy.status != AcademyStatus.ACTIVE:
        raise ApplicationError(ALREADY_REVOKED)
    reason = line(reason, label="撤销理由", field="reason", max_length=200)
    figures = academy_figures(academy)
    academy.status = AcademyStatus.REVOKED
    academy.save(update_fields=["status"])
    stats_changed(figures, academy_figures(academy))
    audit_record(
        actor=actor,
        action="competitions.training.academy_revoke",
        obj=academy,
        org=academy.org,
        changes={"name": academy.name, "reason": reason},
    )
    return academy


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except ArithmeticError:
        raise ApplicationError(HOURS_INVALID, field="hours") from None
    if not hours.is_finite() or not Decimal("0.5") <= hours <= 999 or (hours * 2) % 1:
        raise ApplicationError(HOURS_INVALID, field="hours")
    return hours


@atomic_keeping_denials(durable=True)
def course_create(
    *,
    actor: User,
    academy: Academy,
    title: str,
    mode: str,
    hours,
    trade: str = "",
    intro: str = "",
) -> Course:
    """A course of an active academy, by staff whose subtree holds its host unit; an online
    one gets its video on the online courses' pages, an offline one gets classes."""
    academy = _locked(academy)
    require_scope(actor, academy.org, academy)
    if academy.status != AcademyStatus.ACTIVE:
        raise ApplicationError(REVOKED.format(name=academy.name))
    if mode not in CourseMode.values:
        raise ApplicationError(MODE_INVALID, field="mode")
    figures = academy_figures(academy)
    course = Course.objects.create(
        academy=academy,
        title=line(title, label="课程名称", field="title", max_length=80),
        mode=mode,
        trade=line(trade, label="工种", field="trade", max_length=40, required=False),
        hours=_hours(hours),
        intro=clean_text(intro, multiline=True, label="课程简介", field="intro"),
        created_by=actor,
    )
    stats_changed(figures, academy_figures(academy))
    audit_record(
        actor=actor,
        action="competitions.training.course_create",
        obj=academy,
        org=academy.org,
        changes={
            "course": course.title,
            "mode": course.mode,
            "trade": course.trade,
            "hours": str(course.hours),
        },
    )
    return course


@atomic_keeping_denials(durable=True)
def course_update(
    *, actor: User, course: Course, title: str, hours, trade: str = "", intro: str = ""
) -> Course:
    """Correct a course's title, trade, 学时 and introduction (its form stays: an online course
    keeps its video, an offline one its classes); refused once its academy is revoked."""
    academy = _locked(course.academy)
    require_scope(actor, academy.org, academy)
    if academy.status != AcademyStatus.ACTIVE:
        raise ApplicationError(REVOKED.format(name=academy.name))
    course = Course.objects.select_for_update().get(pk=course.pk)
    before = {"title": course.title, "trade": course.trade, "hours": f"{course.hours:.1f}"}
    course.title = line(title, label="课程名称", field="title", max_length=80)
    course.trade = line(trade, label="工种", field="trade", max_length=40, required=False)
    course.hours = _hours(hours)
    course.intro = clean_text(intro, multiline=True, label="课程简介", field="intro")
    course.save(update_fields=["title", "trade", "hours", "intro"])
    after = {"title": course.title, "trade": course.trade, "hours": f"{course.hours:.1f}"}
    audit_record(
        actor=actor,
        action="competitions.training.course_update",
        obj=academy,
        org=academy.org,
        changes={
            "course": course.title,
            **{key: [before[key], after[key]] for key in before if before[key] != after[key]},
        },
    )
    return course
