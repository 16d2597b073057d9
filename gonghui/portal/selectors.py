"""Reads for joining, member requests and the e-card.

Portal reads are the worker's own (his applications, his requests) or public (union names are
public: a worker must find his union). Workbench reads are scoped to the staff's subtree, and an
object outside it answers the same NotFound as a missing one, audited.
"""

import re

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.core.errors import NotFound
from gonghui.members.models import Member
from gonghui.orgs.models import MEMBER_HOLDING_TYPES, Org, OrgStatus, OrgType
from gonghui.orgs.selectors import member_holding_orgs, org_scope_path, orgs_in_scope
from gonghui.portal.legal_texts import seed_default_documents
from gonghui.portal.models import (
    ConsentRecord,
    JoinApplication,
    LegalDocument,
    LegalKind,
    MemberRequest,
    RequestStatus,
    Worker,
)

APPLICATION_NOT_FOUND = "找不到该入会申请，或您无权查看。"
REQUEST_NOT_FOUND = "找不到该会员申请，或您无权查看。"
UNION_NOT_FOUND = "找不到该工会，或该工会已撤销，不能申请加入。"
LEGAL_NOT_FOUND = "找不到该版本的协议。"

SEARCH_LIMIT = 20
# Who takes in a worker with no union at work (兜底入会).
FALLBACK_TYPES = (OrgType.TOWNSHIP, OrgType.COMMUNITY, OrgType.FEDERATION)
_USCC_LIKE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")


def _joinable() -> QuerySet[Org]:
    return Org.objects.filter(status=OrgStatus.ACTIVE, org_type__in=MEMBER_HOLDING_TYPES)


def union_search(*, q: str, within: Org | None = None, limit: int = SEARCH_LIMIT) -> list[Org]:
    """Unions a worker may ask to join, by part of the name or the employer's exact 统一社会信用代码;
    with `within`, only those of that union's subtree."""
    q = (q or "").strip()
    if not q:
        return []
    qs = _joinable().filter(path__startswith=within.path) if within else _joinable()
    if _USCC_LIKE.match(q.upper()):
        return list(qs.filter(uscc=q.upper())[:limit])
    return list(qs.filter(name__icontains=q).order_by("name")[:limit])


def _active_org(org_id) -> Org | None:
    if not str(org_id).isdigit():
        return None
    return Org.objects.filter(pk=org_id, status=OrgStatus.ACTIVE).first()


def join_target_by_id(org_id) -> Org:
    """The union a join link points at (码上入会), public: any active union, else NotFound. One
    that takes no members directly (`holds_members` false: a 县区总工会) is returned all the same,
    for the page to say so and offer the unions below it."""
    org = _active_org(org_id)
    if org is None:
        raise NotFound(UNION_NOT_FOUND)
    return org


def union_search_root(org_id) -> Org | None:
    """The active union whose subtree the join search is limited to (`?within=`), if any."""
    return _active_org(org_id) if org_id else None


def fallback_areas() -> list[Org]:
    """Where a worker works, for the 兜底入会 first step: every county (labelled with its city),
    and the cities whose townships hang directly under them (嘉峪关, 兰州新区)."""
    active = Org.objects.filter(status=OrgStatus.ACTIVE)
    cities = {c.path: c for c in active.filter(org_type=OrgType.CITY)}
    with_townships = set()
    for depth in {c.depth for c in cities.values()}:
        with_townships.update(
            active.filter(org_type=OrgType.TOWNSHIP, depth=depth + 1)
            .annotate(parent_path=Substr("path", 1, depth * Org.steplen))
            .values_list("parent_path", flat=True)
            .distinct()
        )
    areas = list(active.filter(org_type=OrgType.COUNTY)) + [
        c for path, c in cities.items() if path in with_townships
    ]
    for area in areas:
        city = cities.get(area.path[: -Org.steplen])
        area.label = f"{city.name} · {area.name}" if city else area.name
    return sorted(areas, key=lambda a: a.path)


def fallback_unions(*, area: Org) -> list[Org]:
    """Township/street unions, communities and regional/industry federations of an area."""
    if area.org_type not in (OrgType.COUNTY, OrgType.CITY):
        return []
    return list(
        Org.objects.filter(
            path__startswith=area.path, status=OrgStatus.ACTIVE, org_type__in=FALLBACK_TYPES
        ).order_by("path")
    )


def worker_pending_application(worker: Worker) -> JoinApplication | None:
    return (
        worker.join_applications.filter(status=RequestStatus.PENDING).select_related("org").first()
    )


def worker_applications(worker: Worker) -> QuerySet[JoinApplication]:
    return worker.join_applications.select_related("org").order_by("-submitted_at", "-id")


def worker_requests(worker: Worker) -> QuerySet[MemberRequest]:
    return worker.member_requests.select_related("member__org", "to_org", "transfer").order_by(
        "-submitted_at", "-id"
    )


