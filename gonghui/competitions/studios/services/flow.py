"""Naming: a batch opened by a union → an application by the host unit's union → review and
recommendation one union at a time up to the batch's union → named (or returned, or rejected).

Who acts: the batch is opened by staff of the union itself (`actor.org`), at a level its tier
may name; an application is written and submitted by staff whose subtree holds the host unit;
each review step is taken by staff of the union whose turn it is (`at_org`), no other — not
even one above it, which would skip a level.
"""

from datetime import date
from typing import Any

from django.db import IntegrityError
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.competitions.models.studios import (
    EDITABLE_STATUSES,
    LEVEL_MIN_TIER,
    PlaqueStatus,
    Studio,
    StudioBatch,
    StudioKind,
    StudioLevel,
    StudioStatus,
)
from gonghui.competitions.studios.metrics import stats_studio_changed
from gonghui.competitions.studios.services.common import locked, require_scope, studio_snapshot
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.inbox.services import refresh
from gonghui.members.models import Member
from gonghui.members.pickers import members_holding
from gonghui.orgs.models import Org, OrgStatus

NO_ORG = "您的账号未归属任何工会，不能办理创新工作室。"
NAME_REQUIRED = "请填写名称。"
NAME_TOO_LONG = "名称不能超过80个字。"
LEVEL_INVALID = "请选择级别。"
KIND_INVALID = "请选择工作室类型。"
LEVEL_ABOVE_ORG = "「{org}」不能发起{level}创新工作室的命名，级别不能高于发起工会的级别。"
YEAR_INVALID = "年度应在2000年至{max}年之间。"
DEADLINE_PAST = "申报截止日期不能早于今天。"
HOST_OUTSIDE_BATCH = "依托单位须在批次发起工会「{org}」的范围内。"
HOST_INACTIVE = "「{name}」已撤销或合并，不能作为依托单位。"
LEAD_OUTSIDE = "领衔人须是本工会范围内在会的会员。"
BATCH_CLOSED = "该批次已于{deadline}截止申报。"
DUPLICATE_NAME = "本批次已有名为「{name}」的工作室。"
NOT_EDITABLE = "只有草稿或已退回的申报可以修改和提交。"
NOT_AT_YOUR_UNION = "该申报当前不在本工会审核，不能办理。"
NOT_SUBMITTED = "该申报不在审核推荐中。"
REASON_REQUIRED = "请填写理由。"
REASON_TOO_LONG = "理由不能超过200个字。"
ALLIANCE_TOO_LONG = "所属联盟不能超过80个字。"


def _name(value: str, *, field: str = "name") -> str:
    value = clean_text(value, label="名称", field=field)
    if not value:
        raise ApplicationError(NAME_REQUIRED, field=field)
    if len(value) > 80:
        raise ApplicationError(NAME_TOO_LONG, field=field)
    return value


def reason_of(reason: str) -> str:
    reason = clean_text(reason, label="理由", field="reason")
    if not reason:
        raise ApplicationError(REASON_REQUIRED, field="reason")
    if len(reason) > 200:
        raise ApplicationError(REASON_TOO_LONG, field="reason")
    return reason


@atomic_keeping_denials(durable=True)
def studio_batch_create(
    *, actor: User, name: str, level: str, year: int, deadline: date, notice: str = ""
) -> StudioBatch:
    """A naming batch of the actor's own union."""
    org = actor.org
    if org is None:
        raise ApplicationError(NO_ORG)
    name = _name(name)
    if level not in StudioLevel.values:
        raise ApplicationError(LEVEL_INVALID, field="level")
    if org.level > LEVEL_MIN_TIER[level]:
        label = StudioLevel(level).label
        raise ApplicationError(LEVEL_ABOVE_ORG.format(org=org.name, level=label), field="level")
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year + 1:
        raise ApplicationError(YEAR_INVALID.format(max=this_year + 1), field="year")
    if deadline < timezone.localdate():
        raise ApplicationError(DEADLINE_PAST, field="deadline")
    notice = clean_text(notice, multiline=True, label="通知内容", field="notice")
    batch = StudioBatch.objects.create(
        name=name,
        org=org,
        level=level,
        year=year,
        deadline=deadline,
        notice=notice,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="competitions.studio.batch_create",
        obj=batch,
        org=org,
        changes={"name": name, "level": level, "year": year, "deadline": deadline.isoformat()},
    )
    return batch


