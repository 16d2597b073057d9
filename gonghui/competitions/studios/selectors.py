"""Reads of innovation studios, scoped to the actor: a studio is seen by the unions whose
subtree holds its host unit, and by the union whose turn it is to review it; a batch by the
unions of its subtree and above it (the host units may apply to it)."""

from django.db.models import Count, Q, QuerySet, Sum

from gonghui.accounts.models import User
from gonghui.competitions.models.studios import (
    ACTIVE_STATUSES,
    Studio,
    StudioBatch,
    StudioLevel,
    StudioReport,
    Suggestion,
    SuggestionStatus,
)
from gonghui.core.access import access_in_scope
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_scope_path

STUDIO_NOT_FOUND = "找不到该创新工作室，或您无权查看。"
BATCH_NOT_FOUND = "找不到该命名批次，或您无权查看。"


def _visible(user: User) -> Q:
    path = org_scope_path(user)
    return Q(org__path__startswith=path) | Q(at_org__path__startswith=path)


def studio_list(
    *, user: User, q: str = "", status: str = "", level: str = "", batch: int | None = None
) -> QuerySet[Studio]:
    qs = Studio.objects.filter(_visible(user)).select_related("org", "lead", "batch", "at_org")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(lead__name__contains=q) | Q(alliance__contains=q))
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    if batch:
        qs = qs.filter(batch_id=batch)
    return qs.order_by("-created_at", "-id")


def access_studio_by_id(user: User, studio_id) -> Studio:
    scoped = Studio.objects.filter(_visible(user)).select_related(
        "org", "lead", "lead__org", "batch", "batch__org", "at_org"
    )
    return access_in_scope(
        scoped, actor=user, message=STUDIO_NOT_FOUND, org_of=lambda s: s.org, pk=studio_id
    )


def _batch_scope(user: User) -> Q:
    """Batches of the user's subtree, or of a union above it (its units may apply)."""
    path = org_scope_path(user)
    if not path:
        return Q()
    step = Org.steplen
    ancestors = [path[:end] for end in range(step, len(path) + 1, step)]
    return Q(org__path__startswith=path) | Q(org__path__in=ancestors)


def batch_list(*, user: User) -> QuerySet[StudioBatch]:
    return (
        StudioBatch.objects.filter(_batch_scope(user))
        .select_related("org")
        .annotate(n=Count("studios"))
        .order_by("-year", "-id")
    )


def access_batch_by_id(user: User, batch_id) -> StudioBatch:
    return access_in_scope(
        StudioBatch.objects.filter(_batch_scope(user)).select_related("org"),
        actor=user,
        message=BATCH_NOT_FOUND,
        org_of=lambda b: b.org,
        pk=batch_id,
    )


def studio_stats(*, user: User, year: int | None = None) -> dict:
    """Studios by level and the results filed, in the user's subtree (optionally one year)."""
    path = org_scope_path(user)
    active = Studio.objects.filter(org__path__startswith=path, status__in=ACTIVE_STATUSES)
    by_level = dict(active.values_list("level").annotate(n=Count("pk")).order_by())
    reports = StudioReport.objects.filter(studio__org__path__startswith=path)
    if year:
        reports = reports.filter(year=year)
    sums = reports.aggregate(
        projects=Sum("projects"),
        patents=Sum("patents"),
        methods=Sum("methods"),
        benefit=Sum("benefit"),
        trained=Sum("trained"),
        funds_received=Sum("funds_received"),
        funds_matched=Sum("funds_matched"),
    )
    return {
        "total": sum(by_level.values()),
        "levels": [(label, by_level.get(code, 0)) for code, label in StudioLevel.choices],
        "reports": reports.count(),
        **{key: value or 0 for key, value in sums.items()},
    }


SUGGESTION_NOT_FOUND = "找不到该成果或建议，或您无权查看。"


def _suggestions_visible(user: User) -> Q:
    path = org_scope_path(user)
    return Q(org__path__startswith=path) | Q(recommended_to__path__startswith=path)


def suggestion_list(
    *, user: User, q: str = "", kind: str = "", status: str = ""
) -> QuerySet[Suggestion]:
    """五小 and 合理化建议 of the user's subtree, and those recommended up to it."""
    qs = Suggestion.objects.filter(_suggestions_visible(user)).select_related(
        "org", "member", "team", "recommended_to"
    )
    if q:
        qs = qs.filter(
            Q(title__contains=q) | Q(member__name__contains=q) | Q(team__name__contains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def access_suggestion_by_id(user: User, suggestion_id) -> Suggestion:
    scoped = Suggestion.objects.filter(_suggestions_visible(user)).select_related(
        "org", "member", "team", "recommended_to"
    )
    return access_in_scope(
        scoped, actor=user, message=SUGGESTION_NOT_FOUND, org_of=lambda s: s.org, pk=suggestion_id
    )


def suggestion_totals(*, user: User) -> dict:
    """Submitted, adopted and the adopted ones' benefit (万元) in the user's subtree."""
    qs = Suggestion.objects.filter(org__path__startswith=org_scope_path(user))
    adopted = qs.filter(status=SuggestionStatus.ADOPTED)
    return {
        "submitted": qs.count(),
        "adopted": adopted.count(),
        "benefit": adopted.aggregate(total=Sum("benefit"))["total"] or 0,
    }


def suggestions_of_member(member) -> list[Suggestion]:
    """A worker's own submissions (the portal's 我的提报), newest first."""
    if member is None:
        return []
    return list(
        Suggestion.objects.filter(member=member)
        .select_related("org", "team", "recommended_to")
        .order_by("-created_at", "-id")[:50]
    )


def studios_of_member(*, user: User, member) -> list[Studio]:
    """The studios visible to `user` that `member` leads or belongs to (his record's panel)."""
    return list(
        Studio.objects.filter(_visible(user))
        .filter(Q(lead=member) | Q(members=member))
        .select_related("org", "lead")
        .distinct()
        .order_by("-named_on", "-id")
    )


MEMBER_NOT_FOUND = "找不到该成员，或您无权查看。"


def access_studio_member(user: User, studio: Studio, member_id) -> Member:
    """A member of `studio` in the user's subtree; another's (or none) answers as missing, and
    one outside the subtree is recorded as a refusal."""
    return access_in_scope(
        Member.objects.filter(org__path__startswith=org_scope_path(user)),
        actor=user,
        message=MEMBER_NOT_FOUND,
        org_of=lambda member: member.org,
        within={"studio": studio},
        pk=member_id,
    )
