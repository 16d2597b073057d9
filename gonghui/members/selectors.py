import re

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Substr

from gonghui.accounts.grants import can_unmask
from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.audit.models import AuditLog
from gonghui.audit.selectors import audit_trail_of
from gonghui.core import crypto
from gonghui.core.access import access_in_scope
from gonghui.core.errors import NotFound
from gonghui.core.masking import mask_name
from gonghui.members.codes import HOLDING_STATUSES, NEW_FORMS, MemberStatus
from gonghui.members.idnumber import normalize
from gonghui.members.models import Member, MembershipEvent, Transfer, TransferSide, TransferStatus
from gonghui.metrics.models import OrgStat
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_scope_path

MEMBER_NOT_FOUND = "找不到该会员，或您无权查看。"
TRANSFER_NOT_FOUND = "找不到该转会申请，或您无权查看。"
PHONE_SHARED = (
    "提示：手机号 {phone} 也登记在会员{holders}名下。家庭成员共用手机号时无需处理；"
    "如为误填，请核对后修改。"
)
PHONE_SHARED_SHOWN = 3

# ASCII digits only: \d would take other scripts' digits, which upgrade_legacy cannot read.
_ID_LIKE = re.compile(r"^([0-9]{17}[0-9X]|[0-9]{15})$")
_PHONE_LIKE = re.compile(r"^(\+?86)?1[0-9]{10}$")
_CARD_LIKE = re.compile(r"^[0-9]{16}$")


def member_match(q: str) -> Q:
    """What a search text matches: an exact ID number (by its hash; 15 digits are upgraded),
    phone or card number, otherwise part of the name. `q` is normalised already."""
    if _ID_LIKE.match(q):
        from gonghui.members.idnumber import upgrade_legacy

        number = upgrade_legacy(q) if len(q) == 15 else q
        return Q(id_number_hash__in=crypto.lookup_hashes(number))
    if _PHONE_LIKE.match(q):
        return Q(phone_hash__in=crypto.lookup_hashes(q[-11:]))
    if _CARD_LIKE.match(q):
        return Q(card_number=q)
    return Q(name__contains=q)


def member_list(
    *, user: User, q: str = "", org_id: int | None = None, category: str = "", status: str = ""
) -> QuerySet[Member]:
    """Members of the user's subtree. `q` is an exact ID number, phone or card number, or part
    of a name."""
    qs = Member.objects.filter(org__path__startswith=org_scope_path(user)).select_related("org")
    q = normalize(q)
    if q:
        qs = qs.filter(member_match(q))
    if org_id:
        org = Org.objects.filter(pk=org_id).only("path").first()
        qs = qs.filter(org__path__startswith=org.path) if org else qs.none()
    if category == "new_forms":
        qs = qs.filter(category__in=NEW_FORMS)
    elif category:
        qs = qs.filter(category=category)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def phone_shared_warning(*, user: User, member: Member) -> str | None:
    """The warning when other current members hold this member's phone (families share phones:
    allowed, not refused). Only holders inside the user's subtree are named, masked; outside it
    nothing is said, so the form is no oracle for phones registered elsewhere."""
    if not member.phone_hash:
        return None
    holders = list(
        Member.objects.filter(
            org__path__startswith=org_scope_path(user),
            phone_hash__in=crypto.stored_hashes(member.phone_hash, member.phone_enc),
            status__in=HOLDING_STATUSES,
        )
        .exclude(pk=member.pk)
        .select_related("org")
        .order_by("id")[: PHONE_SHARED_SHOWN + 1]
    )
    if not holders:
        return None
    named = "、".join(
        f"「{mask_name(h.name)}」（{h.org.name}）" for h in holders[:PHONE_SHARED_SHOWN]
    )
    if len(holders) > PHONE_SHARED_SHOWN:
        named += "等"
    return PHONE_SHARED.format(phone=member.phone_masked, holders=named)


def access_member_by_id(user: User, member_id) -> Member:
    """The member if in the user's subtree; the same NotFound whether missing or out of scope,
    and an out-of-scope attempt is audited."""
    return access_in_scope(
        Member.objects.select_related("org").filter(org__path__startswith=org_scope_path(user)),
        actor=user,
        message=MEMBER_NOT_FOUND,
        org_of=lambda member: member.org,
        pk=member_id,
    )


def member_history(member: Member) -> QuerySet[MembershipEvent]:
    return member.events.select_related("org", "other_org", "actor")


