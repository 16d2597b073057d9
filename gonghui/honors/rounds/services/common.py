"""What the round services share: the review chain, the levels' steps and deadlines, quota
counts and the round's constraints."""

from dataclasses import dataclass
from datetime import date
from math import floor

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import denial
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.honors.models import (
    HonorType,
    Nomination,
    NominationStatus,
    Quota,
    Round,
    RoundStatus,
    RoundUnion,
    Step,
)
from gonghui.honors.models.rounds import LIVE_STATUSES
from gonghui.inbox.services import refresh_pks
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.selectors import org_in_scope

NOT_CONFERRER = "只有评选批次的组织单位（{org}）才能办理此项。"
OUT_OF_SCOPE = "该事项不在您所在工会的管辖范围内。"
WRONG_LEVEL = "该推荐当前由「{org}」审核，您所在的层级不能办理。"
WRONG_STATE = "该推荐当前状态为「{status}」，不能{action}。"
ROUND_NOT_OPEN = "评选批次「{title}」已{status}，不能再{action}。"
PAST_DEADLINE = "{step}环节已于{due}截止，不能再{action}。"
OVER_QUOTA = "「{org}」的{honor}名额为{places}个，已上报{count}个，不能再上报。"
CONSTRAINT_FAILED = "最终名单不符合评选条件：{problems}。"
REASON_REQUIRED = "请填写理由。"
REASON_TOO_LONG = "理由不能超过200个字。"

# The regional unions that review on the way up; the nominating base union comes first.
REVIEW_TYPES = {
    OrgType.COUNTY: Step.COUNTY,
    OrgType.CITY: Step.CITY,
    OrgType.PROVINCE: Step.PROVINCE,
}
FEMALE = "2"


def today() -> date:
    return timezone.localdate()


def review_chain(nominating: Org, round_org: Org) -> list[Org]:
    """The nominating union, then each regional union above it up to the round's own union."""
    step = Org.steplen
    paths = [nominating.path[:end] for end in range(step, len(nominating.path), step)]
    ancestors = Org.objects.filter(path__in=paths, path__startswith=round_org.path)
    above = [a for a in ancestors.order_by("-depth") if a.org_type in REVIEW_TYPES]
    chain = [nominating, *above]
    if chain[-1].pk != round_org.pk:
        chain.append(round_org)
    return chain


def step_of(org: Org, nominating: Org) -> str:
    if org.pk == nominating.pk:
        return Step.BASE
    return REVIEW_TYPES.get(org.org_type, Step.BASE)


def require_open(rnd: Round, action: str) -> None:
    if rnd.status != RoundStatus.OPEN:
        raise ApplicationError(
            ROUND_NOT_OPEN.format(title=rnd.title, status=rnd.get_status_display(), action=action)
        )


def require_deadline(rnd: Round, step: str, action: str) -> None:
    deadline = rnd.deadlines.filter(step=step).first()
    if deadline is not None and today() > deadline.due:
        raise ApplicationError(
            PAST_DEADLINE.format(step=Step(step).label, due=deadline.due.isoformat(), action=action)
        )


def require_conferrer(actor: User, rnd: Round, obj=None) -> None:
    if actor.org_id != rnd.org_id:
        raise denial(
            Forbidden(NOT_CONFERRER.format(org=rnd.org.name)),
            actor=actor,
            action="access.denied",
            obj=obj or rnd,
            org=rnd.org,
        )


def require_scope(actor: User, org: Org, obj) -> None:
    if not org_in_scope(actor, org):
        raise denial(Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=obj, org=org)


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(REASON_REQUIRED, field="reason")
    if len(reason) > 200:
        raise ApplicationError(REASON_TOO_LONG, field="reason")
    return reason


def places_of(rnd: Round, honor_type: HonorType, org: Org) -> int | None:
    quota = Quota.objects.filter(round=rnd, honor_type=honor_type, org=org).first()
    return quota.places if quota else None


def sent_above(rnd: Round, honor_type: HonorType, org: Org) -> QuerySet[Nomination]:
    """The live nominations from `org`'s subtree that `org` has sent on (they wait above it, or
    are on the final list)."""
    return Nomination.objects.filter(
        round=rnd, honor_type=honor_type, org__path__startswith=org.path, status__in=LIVE_STATUSES
    ).filter(
        Q(status__in=[NominationStatus.APPROVED, NominationStatus.AWARDED])
        | Q(holder__depth__lt=org.depth)
    )


