"""Reads of 疗休养, scoped to the user.

A plan (and its batches) is seen by the unions of the organiser's subtree and by those above it:
an organiser's plan is the work of everyone below it who puts people forward. Participants are
seen by the organiser's side in full, and below it only those of the user's own subtree.
"""

from django.db.models import Q, QuerySet

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_scope_path
from gonghui.recuperation.models import HOLDING_PLACE, Batch, Participant, Plan, Quota, Resort

PLAN_NOT_FOUND = "找不到该疗休养计划，或您无权查看。"
BATCH_NOT_FOUND = "找不到该疗休养批次，或您无权查看。"
PARTICIPANT_NOT_FOUND = "找不到该疗休养人员，或您无权查看。"


def _ancestor_paths(path: str) -> list[str]:
    step = Org.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _plan_visible(user: User, prefix: str = "") -> Q:
    scope = org_scope_path(user)
    return Q(**{f"{prefix}org__path__startswith": scope}) | Q(
        **{f"{prefix}org__path__in": _ancestor_paths(scope)}
    )


def plan_list(*, user: User, q: str = "", year: int | None = None) -> QuerySet[Plan]:
    qs = Plan.objects.filter(_plan_visible(user)).select_related("org")
    if year:
        qs = qs.filter(year=year)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(org__name__contains=q))
    return qs.order_by("-year", "-id")


def access_plan_by_id(user: User, plan_id) -> Plan:
    return access_in_scope(
        Plan.objects.filter(_plan_visible(user)).select_related("org"),
        actor=user,
        message=PLAN_NOT_FOUND,
        org_of=lambda plan: plan.org,
        pk=plan_id,
    )


def batch_list(*, user: User, plan: Plan | None = None, q: str = "") -> QuerySet[Batch]:
    qs = Batch.objects.filter(_plan_visible(user, "plan__")).select_related("plan__org", "resort")
    if plan is not None:
        qs = qs.filter(plan=plan)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(resort__name__contains=q) | Q(route__contains=q))
    return qs.order_by("start_on", "id")


def access_batch_by_id(user: User, batch_id) -> Batch:
    return access_in_scope(
        Batch.objects.filter(_plan_visible(user, "plan__")).select_related("plan__org", "resort"),
        actor=user,
        message=BATCH_NOT_FOUND,
        org_of=lambda batch: batch.plan.org,
        pk=batch_id,
    )


def participants_visible(user: User, batch: Batch) -> QuerySet[Participant]:
    qs = batch.participants.select_related("org", "member")
    scope = org_scope_path(user)
    if not batch.plan.org.path.startswith(scope):
        qs = qs.filter(org__path__startswith=scope)
    return qs


def participant_list(
    *, user: User, batch: Batch, status: str = "", q: str = ""
) -> QuerySet[Participant]:
    qs = participants_visible(user, batch)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(org__name__contains=q))
    return qs.order_by("id")


def access_participant_by_id(user: User, batch: Batch, participant_id) -> Participant:
    """A participant of `batch` the user may see; another batch's, or one outside the user's
    subtree, answers as missing (and the latter is audited)."""
    return access_in_scope(
        participants_visible(user, batch),
        actor=user,
        message=PARTICIPANT_NOT_FOUND,
        org_of=lambda participant: participant.org,
        within={"batch": batch},
        pk=participant_id,
    )


def held_in(batch: Batch, org: Org) -> int:
    """Places held by participants of `org`'s subtree."""
    return Participant.objects.filter(
        batch=batch, status__in=HOLDING_PLACE, org__path__startswith=org.path
    ).count()


def quotas_of(batch: Batch) -> list[Quota]:
    """The batch's split with the places each union's people hold."""
    quotas = list(batch.quotas.select_related("org"))
    for quota in quotas:
        quota.held = held_in(batch, quota.org)
    return quotas


def resort_list(*, user: User, q: str = "", level: str = "") -> QuerySet[Resort]:
    """Bases are a province-wide catalogue: every staff user sees them all."""
    qs = Resort.objects.select_related("org")
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(place__contains=q))
    return qs.order_by("level", "name", "id")


def participations_for(source_ref_prefix: str) -> QuerySet[Participant]:
    """For other domains (honors): the participations whose `source_ref` starts with the prefix
    ("honors:honoree:12"), with their batch, newest departure first. Not scoped: the caller
    filters by its own scoped objects."""
    return (
        Participant.objects.filter(source_ref__startswith=source_ref_prefix)
        .select_related("batch__resort", "batch__plan", "org")
        .order_by("-batch__start_on", "-id")
    )
