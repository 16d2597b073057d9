"""The optional stages of a round at its own union, after the review and before 公示:
征求意见 (departments' opinions per candidate) and the 评审委员会 (a score or votes and a
decision per candidate). Each is a round status with its own checks; publicity.py asks
`require_stages_done` before 公示 starts."""

from decimal import Decimal

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError
from gonghui.honors.models import (
    CommitteeReview,
    Nomination,
    NominationStatus,
    Opinion,
    ReviewAction,
    ReviewStep,
    Round,
    RoundStatus,
)
from gonghui.honors.rounds.metrics import nominations_figures, stats_nominations_changed
from gonghui.honors.rounds.services.common import (
    WRONG_STATE,
    clean_reason,
    refresh_deadlines,
    require_conferrer,
)
from gonghui.inbox.services import refresh

NO_CONSULT = "本批次未设征求意见环节。"
NO_COMMITTEE = "本批次未设评审委员会评审环节。"
STAGE_ORDER = "评选批次当前为「{status}」，不能{action}。"
NOT_IN_STAGE = "评选批次当前为「{status}」，只有在{stage}阶段才能{action}。"
STAGE_FIRST = "本批次设有{stage}环节，请先开始{stage}。"
EMPTY_LIST = "拟表彰名单为空，不能开始{stage}。"
STILL_UNDER_REVIEW = "还有{count}个推荐在各级审核中，请先审核完毕（同意、退回或不予推荐）。"
DEPARTMENT_REQUIRED = "请填写征求意见的部门，如 纪检、信访、安监。"
REMARK_REQUIRED = "部门不同意时，请填写不同意的理由。"
ALREADY_OVERRIDDEN = "该意见已作出不予采纳的说明。"
AGREEING = "该部门意见为同意，无须作出不予采纳的说明。"
DISSENT = "以下候选人有部门不同意意见，须撤回该候选人或对该意见作出不予采纳的说明后才能{action}：{names}。"
ALREADY_REVIEWED = "{name}已有评审委员会评审结果，不能重复记录。"
SCORE_OR_VOTES = "请填写评分或表决票数（赞成、反对、弃权）。"
VOTES_PARTIAL = "请完整填写赞成、反对、弃权票数。"
SCORE_INVALID = "评分应在0至100之间。"
UNREVIEWED = "还有{count}名候选人未经评审委员会评审（{names}），不能开始公示。"
COMMITTEE_FAILED = "评审委员会评审未通过"
CONSULT, COMMITTEE = "征求意见", "评审委员会评审"


def _lock_round(actor: User, round: Round) -> Round:
    rnd = Round.objects.select_for_update().select_related("org").get(pk=round.pk)
    require_conferrer(actor, rnd)
    return rnd


def _final(rnd: Round) -> list[Nomination]:
    return list(rnd.nominations.filter(status=NominationStatus.APPROVED).order_by("id"))


def _require_reviewed(rnd: Round, stage: str) -> None:
    waiting = rnd.nominations.filter(
        status__in=[NominationStatus.PENDING, NominationStatus.RETURNED]
    ).count()
    if waiting:
        raise ApplicationError(STILL_UNDER_REVIEW.format(count=waiting))
    if not _final(rnd):
        raise ApplicationError(EMPTY_LIST.format(stage=stage))


def _names(nominations) -> str:
    names = [n.name for n in nominations]
    return "、".join(names[:10]) + ("等" if len(names) > 10 else "")


def require_no_dissent(rnd: Round, action: str) -> None:
    blocked = (
        rnd.nominations.filter(
            status=NominationStatus.APPROVED, opinions__agree=False, opinions__overridden=False
        )
        .distinct()
        .order_by("id")
    )
    if blocked:
        raise ApplicationError(DISSENT.format(action=action, names=_names(blocked)))


