"""Nominating from the registry (persons), a union (collectives) or a team, resubmitting a
returned nomination, and withdrawing one."""

from typing import Any

from django.db import IntegrityError

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.honors.models import (
    Candidate,
    HonorSubject,
    HonorType,
    Nomination,
    NominationStatus,
    ReviewAction,
    ReviewStep,
    Round,
    RoundStatus,
    Step,
)
from gonghui.honors.rounds.metrics import nominations_figures, stats_nominations_changed
from gonghui.honors.rounds.services.common import (
    WRONG_STATE,
    check_quota,
    join_round,
    refresh_deadlines,
    require_deadline,
    require_open,
    require_ready,
    require_scope,
    review_chain,
)
from gonghui.inbox.services import refresh
from gonghui.members.models import Member, MemberStatus, Team
from gonghui.orgs.models import Org

TYPE_NOT_IN_ROUND = "「{honor}」不在本批次的评选范围内。"
PICK_MEMBER = "「{honor}」授予个人，请从会员库中选择被推荐人。"
PICK_ORG = "「{honor}」授予集体，请选择被推荐的单位（工会）。"
PICK_TEAM = "「{honor}」授予班组·车间·项目部，请选择班组。"
NOT_ACTIVE_MEMBER = "{name}的会籍状态为「{status}」，只能推荐在会会员。"
TWICE = "{name}已被推荐参加本批次评选，同一人（单位）不能重复推荐。"
DEEDS_REQUIRED = "请填写主要事迹。"
VOTES_INVALID = "赞成票数不能多于参加投票人数。"
NOT_OUTSIDE_ROUND = "被推荐人所在工会不在本批次组织单位的范围内。"
NOT_RETURNED_HERE = "该推荐未退回到推荐单位，不能修改后重新上报。"
NOT_DRAFT = "该推荐不是草稿（当前状态：{status}），不能上报。"

EDITABLE = (
    "post",
    "front_line",
    "new_form",
    "migrant",
    "skill_grade",
    "skilled",
    "innovations",
    "deeds",
    "prior_honors",
    "headcount",
    "votes_for",
    "votes_total",
)


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out = {name: fields[name] for name in EDITABLE if name in fields}
    for name in ("post", "skill_grade"):
        out[name] = clean_text(out.get(name) or "", label="", field=name)
    for name in ("innovations", "deeds", "prior_honors"):
        out[name] = clean_text(out.get(name) or "", multiline=True, label="", field=name)
    if not out["deeds"]:
        raise ApplicationError(DEEDS_REQUIRED, field="deeds")
    votes, total = out.get("votes_for"), out.get("votes_total")
    if votes is not None and total is not None and votes > total:
        raise ApplicationError(VOTES_INVALID, field="votes_for")
    return out


def _nominee(
    honor_type: HonorType, member: Member | None, nominee_org: Org | None, team: Team | None
) -> dict[str, Any]:
    if honor_type.subject == HonorSubject.PERSON:
        if member is None:
            raise ApplicationError(PICK_MEMBER.format(honor=honor_type.title), field="member")
        if member.status != MemberStatus.ACTIVE:
            raise ApplicationError(
                NOT_ACTIVE_MEMBER.format(name=member.name, status=member.get_status_display()),
                field="member",
            )
        return {
            "member": member,
            "org": member.org,
            "nominee_key": f"p:{member.id_number_hash}",
            "name": member.name,
            "gender": member.gender,
            "employer": member.employer or member.org.name,
        }
    if honor_type.subject == HonorSubject.COLLECTIVE:
        if nominee_org is None:
            raise ApplicationError(PICK_ORG.format(honor=honor_type.title), field="nominee_org")
        return {
            "nominee_org": nominee_org,
            "org": nominee_org,
            "nominee_key": f"o:{nominee_org.pk}",
            "name": nominee_org.name,
            "credit_code": nominee_org.uscc,
            "employer": nominee_org.name,
        }
    if team is None:
        raise ApplicationError(PICK_TEAM.format(honor=honor_type.title), field="team")
    return {
        "team": team,
        "org": team.org,
        "nominee_key": f"t:{team.pk}",
        "name": f"{team.org.name}{team.name}",
        "employer": team.org.name,
    }


@atomic_keeping_denials(durable=True)
def nominate(
    *,
    actor: User,
    round: Round,
    honor_type: HonorType,
    member: Member | None = None,
    nominee_org: Org | None = None,
    team: Team | None = None,
    candidate: Candidate | None = None,
    submit: bool = True,
    **fields: Any,
) -> Nomination:
    """The nominee's union puts them forward and sends the nomination to the first level above
    (its places are checked as it leaves), or keeps it as a draft (`submit=False`) to attach
    materials and record the staff vote before `nomination_submit`."""
    rnd = Round.objects.select_for_update().select_related("org").get(pk=round.pk)
    require_open(rnd, "推荐")
    if not rnd.honor_types.filter(pk=honor_type.pk).exists():
        raise ApplicationError(TYPE_NOT_IN_ROUND.format(honor=honor_type.title))
    nominee = _nominee(honor_type, member, nominee_org, team)
    org = nominee["org"]
    require_scope(actor, org, rnd)
    if not org.path.startswith(rnd.org.path):
        raise ApplicationError(NOT_OUTSIDE_ROUND)
    require_deadline(rnd, Step.BASE, "推荐")
    data = _clean_fields(fields)
    if (
        Nomination.objects.filter(round=rnd, nominee_key=nominee["nominee_key"])
        .exclude(status=NominationStatus.WITHDRAWN)
        .exists()
    ):
        raise Conflict(TWICE.format(name=nominee["name"]), code="duplicate")
    if submit:
        require_ready(rnd, None, honor_type)
        check_quota(rnd, honor_type, org)
        chain = review_chain(org, rnd.org)
        holder = chain[1] if len(chain) > 1 else chain[0]
    else:
        holder = org
        data["status"] = NominationStatus.DRAFT
    try:
        nomination = Nomination.objects.create(
            round=rnd,
            honor_type=honor_type,
            subject=honor_type.subject,
            holder=holder,
            created_by=actor,
            **nominee,
            **data,
        )
    except IntegrityError:
        raise Conflict(TWICE.format(name=nominee["name"]), code="duplicate") from None
    ReviewStep.objects.create(
        nomination=nomination,
        action=ReviewAction.NOMINATE if submit else ReviewAction.DRAFT,
        org=org,
        actor=actor,
    )
    stats_nominations_changed(before=None, nominations=[nomination])
    join_round(rnd, org)
    refresh(nomination)
    refresh_deadlines(rnd)
    if candidate is not None:
        Candidate.objects.filter(pk=candidate.pk).update(nomination=nomination)
    audit_record(
        actor=actor,
        action="honors.nominate",
        obj=nomination,
        org=org,
        changes={"round": rnd.title, "honor": honor_type.title, "holder": holder.name},
    )
    return nomination