def _clean_studio(
    actor: User,
    *,
    batch: StudioBatch,
    org: Org,
    lead: Member,
    name: str,
    kind: str,
    alliance: str,
    intro: str,
) -> dict[str, Any]:
    require_scope(actor, org)
    if not org.path.startswith(batch.org.path):
        raise ApplicationError(HOST_OUTSIDE_BATCH.format(org=batch.org.name), field="org")
    if org.status != OrgStatus.ACTIVE:
        raise ApplicationError(HOST_INACTIVE.format(name=org.name), field="org")
    if not members_holding(actor).filter(pk=lead.pk).exists():
        raise ApplicationError(LEAD_OUTSIDE, field="lead")
    if kind not in StudioKind.values:
        raise ApplicationError(KIND_INVALID, field="kind")
    alliance = clean_text(alliance, label="所属联盟", field="alliance")
    if len(alliance) > 80:
        raise ApplicationError(ALLIANCE_TOO_LONG, field="alliance")
    return {
        "batch": batch,
        "org": org,
        "lead": lead,
        "name": _name(name),
        "kind": kind,
        "alliance": alliance,
        "intro": clean_text(intro, multiline=True, label="简介", field="intro"),
    }


def _require_open(batch: StudioBatch) -> None:
    if timezone.localdate() > batch.deadline:
        raise ApplicationError(BATCH_CLOSED.format(deadline=batch.deadline.isoformat()))


def _save(studio: Studio) -> None:
    try:
        studio.save()
    except IntegrityError:
        raise ApplicationError(DUPLICATE_NAME.format(name=studio.name), field="name") from None


@atomic_keeping_denials(durable=True)
def studio_create(
    *,
    actor: User,
    batch: StudioBatch,
    org: Org,
    lead: Member,
    name: str,
    kind: str,
    alliance: str = "",
    intro: str = "",
) -> Studio:
    """A draft application of a host unit in the actor's subtree to an open batch."""
    _require_open(batch)
    fields = _clean_studio(
        actor,
        batch=batch,
        org=org,
        lead=lead,
        name=name,
        kind=kind,
        alliance=alliance,
        intro=intro,
    )
    studio = Studio(level=batch.level, created_by=actor, **fields)
    _save(studio)
    audit_record(
        actor=actor,
        action="competitions.studio.create",
        obj=studio,
        org=org,
        changes=studio_snapshot(studio),
    )
    return studio


@atomic_keeping_denials(durable=True)
def studio_update(
    *,
    actor: User,
    studio: Studio,
    org: Org,
    lead: Member,
    name: str,
    kind: str,
    alliance: str = "",
    intro: str = "",
    plaque: str | None = None,
) -> Studio:
    """Edit a draft or returned application; on a named studio only the plaque, the alliance
    and the introduction change (its name, lead and host were what was named)."""
    studio = locked(studio)
    require_scope(actor, studio.org, studio)
    before = studio_snapshot(studio)
    if studio.status in EDITABLE_STATUSES:
        fields = _clean_studio(
            actor,
            batch=studio.batch,
            org=org,
            lead=lead,
            name=name,
            kind=kind,
            alliance=alliance,
            intro=intro,
        )
    elif studio.active:
        fields = {
            "alliance": clean_text(alliance, label="所属联盟", field="alliance")[:80],
            "intro": clean_text(intro, multiline=True, label="简介", field="intro"),
        }
        if plaque in PlaqueStatus.values:
            fields["plaque"] = plaque
    else:
        raise ApplicationError(NOT_EDITABLE)
    for key, value in fields.items():
        setattr(studio, key, value)
    after = studio_snapshot(studio)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        _save(studio)
        audit_record(
            actor=actor,
            action="competitions.studio.update",
            obj=studio,
            org=studio.org,
            changes=changes,
        )
    return studio


