"""What a user sees of cross-province transfers: those of the unions in his subtree."""

from django.db.models import QuerySet

from gonghui.accounts.models import User
from gonghui.national.models import CrossTransfer, Direction
from gonghui.orgs.selectors import org_scope_path


def cross_transfers(*, user: User, direction: str) -> QuerySet[CrossTransfer]:
    return (
        CrossTransfer.objects.filter(
            direction=direction, org__path__startswith=org_scope_path(user)
        )
        .select_related("org")
        .order_by("-requested_at", "-id")
    )


def received(user: User) -> QuerySet[CrossTransfer]:
    return cross_transfers(user=user, direction=Direction.IN)


def sent(user: User) -> QuerySet[CrossTransfer]:
    return cross_transfers(user=user, direction=Direction.OUT)
