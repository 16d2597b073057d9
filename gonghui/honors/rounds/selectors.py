"""Reads of rounds, quotas and nominations, scoped to the user.

A round is seen by the unions above its own union (none but the conferrer's chain) and by every
union below it; a nomination by the unions whose subtree holds the nominating union."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.core.errors import NotFound
from gonghui.honors.models import (
    Candidate,
    HonorType,
    Nomination,
    NominationAttachment,
    NominationStatus,
    Objection,
    ObjectionStatus,
    Opinion,
    Quota,
    Round,
    RoundStatus,
)
from gonghui.honors.rounds.services.common import (
    Check,
    constraint_checks,
    sent_above,
)
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_scope_path

ROUND_NOT_FOUND = "找不到该评选批次，或您无权查看。"
NOMINATION_NOT_FOUND = "找不到该推荐，或您无权查看。"
TYPE_NOT_FOUND = "找不到该荣誉类型。"
OBJECTION_NOT_FOUND = "找不到该异议，或您无权查看。"
ATTACHMENT_NOT_FOUND = "找不到该材料，或您无权查看。"
OPINION_NOT_FOUND = "找不到该意见，或您无权查看。"


def _ancestor_paths(path: str) -> list[str]:
    step = Org.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def honor_type_list(*, user: User, q: str = "", active: bool | None = None) -> QuerySet[HonorType]:
    qs = HonorType.objects.select_related("conferrer")
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(conferring_body__contains=q))
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def access_honor_type_by_id(user: User, type_id) -> HonorType:
    found = HonorType.objects.filter(pk=type_id).first() if str(type_id).isdigit() else None
    if found is None:
        raise NotFound(TYPE_NOT_FOUND)
    return found


def _visible_rounds(user: User) -> QuerySet[Round]:
    scope = org_scope_path(user)
    above = _ancestor_paths(scope) if scope and scope != "-" else []
    return Round.objects.filter(Q(org__path__startswith=scope) | Q(org__path__in=above))


def round_list(*, user: User, year: int | None = None, status: str = "") -> QuerySet[Round]:
    qs = _visible_rounds(user).select_related("org").prefetch_related("honor_types")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        nomination_count=Count("nominations", filter=~Q(nominations__status="withdrawn"))
    ).order_by("-year", "-id")


def access_round_by_id(user: User, round_id) -> Round:
    return access_in_scope(
        _visible_rounds(user).select_related("org", "created_by"),
        actor=user,
        message=ROUND_NOT_FOUND,
        org_of=lambda r: r.org,
        pk=round_id,
    )


def nomination_list(
    *,
    user: User,
    round: Round | None = None,
    status: str = "",
    q: str = "",
    holder: Org | None = None,
) -> QuerySet[Nomination]:
    qs = Nomination.objects.filter(org__path__startswith=org_scope_path(user)).select_related(
        "round", "honor_type", "org", "holder"
    )
    if round is not None:
        qs = qs.filter(round=round)
    if status:
        qs = qs.filter(status=status)
    if holder is not None:
        qs = qs.filter(holder=holder)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(employer__contains=q))
    return qs.order_by("round_id", "honor_type__order", "id")


def to_review(*, user: User) -> QuerySet[Nomination]:
    """What waits at the user's own union for its review (not what it must correct)."""
    if user.org is None:
        return Nomination.objects.none()
    return (
        nomination_list(user=user, holder=user.org)
        .filter(
            status__in=[NominationStatus.PENDING, NominationStatus.RETURNED], round__status="open"
        )
        .exclude(~Q(round__org=user.org) & Q(org=user.org))
    )


def to_correct(*, user: User) -> QuerySet[Nomination]:
    """Nominations returned all the way to the user's union, to correct and send again."""
    if user.org is None:
        return Nomination.objects.none()
    return nomination_list(user=user, holder=user.org, status=NominationStatus.RETURNED).filter(
        org=user.org
    )


def access_nomination_by_id(user: User, nomination_id) -> Nomination:
    scoped = Nomination.objects.filter(org__path__startswith=org_scope_path(user)).select_related(
        "round__org", "honor_type", "org", "holder", "member", "nominee_org", "team"
    )
    return access_in_scope(
        scoped, actor=user, message=NOMINATION_NOT_FOUND, org_of=lambda n: n.org, pk=nomination_id
    )


def access_objection_by_id(user: User, objection_id) -> Objection:
    scoped = Objection.objects.filter(
        nomination__org__path__startswith=org_scope_path(user)
    ).select_related("nomination__round__org")
    return access_in_scope(
        scoped,
        actor=user,
        message=OBJECTION_NOT_FOUND,
        org_of=lambda o: o.nomination.org,
        pk=objection_id,
    )