def _next_reviewer(studio: Studio, below: Org) -> Org:
    """The union above `below` on the way to the batch's union (the batch's union itself when
    `below` is it or its child)."""
    if below.pk == studio.batch.org_id:
        return below
    return Org.objects.get_parent(below)


@atomic_keeping_denials(durable=True)
def studio_submit(*, actor: User, studio: Studio) -> Studio:
    """Send a draft or returned application up to the first union above the host unit."""
    studio = locked(studio)
    require_scope(actor, studio.org, studio)
    if studio.status not in EDITABLE_STATUSES:
        raise ApplicationError(NOT_EDITABLE)
    _require_open(studio.batch)
    studio.status = StudioStatus.SUBMITTED
    studio.at_org = _next_reviewer(studio, studio.org)
    studio.return_reason = ""
    studio.save()
    audit_record(
        actor=actor,
        action="competitions.studio.submit",
        obj=studio,
        org=studio.org,
        changes={"at_org": ["", studio.at_org.name]},
    )
    refresh(studio)
    return studio


def _require_turn(actor: User, studio: Studio) -> None:
    if studio.status != StudioStatus.SUBMITTED:
        raise ApplicationError(NOT_SUBMITTED)
    require_scope(actor, studio.org, studio)
    if actor.org_id != studio.at_org_id:
        raise denial_not_turn(actor, studio)


def denial_not_turn(actor: User, studio: Studio) -> ApplicationError:
    return denial(
        Forbidden(NOT_AT_YOUR_UNION),
        actor=actor,
        action="access.denied",
        obj=studio,
        org=studio.org,
    )


@atomic_keeping_denials(durable=True)
def studio_approve(*, actor: User, studio: Studio, opinion: str = "") -> Studio:
    """Recommend the application to the next union up; at the batch's union, name it."""
    studio = locked(studio)
    _require_turn(actor, studio)
    if studio.at_org_id == studio.batch.org_id:
        studio.status = StudioStatus.NAMED
        studio.at_org = None
        studio.named_on = timezone.localdate()
        studio.next_report_year = studio.named_on.year
        studio.save()
        stats_studio_changed(
            org_id=studio.org_id, level=studio.level, was_active=False, is_active=True
        )
        action, changes = "competitions.studio.name", {"level": studio.level}
    else:
        before = studio.at_org.name
        studio.at_org = _next_reviewer(studio, studio.at_org)
        studio.save()
        action, changes = "competitions.studio.approve", {"at_org": [before, studio.at_org.name]}
    opinion = clean_text(opinion, label="意见", field="opinion")[:200]
    if opinion:
        changes["reason"] = opinion
    audit_record(actor=actor, action=action, obj=studio, org=studio.org, changes=changes)
    refresh(studio)
    return studio


@atomic_keeping_denials(durable=True)
def studio_return(*, actor: User, studio: Studio, reason: str) -> Studio:
    """Send the application back to the host unit's union to complete and submit again."""
    studio = locked(studio)
    _require_turn(actor, studio)
    studio.return_reason = reason_of(reason)
    studio.status = StudioStatus.RETURNED
    studio.at_org = None
    studio.save()
    audit_record(
        actor=actor,
        action="competitions.studio.return",
        obj=studio,
        org=studio.org,
        changes={"reason": studio.return_reason},
    )
    refresh(studio)
    return studio


@atomic_keeping_denials(durable=True)
def studio_reject(*, actor: User, studio: Studio, reason: str) -> Studio:
    studio = locked(studio)
    _require_turn(actor, studio)
    studio.return_reason = reason_of(reason)
    studio.status = StudioStatus.REJECTED
    studio.at_org = None
    studio.save()
    audit_record(
        actor=actor,
        action="competitions.studio.reject",
        obj=studio,
        org=studio.org,
        changes={"reason": studio.return_reason},
    )
    refresh(studio)
    return studio
