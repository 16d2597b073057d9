"""Reads of the honoree registry and the allowance ledger, scoped to the user's subtree by the
honoree's union; an honoree outside it answers as a missing one (audited)."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from gonghui.accounts.models import User
from gonghui.core.access import access_in_scope
from gonghui.honors.models import Allowance, AllowanceBatch, CareRecord, Honor, Honoree
from gonghui.orgs.selectors import org_scope_path

HONOREE_NOT_FOUND = "找不到该劳模，或您无权查看。"
HONOR_NOT_FOUND = "找不到该荣誉，或您无权查看。"


def honoree_list(
    *,
    user: User,
    q: str = "",
    honor_type_id: int | None = None,
    level: str = "",
    year: int | None = None,
    alive: bool | None = None,
    hardship: bool | None = None,
) -> QuerySet[Honoree]:
    qs = Honoree.objects.filter(org__path__startswith=org_scope_path(user)).select_related("org")
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(employer__contains=q) | Q(org__name__contains=q))
    honors = Honor.objects.filter(honoree=OuterRef("pk"), revoked=False)
    if honor_type_id:
        honors = honors.filter(honor_type_id=honor_type_id)
    if level:
        honors = honors.filter(honor_type__level=level)
    if year:
        honors = honors.filter(year=year)
    if honor_type_id or level or year:
        qs = qs.filter(Exists(honors))
    if alive is not None:
        qs = qs.filter(alive=alive)
    if hardship is not None:
        qs = qs.filter(hardship=hardship)
    return qs.annotate(honor_count=Count("honors", filter=Q(honors__revoked=False))).order_by(
        "name", "id"
    )


def access_honoree_by_id(user: User, honoree_id) -> Honoree:
    scoped = Honoree.objects.select_related("org", "member", "team").filter(
        org__path__startswith=org_scope_path(user)
    )
    return access_in_scope(
        scoped,
        actor=user,
        message=HONOREE_NOT_FOUND,
        org_of=lambda honoree: honoree.org,
        pk=honoree_id,
    )


def access_honor_by_id(user: User, honor_id, honoree_id=None) -> Honor:
    """One honor of an honoree in the user's subtree (under the honoree `honoree_id` when
    given: another honoree's answers as missing)."""
    scoped = Honor.objects.select_related("honoree__org", "honor_type__conferrer").filter(
        honoree__org__path__startswith=org_scope_path(user)
    )
    return access_in_scope(
        scoped,
        actor=user,
        message=HONOR_NOT_FOUND,
        org_of=lambda honor: honor.honoree.org,
        within={"honoree_id": honoree_id} if honoree_id is not None else None,
        pk=honor_id,
    )


def honoree_honors(honoree: Honoree) -> QuerySet[Honor]:
    return honoree.honors.select_related("honor_type").order_by("-year", "id")


def honoree_allowances(honoree: Honoree) -> QuerySet[Allowance]:
    return honoree.allowances.select_related("batch").order_by("-paid_on", "-id")


def honoree_cares(honoree: Honoree) -> QuerySet[CareRecord]:
    return honoree.cares.order_by("-on", "-id")


def allowance_list(
    *, user: User, kind: str = "", batch_id: int | None = None, year: int | None = None
) -> QuerySet[Allowance]:
    qs = Allowance.objects.filter(honoree__org__path__startswith=org_scope_path(user))
    if kind:
        qs = qs.filter(kind=kind)
    if batch_id:
        qs = qs.filter(batch_id=batch_id)
    if year:
        qs = qs.filter(paid_on__year=year)
    return qs.select_related("honoree__org", "batch").order_by("-paid_on", "-id")


def allowance_totals(allowances: QuerySet[Allowance]) -> dict:
    return allowances.aggregate(n=Count("pk"), total=Sum("amount"))


def batch_list(*, user: User) -> QuerySet[AllowanceBatch]:
    return (
        AllowanceBatch.objects.filter(org__path__startswith=org_scope_path(user))
        .select_related("org")
        .annotate(n=Count("allowances"), total=Sum("allowances__amount"))
        .order_by("-paid_on", "-id")
    )


def honors_on_card(*, member_id: int, id_number_hash: str | list[str]) -> list[str]:
    """For the worker's e-card (portal): the honors he holds, not revoked, as lines such as
    「甘肃省五一劳动奖章（2024）」, newest first — through the honoree linked to his member
    record, or matching his ID number. One query."""
    match = Q(honoree__member_id=member_id)
    # A list during a key rotation: the hash under every readable version.
    hashes = [id_number_hash] if isinstance(id_number_hash, str) else id_number_hash
    if any(hashes):
        match |= Q(honoree__id_number_hash__in=hashes)
    rows = (
        Honor.objects.filter(match, revoked=False, honoree__subject="person")
        .values_list("honor_type__title", "year")
        .order_by("-year", "honor_type__order", "id")
    )
    return [f"{title}（{year}）" for title, year in rows]
