"""Participants of a batch: 推荐/报名 (a member of the registry, or a person entered once by name
and ID number), 确认 and 已出行 by the organiser, 取消 by either side.

Places: a participant holds one while 推荐/报名, 确认 or 已出行. When the batch's places are split
between unions, a participant counts against the quota of the union above (or equal to) his
own, and a union without a quota has none; the batch's total always holds.
"""

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core import crypto
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.core.masking import mask_id_number
from gonghui.inbox.services import refresh
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.idnumber import parse_id_number
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope
from gonghui.recuperation.metrics import stats_participant_changed
from gonghui.recuperation.models import (
    HOLDING_PLACE,
    Batch,
    Category,
    Participant,
    ParticipantStatus,
)
from gonghui.recuperation.selectors import held_in
from gonghui.recuperation.services.common import require_organiser, require_scope

NAME_REQUIRED = "请填写姓名。"
NAME_TOO_LONG = "姓名不能超过40个字。"
CATEGORY_INVALID = "请选择人员类别（劳模、技能人才、一线职工或驻村干部）。"
SOURCE_TOO_LONG = "来源标记不能超过80个字符。"
NO_ORG = "请指明推荐该人员的工会。"
MEMBER_NOT_HOLDING = "「{name}」目前不是在会（或保留会籍）的会员，不能从会员库推荐。"
OUTSIDE_PLAN = "「{org}」不在计划组织单位「{plan_org}」之下，不能参加本计划的疗休养。"
BATCH_STARTED = "本批次已于 {start} 出发，不能再报名。"
DUPLICATE = "「{name}」已在本批次名单中。"
NO_QUOTA = "「{org}」没有分配到本批次的名额。"
QUOTA_FULL = "「{org}」在本批次的名额为 {places} 人，已报 {count} 人，不能再增加。"
BATCH_FULL = "本批次总名额 {places} 人，已报 {count} 人，不能再增加。"
WRONG_STATUS = "该人员当前为「{status}」，不能{action}。"
NOT_STARTED = "本批次 {start} 才出发，出发后才能登记已出行。"
REASON_TOO_LONG = "取消原因不能超过100个字。"
LINKED_MISMATCH = "所关联的会员档案与填写的证件号码不是同一人。"


def quota_of(batch: Batch, org: Org):
    """The quota whose union is `org` or above it; None when the batch is not split."""
    quotas = list(batch.quotas.select_related("org"))
    if not quotas:
        return None
    covering = [q for q in quotas if org.path.startswith(q.org.path)]
    if not covering:
        raise ApplicationError(NO_QUOTA.format(org=org.name), code="no_quota")
    return max(covering, key=lambda q: len(q.org.path))


def _check_places(batch: Batch, org: Org) -> None:
    quota = quota_of(batch, org)
    if quota is not None:
        count = held_in(batch, quota.org)
        if count >= quota.places:
            raise Conflict(
                QUOTA_FULL.format(org=quota.org.name, places=quota.places, count=count),
                code="over_quota",
            )
    if batch.taken >= batch.places:
        raise Conflict(BATCH_FULL.format(places=batch.places, count=batch.taken), code="over_quota")


def _recount(batch: Batch) -> None:
    batch.taken = batch.participants.filter(status__in=HOLDING_PLACE).count()
    batch.save(update_fields=["taken"])


def _person(
    *, member: Member | None, name: str, id_number: str, org: Org | None
) -> tuple[Org, str, str]:
    if member is not None:
        member = Member.objects.select_related("org").get(pk=member.pk)
        if member.status not in HOLDING_STATUSES:
            raise ApplicationError(MEMBER_NOT_HOLDING.format(name=member.name), field="member")
        return member.org, member.name, member.id_number
    name = clean_text(name, label="姓名", field="name")
    if not name:
        raise ApplicationError(NAME_REQUIRED, field="name")
    if len(name) > 40:
        raise ApplicationError(NAME_TOO_LONG, field="name")
    number = parse_id_number(id_number).number
    if org is None:
        raise ApplicationError(NO_ORG, field="org")
    return org, name, number


