"""Reads of contests, scoped: staff see the contests hosted in their subtree and the published
ones hosted above them (which their unions enter); they manage only the former."""

from django.db.models import Count, Q, QuerySet

from gonghui.accounts.models import User
from gonghui.competitions.contests.rules import ENTRY_OPEN, ancestor_paths
from gonghui.competitions.models import (
    Competition,
    ContestDocument,
    ContestStatus,
    Entry,
    EntryKind,
    EntryStatus,
)
from gonghui.core.access import access_in_scope
from gonghui.core.errors import ApplicationError, NotFound
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope, org_scope_path, scope_root

CONTEST_NOT_FOUND = "找不到该竞赛，或您无权查看。"
ENTRY_NOT_FOUND = "找不到该报名记录，或您无权查看。"
DOCUMENT_NOT_FOUND = "找不到该文件。"
PARENT_UNKNOWN = "找不到上级竞赛，或您无权查看。"


def _visible(user: User) -> Q:
    scope = org_scope_path(user)
    visible = Q(host__path__startswith=scope)
    root = scope_root(user)
    if root is not None:
        above = ancestor_paths(root.path)
        visible |= Q(host__path__in=above) & ~Q(status=ContestStatus.DRAFT)
    return visible


def contest_list(
    *,
    user: User,
    q: str = "",
    status: str = "",
    kind: str = "",
    level: str = "",
    contest_class: str = "",
    year: int | None = None,
) -> QuerySet[Competition]:
    qs = Competition.objects.filter(_visible(user)).select_related("host", "parent")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(industry_chain__contains=q))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if contest_class:
        qs = qs.filter(contest_class=contest_class)
    if year:
        qs = qs.filter(starts_on__year=year)
    live = ~Q(entries__status=EntryStatus.WITHDRAWN)
    return qs.annotate(entry_count=Count("entries", filter=live)).order_by("-starts_on", "-id")


def access_contest_by_id(user: User, contest_id) -> Competition:
    """Missing, or neither hosted in the user's subtree nor a published one above it: the same
    NotFound, and an out-of-scope attempt is audited."""
    return access_in_scope(
        Competition.objects.filter(_visible(user)).select_related("host", "parent"),
        actor=user,
        message=CONTEST_NOT_FOUND,
        org_of=lambda contest: contest.host,
        pk=contest_id,
    )


def can_manage(user: User, contest: Competition) -> bool:
    return org_in_scope(user, contest.host)


def contest_entries(
    *, user: User, contest: Competition, kind: str = "", q: str = "", status: str = ""
) -> QuerySet[Entry]:
    """The host's staff see every entry; a lower union sees those of its own subtree."""
    qs = contest.entries.select_related("org", "member", "team")
    if not can_manage(user, contest):
        qs = qs.filter(org__path__startswith=org_scope_path(user))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(
            Q(member__name__contains=q) | Q(team__name__contains=q) | Q(org__name__contains=q)
        )
    return qs.order_by("status", "rank", "id")


def access_entry_by_id(user: User, entry_id, *, contest: Competition) -> Entry:
    """An entry of `contest`: the host's staff reach every entry of the contests hosted in their
    subtree, a lower union those of its own subtree; else answered as missing, audited."""
    scope = org_scope_path(user)
    scoped = Entry.objects.select_related("org", "member", "team", "competition__host").filter(
        Q(competition__host__path__startswith=scope) | Q(org__path__startswith=scope)
    )
    return access_in_scope(
        scoped,
        actor=user,
        message=ENTRY_NOT_FOUND,
        org_of=lambda entry: entry.org,
        within={"competition": contest},
        pk=entry_id,
    )


def pending_entries(user: User) -> QuerySet[Entry]:
    """Portal applications waiting for the user's unions to confirm."""
    return Entry.objects.filter(
        status=EntryStatus.PENDING, org__path__startswith=org_scope_path(user)
    ).select_related("competition", "member", "org")


def sub_contests(contest: Competition) -> QuerySet[Competition]:
    return contest.children.select_related("host").order_by("host__path", "id")


def contest_documents(contest: Competition) -> QuerySet[ContestDocument]:
    return contest.documents.defer("data")


def access_document_by_id(user: User, document_id, *, contest: Competition) -> ContestDocument:
    """A document of `contest` (already accessed); one of a contest the user cannot see answers
    as missing, audited."""
    visible = Competition.objects.filter(_visible(user))
    return access_in_scope(
        ContestDocument.objects.filter(competition__in=visible),
        actor=user,
        message=DOCUMENT_NOT_FOUND,
        org_of=lambda document: document.competition.host,
        within={"competition": contest},
        pk=document_id,
    )


def parent_choices(user: User) -> QuerySet[Competition]:
    """Contests a union of the user may run a qualifier under: published, open, hosted at or
    above the user's union."""
    root = scope_root(user)
    qs = Competition.objects.exclude(
        status__in=(ContestStatus.DRAFT, ContestStatus.AWARDED, ContestStatus.ARCHIVED)
    )
    if root is None:
        return qs if user.is_superuser else qs.none()
    return qs.filter(
        Q(host__path__in=ancestor_paths(root.path)) | Q(host__path__startswith=root.path)
    )


def member_record(member) -> list[Entry]:
    """A member's entries with results, newest contest first (his record's panel)."""
    return list(
        Entry.objects.filter(member=member, kind=EntryKind.MEMBER)
        .exclude(status=EntryStatus.WITHDRAWN)
        .select_related("competition__host")
        .order_by("-competition__starts_on", "-id")
    )


def host_choices(user: User) -> QuerySet[Org]:
    return Org.objects.filter(path__startswith=org_scope_path(user))


def open_for_member(member) -> QuerySet[Competition]:
    """Contests a member may apply to on the portal: taking entries, hosted by his union or
    one above it."""
    return (
        Competition.objects.filter(
            status__in=ENTRY_OPEN, host__path__in=ancestor_paths(member.org.path)
        )
        .select_related("host")
        .order_by("entry_deadline", "-id")
    )


def open_contest_for_member(member, contest_id) -> Competition:
    contest = open_for_member(member).filter(pk=contest_id).first() if member else None
    if contest is None:
        raise NotFound(CONTEST_NOT_FOUND)
    return contest


def parent_by_id(user: User, contest_id: int) -> Competition:
    """A parent named in an API body: unknown or not visible to the user is the same 400."""
    contest = Competition.objects.filter(_visible(user), pk=contest_id).first()
    if contest is None:
        raise ApplicationError(PARENT_UNKNOWN, code="parent_unknown", field="parent_id")
    return contest
