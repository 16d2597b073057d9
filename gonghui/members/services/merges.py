"""工会合并: the members of a merged union move to the union it was merged into."""

from django.db.models import Q
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.inbox.services import refresh_pks
from gonghui.members.codes import ChangeType
from gonghui.members.models import (
    Member,
    Transfer,
    TransferStatus,
)
from gonghui.members.services.common import _event
from gonghui.orgs.models import Org


def members_move_for_merge(*, actor: User, source: Org, target: Org) -> int:
    """Org merge: the source union's own members move to the target, history kept.
    Called inside org_merge's transaction, which then recounts both unions' statistics."""
    today = timezone.localdate()
    moved = 0
    for member in Member.objects.select_for_update().filter(org=source):
        member.org = target
        member.save(update_fields=["org", "updated_at"])
        if member.is_holding:
            _event(
                member,
                ChangeType.TRANSFER_OUT,
                actor=actor,
                on=today,
                org=source,
                other_org=target,
                note="工会合并",
            )
            _event(
                member,
                ChangeType.TRANSFER_IN,
                actor=actor,
                on=today,
                org=target,
                other_org=source,
                note="工会合并",
            )
        moved += 1
    # A pending transfer between the two unions is settled by the merge itself; the others
    # follow their union. Their 待办 follow both.
    touched = list(
        Transfer.objects.filter(
            Q(from_org=source) | Q(to_org=source), status=TransferStatus.PENDING
        ).values_list("pk", flat=True)
    )
    Transfer.objects.filter(
        Q(from_org=source, to_org=target) | Q(from_org=target, to_org=source),
        status=TransferStatus.PENDING,
    ).update(
        status=TransferStatus.CANCELLED,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note="工会合并",
    )
    Transfer.objects.filter(status=TransferStatus.PENDING, to_org=source).update(to_org=target)
    Transfer.objects.filter(status=TransferStatus.PENDING, from_org=source).update(from_org=target)
    refresh_pks("members.Transfer", touched)
    return moved