@atomic_keeping_denials
def add_participant(
    *,
    actor: User,
    batch: Batch,
    member: Member | None = None,
    name: str = "",
    id_number: str = "",
    category: str = Category.FRONTLINE,
    source_ref: str = "",
    org: Org | None = None,
    linked_member: Member | None = None,
) -> Participant:
    """推荐/报名 one person to `batch`: a member of the registry (`member`), or — for an honoree
    who is not one — `name` and `id_number` with the union that puts the person forward (`org`,
    the actor's own by default). `source_ref` marks who asked (honors: "honors:honoree:<id>").
    `linked_member` links such a person to his member record whatever its membership status (a
    retired 劳模): it must be the record of the same ID number; the union stays `org`.
    Refused: outside the actor's scope or the plan's tree, after departure, twice in a batch,
    over the union's quota or the batch's total."""
    batch = (
        Batch.objects.select_for_update(of=("self",)).select_related("plan__org").get(pk=batch.pk)
    )
    org, name, number = _person(member=member, name=name, id_number=id_number, org=org or actor.org)
    require_scope(actor, org, batch)
    plan_org = batch.plan.org
    if not org.path.startswith(plan_org.path):
        raise ApplicationError(OUTSIDE_PLAN.format(org=org.name, plan_org=plan_org.name))
    if category not in Category.values:
        raise ApplicationError(CATEGORY_INVALID, field="category")
    source_ref = clean_text(source_ref, label="来源", field="source_ref")
    if len(source_ref) > 80:
        raise ApplicationError(SOURCE_TOO_LONG, field="source_ref")
    today = timezone.localdate()
    if batch.start_on <= today:
        raise ApplicationError(BATCH_STARTED.format(start=batch.start_on.isoformat()))
    number_hash = crypto.lookup_hash(number)
    number_hashes = crypto.lookup_hashes(number)  # every readable key version (rotation)
    if member is None and linked_member is not None:
        if linked_member.id_number_hash not in number_hashes:
            raise ApplicationError(LINKED_MISMATCH, field="member")
        member = linked_member
    active = batch.participants.exclude(status=ParticipantStatus.CANCELLED)
    if active.filter(id_number_hash__in=number_hashes).exists():
        raise Conflict(DUPLICATE.format(name=name), code="duplicate")
    _check_places(batch, org)
    participant = Participant.objects.create(
        batch=batch,
        org=org,
        member=member,
        name=name,
        id_number_enc=crypto.encrypt(number),
        id_number_hash=number_hash,
        category=category,
        source_ref=source_ref,
        created_by=actor,
    )
    _recount(batch)
    stats_participant_changed(before=None, after=participant)
    audit_record(
        actor=actor,
        action="recuperation.participant_add",
        obj=participant,
        org=org,
        changes={
            "batch": batch.name,
            "name": name,
            "id_number": mask_id_number(number),
            "category": category,
            "source_ref": source_ref,
        },
    )
    refresh(participant.batch)
    return participant


def _locked(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("batch__plan__org", "org")
        .get(pk=participant.pk)
    )


def _move(actor: User, participant: Participant, to_status: str, action: str, **changes):
    before = Participant(status=participant.status, org=participant.org, batch=participant.batch)
    old = participant.status
    participant.status = to_status
    participant.decided_at = timezone.now()
    participant.save(update_fields=["status", "decided_at"])
    _recount(participant.batch)
    stats_participant_changed(before=before, after=participant)
    audit_record(
        actor=actor,
        action=action,
        obj=participant,
        org=participant.org,
        changes={"status": [old, to_status], **changes},
    )
    refresh(participant.batch)
    return participant


@atomic_keeping_denials
def participant_confirm(*, actor: User, participant: Participant) -> Participant:
    participant = _locked(participant)
    require_organiser(actor, participant.batch.plan, participant)
    if participant.status != ParticipantStatus.NOMINATED:
        raise ApplicationError(
            WRONG_STATUS.format(status=participant.get_status_display(), action="确认")
        )
    return _move(actor, participant, ParticipantStatus.CONFIRMED, "recuperation.confirm")


@atomic_keeping_denials
def participant_complete(*, actor: User, participant: Participant) -> Participant:
    participant = _locked(participant)
    require_organiser(actor, participant.batch.plan, participant)
    if participant.status != ParticipantStatus.CONFIRMED:
        raise ApplicationError(
            WRONG_STATUS.format(status=participant.get_status_display(), action="登记已出行")
        )
    if participant.batch.start_on > timezone.localdate():
        raise ApplicationError(NOT_STARTED.format(start=participant.batch.start_on.isoformat()))
    return _move(actor, participant, ParticipantStatus.COMPLETED, "recuperation.complete")


@atomic_keeping_denials
def participant_cancel(*, actor: User, participant: Participant, reason: str = "") -> Participant:
    """取消: by the union that put the person forward (or above it), or by the organiser."""
    participant = _locked(participant)
    if not org_in_scope(actor, participant.batch.plan.org):
        require_scope(actor, participant.org, participant)
    if participant.status not in (ParticipantStatus.NOMINATED, ParticipantStatus.CONFIRMED):
        raise ApplicationError(
            WRONG_STATUS.format(status=participant.get_status_display(), action="取消")
        )
    reason = clean_text(reason, label="取消原因", field="reason")
    if len(reason) > 100:
        raise ApplicationError(REASON_TOO_LONG, field="reason")
    return _move(
        actor, participant, ParticipantStatus.CANCELLED, "recuperation.cancel", reason=reason
    )
