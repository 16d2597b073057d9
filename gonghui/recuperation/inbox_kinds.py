"""疗休养's kind of 待办 (the port: gonghui.inbox.kinds): a batch with people 推荐/报名 waiting for
the organiser's 确认. One item per batch, addressed to the plan's organising union, due
CONFIRM_DAYS before departure; confirming or cancelling the last of them closes it."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.inbox.kinds import InboxKind, Item, register_kind
from gonghui.recuperation.models import Batch, ParticipantStatus

CONFIRM_DAYS = 3
SUMMARY = "「{batch}」有 {n} 人待确认（{start} 出发）"


def _pending():
    return (
        Batch.objects.select_related("plan")
        .annotate(
            to_confirm=Count(
                "participants", filter=Q(participants__status=ParticipantStatus.NOMINATED)
            )
        )
        .filter(to_confirm__gt=0)
    )


def _item(batch: Batch) -> Item:
    due = timezone.make_aware(
        datetime.combine(batch.start_on - timedelta(days=CONFIRM_DAYS), time(18, 0))
    )
    return Item(
        org_id=batch.plan.org_id,
        summary=SUMMARY.format(batch=batch.name, n=batch.to_confirm, start=batch.start_on),
        link=f"{reverse('recuperation:batch', args=[batch.pk])}?status=nominated",
        due_at=due,
    )


register_kind(
    InboxKind(
        key="recuperation.confirm",
        label="疗休养待确认人员",
        permission=Perm.RECUPERATION_MANAGE,
        model="recuperation.Batch",
        source=_pending,
        item=_item,
        order=80,
    )
)