def check_quota(rnd: Round, honor_type: HonorType, org: Org) -> None:
    """Refuse sending one more from `org` past its places (× the 差额 ratio below the round's
    own union; the round's own list holds exactly its places)."""
    places = places_of(rnd, honor_type, org)
    if places is None:
        return
    final = org.pk == rnd.org_id
    limit = places if final else floor(places * rnd.ratio)
    if final:
        count = Nomination.objects.filter(
            round=rnd,
            honor_type=honor_type,
            status__in=[NominationStatus.APPROVED, NominationStatus.AWARDED],
        ).count()
    else:
        count = sent_above(rnd, honor_type, org).count()
    if count + 1 > limit:
        raise Conflict(
            OVER_QUOTA.format(org=org.name, honor=honor_type.title, places=limit, count=count),
            code="over_quota",
        )


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    text: str


def constraint_checks(rnd: Round, nominations: list[Nomination]) -> list[Check]:
    """The round's optional conditions measured on a list of person nominations."""
    people = [n for n in nominations if n.member_id]
    total = len(people)
    checks = []

    def share(flagged: int) -> int:
        return round(flagged * 100 / total) if total else 0

    if rnd.front_line_pct is not None:
        pct = share(sum(n.front_line for n in people))
        checks.append(
            Check(
                "一线职工占比",
                pct >= rnd.front_line_pct,
                f"{pct}%（要求不低于{rnd.front_line_pct}%）",
            )
        )
    if rnd.women_pct is not None:
        pct = share(sum(n.gender == FEMALE for n in people))
        checks.append(
            Check("女性占比", pct >= rnd.women_pct, f"{pct}%（要求不低于{rnd.women_pct}%）")
        )
    for field, label, flag in (
        ("new_form_min", "新就业形态劳动者", "new_form"),
        ("migrant_min", "农民工", "migrant"),
        ("skilled_min", "高技能人才", "skilled"),
    ):
        minimum = getattr(rnd, field)
        if minimum is not None:
            count = sum(getattr(n, flag) for n in people)
            checks.append(Check(label, count >= minimum, f"{count}名（要求不少于{minimum}名）"))
    return checks


def require_constraints(rnd: Round, nominations: list[Nomination]) -> None:
    failed = [f"{c.label}{c.text}" for c in constraint_checks(rnd, nominations) if not c.ok]
    if failed:
        raise ApplicationError(CONSTRAINT_FAILED.format(problems="；".join(failed)))


NOT_EDITABLE = "该推荐已上报（当前状态：{status}），只有草稿或退回到推荐单位的推荐才能{action}。"
MATERIALS_MISSING = "「{honor}」须上传以下材料后才能上报：{missing}。"
VOTE_REQUIRED = "本批次要求基层工会先组织职工投票，请录入投票结果后再上报。"


def is_editable(n: Nomination) -> bool:
    """A draft, or a nomination returned all the way to the nominating union."""
    return n.status == NominationStatus.DRAFT or (
        n.status == NominationStatus.RETURNED and n.holder_id == n.org_id
    )


def require_editable(n: Nomination, action: str) -> None:
    if not is_editable(n):
        raise ApplicationError(NOT_EDITABLE.format(status=n.get_status_display(), action=action))


def missing_materials(n: Nomination) -> list[str]:
    """The honor type's 所需材料 with no attachment yet (only when the type enforces them)."""
    ht = n.honor_type
    if not ht.materials_enforced:
        return []
    have = set(n.attachments.values_list("material", flat=True)) if n.pk else set()
    return [m for m in ht.material_list if m not in have]


def require_ready(rnd: Round, n: Nomination | None, honor_type: HonorType) -> None:
    """What must be there before a nomination goes up: the materials and the staff vote."""
    if n is None:  # sent up as it is created: no attachment, no vote yet
        if honor_type.materials_enforced and honor_type.material_list:
            raise ApplicationError(
                MATERIALS_MISSING.format(
                    honor=honor_type.title, missing="、".join(honor_type.material_list)
                )
            )
        if rnd.base_vote:
            raise ApplicationError(VOTE_REQUIRED)
        return
    missing = missing_materials(n)
    if missing:
        raise ApplicationError(
            MATERIALS_MISSING.format(honor=honor_type.title, missing="、".join(missing))
        )
    if rnd.base_vote and n.vote_date is None:
        raise ApplicationError(VOTE_REQUIRED)


def join_round(rnd: Round, org: Org) -> None:
    """Record that `org` takes part in the round (places given, or a nomination)."""
    RoundUnion.objects.get_or_create(round=rnd, org=org)


def refresh_deadlines(rnd: Round) -> None:
    """Bring the round's "deadline in 3 working days" 待办 in line after an action."""
    refresh_pks(
        "honors.RoundUnion", RoundUnion.objects.filter(round=rnd).values_list("pk", flat=True)
    )