def access_attachment(user: User, nomination: Nomination, file_id) -> NominationAttachment:
    """A file of `nomination` (reached with `access_nomination_by_id`), looked up in the user's
    subtree too: another nomination's file answers as missing."""
    scoped = NominationAttachment.objects.filter(
        nomination__org__path__startswith=org_scope_path(user)
    ).select_related("nomination__org")
    return access_in_scope(
        scoped,
        actor=user,
        message=ATTACHMENT_NOT_FOUND,
        org_of=lambda a: a.nomination.org,
        within={"nomination": nomination},
        pk=file_id,
    )


def access_opinion_by_id(user: User, opinion_id) -> Opinion:
    scoped = Opinion.objects.filter(
        nomination__org__path__startswith=org_scope_path(user)
    ).select_related("nomination__round__org")
    return access_in_scope(
        scoped,
        actor=user,
        message=OPINION_NOT_FOUND,
        org_of=lambda o: o.nomination.org,
        pk=opinion_id,
    )


@dataclass
class QuotaLine:
    honor_type: HonorType
    org: Org
    places: int
    given: int
    sent: int


def quota_lines(*, user: User, round: Round) -> list[QuotaLine]:
    """The places in the user's subtree (and the user's own union's), with how many each has
    given below and sent on."""
    scope = org_scope_path(user)
    own = user.org.path if user.org else scope
    rows = (
        Quota.objects.filter(round=round)
        .filter(Q(org__path__startswith=scope) | Q(org__path__in=_ancestor_paths(own)))
        .select_related("honor_type", "org")
        .order_by("honor_type__order", "org__path")
    )
    rows = list(rows)
    lines = []
    for q in rows:
        given = sum(
            r.places
            for r in rows
            if r.honor_type_id == q.honor_type_id
            and r.org.path.startswith(q.org.path)
            and r.org.depth == q.org.depth + 1
        )
        if q.org_id == round.org_id:
            sent = Nomination.objects.filter(
                round=round,
                honor_type=q.honor_type,
                status__in=[NominationStatus.APPROVED, NominationStatus.AWARDED],
            ).count()
        else:
            sent = sent_above(round, q.honor_type, q.org).count()
        lines.append(QuotaLine(q.honor_type, q.org, q.places, given, sent))
    return lines


def round_checks(*, user: User, round: Round) -> list[Check]:
    """The round's conditions measured on the list the user's union has sent on (or on the
    final list, for the round's own union)."""
    if user.org_id == round.org_id or user.org is None:
        listed = round.nominations.filter(
            status__in=[NominationStatus.APPROVED, NominationStatus.AWARDED]
        )
    else:
        listed = nomination_list(user=user, round=round).filter(
            Q(status__in=[NominationStatus.APPROVED, NominationStatus.AWARDED])
            | Q(holder__depth__lt=user.org.depth, status=NominationStatus.PENDING)
        )
    return constraint_checks(round, list(listed))


def objections_open(*, user: User) -> QuerySet[Objection]:
    if user.org is None:
        return Objection.objects.none()
    return Objection.objects.filter(
        status=ObjectionStatus.OPEN, nomination__round__org=user.org
    ).select_related("nomination")


def candidate_list(*, user: User) -> QuerySet[Candidate]:
    return Candidate.objects.filter(org__path__startswith=org_scope_path(user)).select_related(
        "member", "org", "nomination"
    )


def candidate_for(user: User, candidate_id) -> Candidate | None:
    """A candidate of the user's subtree named in a link, or None (a stale link is ignored)."""
    if not str(candidate_id or "").isdigit():
        return None
    return candidate_list(user=user).filter(pk=candidate_id, nomination__isnull=True).first()


def open_rounds(*, user: User) -> QuerySet[Round]:
    return round_list(user=user, status=RoundStatus.OPEN)


# --- the portal's 公示 (public: name, union, deeds summary only) ---------------------------------


def publicity_rounds() -> QuerySet[Round]:
    return Round.objects.filter(status=RoundStatus.PUBLICITY).select_related("org")


def publicity_nominations(round: Round) -> QuerySet[Nomination]:
    return round.nominations.filter(status=NominationStatus.APPROVED).select_related(
        "honor_type", "org"
    )


def publicity_round(round_id) -> Round:
    found = publicity_rounds().filter(pk=round_id).first() if str(round_id).isdigit() else None
    if found is None:
        raise NotFound(ROUND_NOT_FOUND)
    return found


def publicity_nomination(round: Round, nomination_id) -> Nomination:
    found = (
        publicity_nominations(round).filter(pk=nomination_id).first()
        if str(nomination_id).isdigit()
        else None
    )
    if found is None:
        raise NotFound(NOMINATION_NOT_FOUND)
    return found