def worker_pending_request(worker: Worker) -> MemberRequest | None:
    return worker.member_requests.filter(status=RequestStatus.PENDING).first()


def holding_member_of(worker: Worker) -> Member | None:
    """The worker's membership if he still holds it (active or 保留)."""
    member = worker.member
    return member if member is not None and member.is_holding else None


# --- workbench --------------------------------------------------------------------------------


def application_list(
    *, user: User, status: str = RequestStatus.PENDING
) -> QuerySet[JoinApplication]:
    qs = JoinApplication.objects.filter(org__path__startswith=org_scope_path(user)).select_related(
        "worker", "org", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("submitted_at", "id")


def access_application_by_id(user: User, application_id) -> JoinApplication:
    return access_in_scope(
        JoinApplication.objects.select_related("worker", "org", "decided_by", "member").filter(
            org__path__startswith=org_scope_path(user)
        ),
        actor=user,
        message=APPLICATION_NOT_FOUND,
        org_of=lambda application: application.org,
        pk=application_id,
    )


def member_request_list(
    *, user: User, status: str = RequestStatus.PENDING
) -> QuerySet[MemberRequest]:
    """Requests of members whose union is in the user's subtree."""
    qs = MemberRequest.objects.filter(
        member__org__path__startswith=org_scope_path(user)
    ).select_related("worker", "member__org", "to_org", "transfer")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("submitted_at", "id")


def access_member_request_by_id(user: User, request_id) -> MemberRequest:
    return access_in_scope(
        MemberRequest.objects.select_related("worker", "member__org", "to_org", "transfer").filter(
            member__org__path__startswith=org_scope_path(user)
        ),
        actor=user,
        message=REQUEST_NOT_FOUND,
        org_of=lambda item: item.member.org,
        pk=request_id,
    )


def qr_union_list(*, user: User, q: str = "") -> QuerySet[Org]:
    """Unions in the user's subtree that take members, for the 码上入会 pages."""
    qs = member_holding_orgs(user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc=q.upper()))
    return qs


def access_qr_union_by_id(user: User, org_id) -> Org:
    """A union of the user's subtree that takes members; one outside it answers as missing,
    audited, and one inside that takes no members (or is dissolved) as missing too."""
    org = access_in_scope(
        orgs_in_scope(user), actor=user, message=UNION_NOT_FOUND, org_of=lambda org: org, pk=org_id
    )
    if not member_holding_orgs(user).filter(pk=org.pk).exists():
        raise NotFound(UNION_NOT_FOUND)
    return org


# --- 用户协议 and 隐私政策 (public texts) ------------------------------------------------------


def _current_documents(worker: Worker | None = None) -> list[LegalDocument]:
    latest = LegalDocument.objects.filter(kind=OuterRef("kind")).order_by("-version")
    qs = LegalDocument.objects.filter(version=Subquery(latest.values("version")[:1]))
    if worker is not None:
        agreed = ConsentRecord.objects.filter(
            worker=worker, document=OuterRef("pk"), withdrawn_at__isnull=True
        )
        qs = qs.annotate(agreed=Exists(agreed))
    return sorted(qs, key=lambda d: LegalKind.values.index(d.kind))


def legal_documents_current(worker: Worker | None = None) -> list[LegalDocument]:
    """The latest version of each kind, terms first; with `worker`, each says `agreed`.

    One query. Should the table have been emptied, version 1 of the defaults comes back: a
    worker must always have a text to read and agree to.
    """
    documents = _current_documents(worker)
    if len(documents) < len(LegalKind.values):
        seed_default_documents(LegalDocument)
        documents = _current_documents(worker)
    return documents


def consent_outstanding(worker: Worker) -> list[LegalDocument]:
    """The current versions the worker has not agreed to (a new version asks again)."""
    return [d for d in legal_documents_current(worker) if not d.agreed]


def consent_history(worker: Worker) -> QuerySet[ConsentRecord]:
    """What the worker agreed to and when, newest first (shown to him on 我的)."""
    return (
        ConsentRecord.objects.filter(worker=worker)
        .select_related("document")
        .order_by("-accepted_at", "-id")
    )


def legal_document_get(kind: str, version: int | None = None) -> LegalDocument:
    """One version (the current one if `version` is None), or NotFound."""
    if kind not in LegalKind.values:
        raise NotFound(LEGAL_NOT_FOUND)
    if version is None:
        return next(d for d in legal_documents_current() if d.kind == kind)
    document = LegalDocument.objects.filter(kind=kind, version=version).first()
    if document is None:
        raise NotFound(LEGAL_NOT_FOUND)
    return document


def legal_document_versions(kind: str) -> QuerySet[LegalDocument]:
    return LegalDocument.objects.filter(kind=kind).order_by("-version")
