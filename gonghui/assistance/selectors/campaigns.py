"""Reads of 四送 campaigns and 金秋助学, scoped to the viewer's subtree.

A campaign is seen by staff of its org and of the orgs above it, and by staff below it whose
subtree received or paid some of its money (a province campaign reaches every county it funded).
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from gonghui.accounts.models import User
from gonghui.assistance.codes import ArchiveStatus, Relation
from gonghui.assistance.models import (
    Allocation,
    Archive,
    Campaign,
    CampaignPayment,
    HouseholdMember,
    StudentGrant,
)
from gonghui.core import crypto
from gonghui.core.access import access_in_scope
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.idnumber import normalize
from gonghui.members.models import Member
from gonghui.metrics.models import OrgStat
from gonghui.orgs.models import Org, OrgStatus
from gonghui.orgs.selectors import org_scope_path, orgs_in_scope

CAMPAIGN_NOT_FOUND = "找不到该活动，或您无权查看。"
GRANT_NOT_FOUND = "找不到该金秋助学申请，或您无权查看。"
PAYMENT_NOT_FOUND = "找不到该发放记录，或您无权操作。"
ARCHIVE_NOT_FOUND = "找不到该困难职工档案，或您无权查看。"

CENT = Decimal("0.01")
_ID_LIKE = re.compile(r"^[0-9]{17}[0-9X]$")
_CARD_LIKE = re.compile(r"^[0-9]{16}$")


def _ancestor_paths(path: str) -> list[str]:
    return [path[:end] for end in range(Org.steplen, len(path) + 1, Org.steplen)]


def _visible(user: User) -> Q:
    scope = org_scope_path(user)
    if scope == "":
        return Q()
    reached = Exists(
        Allocation.objects.filter(campaign=OuterRef("pk"), org__path__startswith=scope)
    ) | Exists(CampaignPayment.objects.filter(campaign=OuterRef("pk"), org__path__startswith=scope))
    return Q(org__path__startswith=scope) | (Q(org__path__in=_ancestor_paths(scope)) & reached)


def campaign_list(*, user: User, kind: str = "", year: int | None = None) -> QuerySet[Campaign]:
    qs = Campaign.objects.filter(_visible(user)).select_related("org")
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return qs.order_by("-starts_on", "-pk")


def access_campaign_by_id(user: User, campaign_id) -> Campaign:
    """The campaign if the user may see it; the same NotFound whether missing or not visible,
    and an attempt on a campaign that exists is audited."""
    return access_in_scope(
        Campaign.objects.filter(_visible(user)).select_related("org"),
        actor=user,
        message=CAMPAIGN_NOT_FOUND,
        org_of=lambda campaign: campaign.org,
        pk=campaign_id,
    )


@dataclass
class OrgTotals:
    """One row of a campaign's table: the money that reached an org's subtree, and its use."""

    org: Org
    received: Decimal
    paid: Decimal
    count: int

    @property
    def remaining(self) -> Decimal:
        return self.received - self.paid


def focus_org(user: User, campaign: Campaign) -> Org:
    """Whose figures the campaign page opens with: the viewer's union if inside the campaign's
    subtree, else (a viewer above) the campaign's org."""
    org = user.org
    if org is not None and org.path.startswith(campaign.org.path):
        return org
    return campaign.org