@atomic_keeping_denials(durable=True)
def nomination_resubmit(*, actor: User, nomination: Nomination, **fields: Any) -> Nomination:
    """The nominating union corrects a nomination returned to it and sends it up again."""
    n = (
        Nomination.objects.select_for_update()
        .select_related("round__org", "org")
        .get(pk=nomination.pk)
    )
    require_scope(actor, n.org, n)
    require_open(n.round, "重新上报")
    if n.status != NominationStatus.RETURNED or n.holder_id != n.org_id:
        raise ApplicationError(NOT_RETURNED_HERE)
    require_deadline(n.round, Step.BASE, "重新上报")
    current = {name: getattr(n, name) for name in EDITABLE}
    figures = nominations_figures([n])
    data = _clean_fields({**current, **fields})
    require_ready(n.round, n, n.honor_type)
    check_quota(n.round, n.honor_type, n.org)
    chain = review_chain(n.org, n.round.org)
    for name, value in data.items():
        setattr(n, name, value)
    n.holder = chain[1] if len(chain) > 1 else chain[0]
    n.status = NominationStatus.PENDING
    n.reason = ""
    n.save()
    stats_nominations_changed(before=figures, nominations=[n])
    ReviewStep.objects.create(nomination=n, action=ReviewAction.RESUBMIT, org=n.org, actor=actor)
    refresh(n)
    refresh_deadlines(n.round)
    audit_record(actor=actor, action="honors.resubmit", obj=n, org=n.org)
    return n


@atomic_keeping_denials(durable=True)
def nomination_submit(*, actor: User, nomination: Nomination) -> Nomination:
    """Send a draft up to the first level above, once its materials and vote are there."""
    n = (
        Nomination.objects.select_for_update()
        .select_related("round__org", "org", "honor_type")
        .get(pk=nomination.pk)
    )
    require_scope(actor, n.org, n)
    require_open(n.round, "上报")
    if n.status != NominationStatus.DRAFT:
        raise ApplicationError(NOT_DRAFT.format(status=n.get_status_display()))
    require_deadline(n.round, Step.BASE, "上报")
    require_ready(n.round, n, n.honor_type)
    check_quota(n.round, n.honor_type, n.org)
    chain = review_chain(n.org, n.round.org)
    figures = nominations_figures([n])
    n.holder = chain[1] if len(chain) > 1 else chain[0]
    n.status = NominationStatus.PENDING
    n.save(update_fields=["holder", "status", "updated_at"])
    stats_nominations_changed(before=figures, nominations=[n])
    ReviewStep.objects.create(nomination=n, action=ReviewAction.SUBMIT, org=n.org, actor=actor)
    refresh(n)
    refresh_deadlines(n.round)
    audit_record(
        actor=actor,
        action="honors.submit",
        obj=n,
        org=n.org,
        changes={"status": [NominationStatus.DRAFT, n.status], "holder": n.holder.name},
    )
    return n


@atomic_keeping_denials(durable=True)
def nomination_withdraw(*, actor: User, nomination: Nomination, reason: str = "") -> Nomination:
    """The nominating union (or a level above it) takes a nomination back before the decision."""
    n = Nomination.objects.select_for_update().select_related("round", "org").get(pk=nomination.pk)
    require_scope(actor, n.org, n)
    if n.round.status == RoundStatus.DECIDED or n.status not in (
        NominationStatus.DRAFT,
        NominationStatus.PENDING,
        NominationStatus.RETURNED,
        NominationStatus.APPROVED,
    ):
        raise ApplicationError(WRONG_STATE.format(status=n.get_status_display(), action="撤回"))
    before, figures = n.status, nominations_figures([n])
    n.status = NominationStatus.WITHDRAWN
    n.reason = clean_text(reason or "", label="理由", field="reason")[:200]
    n.save(update_fields=["status", "reason", "updated_at"])
    stats_nominations_changed(before=figures, nominations=[n])
    ReviewStep.objects.create(
        nomination=n,
        action=ReviewAction.WITHDRAW,
        org=actor.org or n.org,
        actor=actor,
        note=n.reason,
    )
    refresh(n)
    refresh_deadlines(n.round)
    audit_record(
        actor=actor,
        action="honors.withdraw",
        obj=n,
        org=n.org,
        changes={"status": [before, n.status]},
    )
    return n