def require_stages_done(rnd: Round) -> None:
    """Before 公示: the round is at its last configured stage, and that stage is done."""
    last = (
        RoundStatus.COMMITTEE
        if rnd.committee
        else RoundStatus.CONSULTING
        if rnd.consult
        else RoundStatus.OPEN
    )
    if rnd.status == RoundStatus.OPEN and last != RoundStatus.OPEN:
        raise ApplicationError(STAGE_FIRST.format(stage=CONSULT if rnd.consult else COMMITTEE))
    if rnd.status == RoundStatus.CONSULTING and last == RoundStatus.COMMITTEE:
        raise ApplicationError(STAGE_FIRST.format(stage=COMMITTEE))
    if rnd.status != last:
        raise ApplicationError(
            STAGE_ORDER.format(status=rnd.get_status_display(), action="开始公示")
        )
    if last == RoundStatus.CONSULTING:
        require_no_dissent(rnd, "开始公示")
    if last == RoundStatus.COMMITTEE:
        unreviewed = rnd.nominations.filter(
            status=NominationStatus.APPROVED, committee_review__isnull=True
        ).order_by("id")
        if unreviewed:
            raise ApplicationError(
                UNREVIEWED.format(count=len(unreviewed), names=_names(unreviewed))
            )


def _move(actor: User, rnd: Round, status: str, action: str) -> Round:
    before = rnd.status
    rnd.status = status
    rnd.save(update_fields=["status"])
    refresh(rnd)
    refresh_deadlines(rnd)
    audit_record(
        actor=actor,
        action=action,
        obj=rnd,
        org=rnd.org,
        changes={"round_status": [before, status], "count": len(_final(rnd))},
    )
    return rnd


@atomic_keeping_denials(durable=True)
def consult_start(*, actor: User, round: Round) -> Round:
    """The final list goes to the departments for their opinions."""
    rnd = _lock_round(actor, round)
    if not rnd.consult:
        raise ApplicationError(NO_CONSULT)
    if rnd.status != RoundStatus.OPEN:
        raise ApplicationError(
            STAGE_ORDER.format(status=rnd.get_status_display(), action="开始征求意见")
        )
    _require_reviewed(rnd, CONSULT)
    return _move(actor, rnd, RoundStatus.CONSULTING, "honors.consult_start")


@atomic_keeping_denials(durable=True)
def committee_start(*, actor: User, round: Round) -> Round:
    """The final list (after 征求意见, when the round has it) goes to the 评审委员会."""
    rnd = _lock_round(actor, round)
    if not rnd.committee:
        raise ApplicationError(NO_COMMITTEE)
    expected = RoundStatus.CONSULTING if rnd.consult else RoundStatus.OPEN
    if rnd.status == RoundStatus.OPEN and rnd.consult:
        raise ApplicationError(STAGE_FIRST.format(stage=CONSULT))
    if rnd.status != expected:
        raise ApplicationError(
            STAGE_ORDER.format(status=rnd.get_status_display(), action="开始评审委员会评审")
        )
    if expected == RoundStatus.OPEN:
        _require_reviewed(rnd, COMMITTEE)
    else:
        require_no_dissent(rnd, "提交评审委员会")
        if not _final(rnd):
            raise ApplicationError(EMPTY_LIST.format(stage=COMMITTEE))
    return _move(actor, rnd, RoundStatus.COMMITTEE, "honors.committee_start")


def _lock_candidate(actor: User, nomination: Nomination, stage: str, status: str, action: str):
    n = (
        Nomination.objects.select_for_update()
        .select_related("round__org", "honor_type")
        .get(pk=nomination.pk)
    )
    require_conferrer(actor, n.round, n)
    if n.round.status != status:
        raise ApplicationError(
            NOT_IN_STAGE.format(status=n.round.get_status_display(), stage=stage, action=action)
        )
    if n.status != NominationStatus.APPROVED:
        raise ApplicationError(WRONG_STATE.format(status=n.get_status_display(), action=action))
    return n