def campaign_totals(*, campaign: Campaign, org: Org) -> list[OrgTotals]:
    """Rows for `org` and each of its active children: received (the budget for a subtree
    holding the campaign's org, else allocations into the subtree from above it), paid and
    人次 (from the roll-up table). Four queries whatever the number of children."""
    children = list(Org.objects.get_children(org).filter(status=OrgStatus.ACTIVE).order_by("path"))
    orgs = [org, *children]
    flows = list(
        Allocation.objects.filter(campaign=campaign, org__path__startswith=org.path).values_list(
            "org__path", "from_org__path", "amount"
        )
    )
    key = f"campaign.{campaign.pk}"
    stats = {
        (org_id, metric): value
        for org_id, metric, value in OrgStat.objects.filter(
            org__in=orgs, metric__in=[f"{key}.amount", f"{key}.count"], period=""
        ).values_list("org_id", "metric", "value")
    }
    rows = []
    for each in orgs:
        if campaign.org.path.startswith(each.path):
            received = campaign.budget
        else:
            received = sum(
                (
                    amount
                    for to_path, from_path, amount in flows
                    if to_path.startswith(each.path) and not from_path.startswith(each.path)
                ),
                Decimal(0),
            )
        rows.append(
            OrgTotals(
                org=each,
                received=received.quantize(CENT),
                paid=(Decimal(stats.get((each.pk, f"{key}.amount"), 0)) / 100).quantize(CENT),
                count=stats.get((each.pk, f"{key}.count"), 0),
            )
        )
    return rows


def campaign_org_choices(user: User) -> QuerySet[Org]:
    """Who may start a campaign: the user's own union and the unions one and two levels below."""
    depth = user.org.depth if user.org is not None else 1
    return (
        orgs_in_scope(user).filter(status=OrgStatus.ACTIVE, depth__lte=depth + 2).order_by("path")
    )


def allocation_target_choices(user: User, campaign: Campaign) -> QuerySet[Org]:
    """Who may receive an allocation: unions below the user's union (down to two levels) in
    the campaign's subtree."""
    depth = user.org.depth if user.org is not None else 1
    return (
        orgs_in_scope(user)
        .filter(status=OrgStatus.ACTIVE, depth__gt=depth, depth__lte=depth + 2)
        .filter(path__startswith=campaign.org.path)
        .order_by("path")
    )


def funded_orgs(*, user: User, campaign: Campaign) -> QuerySet[Org]:
    """Unions of the user's subtree that hold money of the campaign (its org, and every union
    that received an allocation): the choices for allocating."""
    return (
        Org.objects.filter(path__startswith=org_scope_path(user))
        .filter(Q(pk=campaign.org_id) | Q(pk__in=campaign.allocations.values("org_id")))
        .order_by("path")
    )


def allocation_list(*, user: User, campaign: Campaign) -> QuerySet[Allocation]:
    """Allocations into or out of the user's subtree."""
    scope = org_scope_path(user)
    return (
        campaign.allocations.filter(
            Q(org__path__startswith=scope) | Q(from_org__path__startswith=scope)
        )
        .select_related("from_org", "org", "created_by")
        .order_by("-created_at", "-pk")
    )


def payment_list(*, user: User, campaign: Campaign, q: str = "") -> QuerySet[CampaignPayment]:
    """Payments made by unions of the user's subtree; `q` is part of the name or an exact ID."""
    qs = campaign.payments.filter(org__path__startswith=org_scope_path(user)).select_related(
        "org", "member", "archive__member"
    )
    q = normalize(q or "")
    if _ID_LIKE.match(q):
        qs = qs.filter(person_hash__in=crypto.lookup_hashes(q))
    elif q:
        qs = qs.filter(Q(member__name__contains=q) | Q(archive__member__name__contains=q))
    return qs.order_by("-paid_on", "-pk")


def access_payment(user: User, campaign: Campaign, payment_id) -> CampaignPayment:
    """A payment of the campaign made by a union of the user's subtree, else NotFound."""
    return access_in_scope(
        payment_list(user=user, campaign=campaign),
        actor=user,
        message=PAYMENT_NOT_FOUND,
        org_of=lambda payment: payment.org,
        pk=payment_id,
    )


@dataclass
class Recipient:
    """A person the pay form may choose: a member, or an archived household's applicant."""

    key: str  # "m<id>" or "a<id>"
    name: str
    id_masked: str
    org: Org
    label: str