def holding_member_by_id_number(number: str) -> Member | None:
    """Province-wide: the one active or retained membership of a person, if any."""
    return (
        Member.objects.select_related("org")
        .filter(id_number_hash__in=crypto.lookup_hashes(number), status__in=HOLDING_STATUSES)
        .first()
    )


TRANSFER_IN_NOT_FOUND = "没有找到姓名与身份证号相符、会籍有效的会员，请核对后重新输入。"


def member_for_transfer_in(*, id_number: str, name: str) -> Member:
    """Province-wide look-up for a receiving union that asks for a member (转入方申请).

    Both the exact ID number and the exact name must match, so the form cannot be used to
    probe who is a member by ID number alone.
    """
    from gonghui.members.idnumber import parse_id_number

    number = parse_id_number(id_number).number
    member = holding_member_by_id_number(number)
    if member is None or member.name != (name or "").strip():
        raise NotFound(TRANSFER_IN_NOT_FOUND, field="id_number")
    return member


def active_member_count(*, org: Org) -> int:
    return Member.objects.filter(org__path__startswith=org.path, status=MemberStatus.ACTIVE).count()


def active_member_total(*, org: Org) -> int:
    """Active members of the subtree from the statistics roll-up (`members.active`): one
    indexed row, not a count over millions of members."""
    value = (
        OrgStat.objects.filter(org=org, metric="members.active", period="")
        .values_list("value", flat=True)
        .first()
    )
    return value or 0


def holding_member_count(*, org: Org) -> int:
    """Members of the subtree who still hold a membership there (active or 保留)."""
    return Member.objects.filter(
        org__path__startswith=org.path, status__in=HOLDING_STATUSES
    ).count()


def active_member_counts_by_prefix(*, parent: Org) -> dict[str, int]:
    """Active members under each child of `parent`, keyed by the child's path: one query."""
    prefix_len = len(parent.path) + Org.steplen
    rows = (
        Member.objects.filter(org__path__startswith=parent.path, status=MemberStatus.ACTIVE)
        .exclude(org_id=parent.pk)
        .annotate(prefix=Substr("org__path", 1, prefix_len))
        .values("prefix")
        .annotate(n=Count("id"))
    )
    return {row["prefix"]: row["n"] for row in rows}


def transfer_list(*, user: User, status: str = TransferStatus.PENDING) -> QuerySet[Transfer]:
    """Transfers where either side is in the user's subtree: both sides see them pending."""
    path = org_scope_path(user)
    qs = Transfer.objects.filter(
        Q(from_org__path__startswith=path) | Q(to_org__path__startswith=path)
    ).select_related("member", "from_org", "to_org", "requested_by", "decided_by")
    if status:
        qs = qs.filter(status=status)
    # Until notifications exist, the transfers this user must decide come first.
    return qs.annotate(
        user_must_decide=Case(
            When(_must_decide(user, path), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("-user_must_decide", "-requested_at", "-id")


def _must_decide(user: User, path: str) -> Q:
    """Pending, the deciding side (the one that did not ask) in the user's subtree, and not
    asked for by the user himself: members.services.transfer_approve's rule, as a filter."""
    deciding = Q(initiated_by=TransferSide.OUT, to_org__path__startswith=path) | Q(
        initiated_by=TransferSide.IN, from_org__path__startswith=path
    )
    return Q(status=TransferStatus.PENDING) & deciding & ~Q(requested_by_id=user.pk)


def access_transfer_by_id(user: User, transfer_id) -> Transfer:
    """The transfer if either side is in the user's subtree; the refusal of another one is filed
    under the member's union (the side giving him up)."""
    return access_in_scope(
        transfer_list(user=user, status=""),
        actor=user,
        message=TRANSFER_NOT_FOUND,
        org_of=lambda transfer: transfer.from_org,
        pk=transfer_id,
    )


TRAIL_LIMIT = 50


def may_see_view_trail(user: User) -> bool:
    """「查看记录」 is shown to holders of the general grant and to auditors (audit log readers);
    the member page itself is already scoped."""
    return can_unmask(user) or user.has_perm(Perm.AUDIT_VIEW)


def member_view_trail(*, user: User, member: Member) -> list[AuditLog] | None:
    """Who unmasked or exported this member, newest first (the last TRAIL_LIMIT); None for a
    user who may not see the trail."""
    if not may_see_view_trail(user):
        return None
    rows = audit_trail_of(user=user, obj=member, org=member.org, own_actions=("member.unmask",))
    return list(rows[:TRAIL_LIMIT])