@atomic_keeping_denials(durable=True)
def opinion_record(
    *, actor: User, nomination: Nomination, department: str, agree: bool, remark: str = ""
) -> Opinion:
    """A department's 同意 / 不同意 on a candidate (不同意 with its reason)."""
    n = _lock_candidate(actor, nomination, CONSULT, RoundStatus.CONSULTING, "记录部门意见")
    department = clean_text(department, label="部门", field="department")
    remark = clean_text(remark or "", label="说明", field="remark")
    if not department:
        raise ApplicationError(DEPARTMENT_REQUIRED, field="department")
    if not agree and not remark:
        raise ApplicationError(REMARK_REQUIRED, field="remark")
    opinion = Opinion.objects.create(
        nomination=n,
        department=department[:40],
        agree=agree,
        remark=remark[:200],
        recorded_by=actor,
    )
    word = "同意" if agree else "不同意"
    ReviewStep.objects.create(
        nomination=n,
        action=ReviewAction.OPINION,
        org=n.round.org,
        actor=actor,
        department=opinion.department,
        note=f"{word}。{opinion.remark}".rstrip("。")[:200],
    )
    audit_record(
        actor=actor,
        action="honors.opinion",
        obj=n,
        org=n.round.org,
        changes={"department": opinion.department, "opinion": word, "candidate": n.name},
    )
    return opinion


@atomic_keeping_denials(durable=True)
def opinion_override(*, actor: User, opinion: Opinion, reason: str) -> Opinion:
    """The round's union does not follow a department's 不同意, saying why."""
    o = Opinion.objects.select_for_update().get(pk=opinion.pk)
    n = _lock_candidate(actor, o.nomination, CONSULT, RoundStatus.CONSULTING, "不予采纳意见")
    if o.agree:
        raise ApplicationError(AGREEING)
    if o.overridden:
        raise ApplicationError(ALREADY_OVERRIDDEN)
    reason = clean_reason(clean_text(reason, label="理由", field="reason"))
    o.overridden = True
    o.override_reason = reason
    o.save(update_fields=["overridden", "override_reason"])
    ReviewStep.objects.create(
        nomination=n,
        action=ReviewAction.OVERRIDE,
        org=n.round.org,
        actor=actor,
        department=o.department,
        note=reason,
    )
    audit_record(
        actor=actor,
        action="honors.opinion_override",
        obj=n,
        org=n.round.org,
        changes={"department": o.department, "reason": reason, "candidate": n.name},
    )
    return o


def _check_review(score, votes) -> None:
    given = [v is not None for v in votes]
    if any(given) and not all(given):
        raise ApplicationError(VOTES_PARTIAL, field="votes_for")
    if score is None and not any(given):
        raise ApplicationError(SCORE_OR_VOTES, field="score")
    if score is not None and not Decimal(0) <= Decimal(score) <= Decimal(100):
        raise ApplicationError(SCORE_INVALID, field="score")


@atomic_keeping_denials(durable=True)
def committee_record(
    *,
    actor: User,
    nomination: Nomination,
    passed: bool,
    score: Decimal | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
    remark: str = "",
) -> CommitteeReview:
    """The committee's score or votes on a candidate and its decision; a candidate it does not
    pass leaves the list (不予推荐)."""
    n = _lock_candidate(actor, nomination, COMMITTEE, RoundStatus.COMMITTEE, "记录评审结果")
    if CommitteeReview.objects.filter(nomination=n).exists():
        raise ApplicationError(ALREADY_REVIEWED.format(name=n.name))
    _check_review(score, (votes_for, votes_against, votes_abstain))
    remark = clean_text(remark or "", label="评审意见", field="remark")[:200]
    review = CommitteeReview.objects.create(
        nomination=n,
        score=score,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        passed=passed,
        remark=remark,
        recorded_by=actor,
    )
    votes = (
        f"赞成{votes_for}票、反对{votes_against}票、弃权{votes_abstain}票"
        if votes_for is not None
        else ""
    )
    note = "；".join(p for p in ("通过" if passed else "未通过", votes, remark) if p)
    ReviewStep.objects.create(
        nomination=n,
        action=ReviewAction.SCORE,
        org=n.round.org,
        actor=actor,
        department="评审委员会",
        note=note[:200],
        score=score,
    )
    if not passed:
        figures = nominations_figures([n])
        n.status = NominationStatus.REJECTED
        n.reason = (remark or COMMITTEE_FAILED)[:200]
        n.save(update_fields=["status", "reason", "updated_at"])
        stats_nominations_changed(before=figures, nominations=[n])
        refresh(n)
    audit_record(
        actor=actor,
        action="honors.committee",
        obj=n,
        org=n.round.org,
        changes={
            "score": str(score) if score is not None else "",
            "opinion": "通过" if passed else "未通过",
            "candidate": n.name,
        },
    )
    return review