def recipient_search(*, user: User, q: str) -> list[Recipient]:
    """Members (holding a membership) and archived households of the user's subtree, found by
    an exact ID number or member card number."""
    q = normalize(q or "")
    scope = org_scope_path(user)
    if _ID_LIKE.match(q):
        members = Member.objects.filter(id_number_hash__in=crypto.lookup_hashes(q))
        archives = Archive.objects.filter(member__id_number_hash__in=crypto.lookup_hashes(q))
    elif _CARD_LIKE.match(q):
        members = Member.objects.filter(card_number=q)
        archives = Archive.objects.filter(member__card_number=q)
    else:
        return []
    found = []
    for member in members.filter(
        org__path__startswith=scope, status__in=HOLDING_STATUSES
    ).select_related("org")[:5]:
        found.append(
            Recipient(f"m{member.pk}", member.name, member.id_number_masked, member.org, "会员")
        )
    for archive in archives.filter(
        org__path__startswith=scope, status=ArchiveStatus.ARCHIVED
    ).select_related("org", "member")[:5]:
        found.append(
            Recipient(
                f"a{archive.pk}",
                archive.member.name,
                archive.member.id_number_masked,
                archive.org,
                f"困难职工档案（{archive.get_level_display()}）",
            )
        )
    return found


def recipient_by_key(*, user: User, key: str) -> dict:
    """{"member": ...} or {"archive": ...} for a key of `recipient_search`, in scope."""
    scope = org_scope_path(user)
    kind, pk = (key or "")[:1], (key or "")[1:]
    if not pk.isdigit():
        return {}
    if kind == "m":
        member = (
            Member.objects.filter(pk=pk, org__path__startswith=scope).select_related("org").first()
        )
        return {"member": member} if member else {}
    if kind == "a":
        archive = (
            Archive.objects.filter(pk=pk, org__path__startswith=scope)
            .select_related("org", "member")
            .first()
        )
        return {"archive": archive} if archive else {}
    return {}


# --- 金秋助学 --------------------------------------------------------------------------------------


def grant_list(*, user: User, year: int | None = None, status: str = "") -> QuerySet[StudentGrant]:
    qs = (
        StudentGrant.objects.filter(org__path__startswith=org_scope_path(user))
        .select_related("org", "student", "archive__member")
        .defer("admission_proof")
    )
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-year", "-pk")


def access_grant_by_id(user: User, grant_id, *, with_proof: bool = False) -> StudentGrant:
    """The grant if its applying union is in the user's subtree; the same NotFound whether
    missing or out of scope, and an out-of-scope attempt is audited."""
    qs = StudentGrant.objects.select_related(
        "org", "student", "archive__member", "reviewed_by"
    ).filter(org__path__startswith=org_scope_path(user))
    if not with_proof:
        qs = qs.defer("admission_proof")
    return access_in_scope(
        qs, actor=user, message=GRANT_NOT_FOUND, org_of=lambda grant: grant.org, pk=grant_id
    )


def grant_archive_search(*, user: User, q: str) -> Archive | None:
    """The archived household of the user's subtree that holds the person with this exact ID
    number (the applicant or a household member, e.g. the student)."""
    q = normalize(q or "")
    if not _ID_LIKE.match(q):
        return None
    people = HouseholdMember.objects.filter(id_number_hash__in=crypto.lookup_hashes(q))
    return (
        Archive.objects.filter(
            org__path__startswith=org_scope_path(user),
            status=ArchiveStatus.ARCHIVED,
            pk__in=people.values("archive_id"),
        )
        .select_related("member", "org")
        .order_by("-pk")
        .first()
    )


def access_grant_archive(user: User, archive_id) -> Archive:
    """An archive of the user's subtree for the grant form (any status: the service says why
    one not archived cannot apply)."""
    return access_in_scope(
        Archive.objects.filter(org__path__startswith=org_scope_path(user)).select_related(
            "member", "org"
        ),
        actor=user,
        message=ARCHIVE_NOT_FOUND,
        org_of=lambda archive: archive.org,
        pk=archive_id,
    )


def household_students(archive: Archive) -> list[HouseholdMember]:
    """The household, children (the usual students) first."""
    people = list(archive.household.order_by("pk"))
    return sorted(people, key=lambda person: person.relation != Relation.CHILD)
