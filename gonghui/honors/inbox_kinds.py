"""The honor rounds' kinds of 待办 (gonghui.inbox.kinds); care's are in honors/care/inbox_kinds.py.

- `honors.review`: a nomination waiting at a level for its review (due: that level's deadline);
- `honors.fix`: a nomination returned to the nominating union, to correct and send again;
- `honors.objection`: a 公示 objection for the round's union to investigate and resolve;
- `honors.publicity`: a round on 公示, for its union to decide once it ends (due: the last day);
- `honors.deadline`: a union of an open round whose level's deadline is in the next 3 working
  days and that still holds drafts or returned nominations or has places not sent on (one per
  round and union, rounds/deadlines.py). It depends on the date too: run
  `manage.py inbox_rebuild honors.deadline` daily (cron) so that items whose deadline has
  passed, or which came within the 3 days, follow.
The services refresh them in the transaction of every action that opens or closes one.
"""

from django.db.models import F, Q
from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.honors.models import (
    Deadline,
    Nomination,
    NominationStatus,
    Objection,
    ObjectionStatus,
    Round,
    RoundStatus,
    RoundUnion,
)
from gonghui.honors.rounds.deadlines import deadline_due, due_soon_unions
from gonghui.honors.rounds.services.common import step_of
from gonghui.inbox.kinds import InboxKind, Item, register_kind
from gonghui.workcalendar.selectors import end_of_day

_WAITING = Nomination.objects.filter(
    status__in=[NominationStatus.PENDING, NominationStatus.RETURNED],
    round__status=RoundStatus.OPEN,
).select_related("round", "honor_type", "holder", "org")
# Returned all the way to the nominating union (which is not the round's own union).
_AT_BASE = Q(holder=F("org")) & ~Q(org=F("round__org"))


def _nomination_link(n) -> str:
    return reverse("honors:nomination", args=[n.pk])


def _review_item(n: Nomination) -> Item:
    deadline = Deadline.objects.filter(round_id=n.round_id, step=step_of(n.holder, n.org)).first()
    return Item(
        org_id=n.holder_id,
        summary=f"审核荣誉推荐：{n.name}（{n.honor_type.title}）",
        link=_nomination_link(n),
        due_at=end_of_day(deadline.due) if deadline else None,
    )


def _fix_item(n: Nomination) -> Item:
    return Item(
        org_id=n.org_id,
        summary=f"推荐被退回修改：{n.name}（{n.honor_type.title}）",
        link=_nomination_link(n),
    )


def _objection_item(o: Objection) -> Item:
    return Item(
        org_id=o.nomination.round.org_id,
        summary=f"处理公示异议：对{o.nomination.name}的反映",
        link=_nomination_link(o.nomination),
    )


def _publicity_item(r: Round) -> Item:
    return Item(
        org_id=r.org_id,
        summary=f"公示期满后作出表彰决定：{r.title}",
        link=reverse("honors:round", args=[r.pk]),
        due_at=end_of_day(r.publicity_until) if r.publicity_until else None,
    )


def _deadline_item(ru: RoundUnion) -> Item:
    due = deadline_due(ru)
    return Item(
        org_id=ru.org_id,
        summary=f"评选截止在即（{due:%m月%d日}）：{ru.round.title}尚有推荐未上报或名额未报满",
        link=reverse("honors:round", args=[ru.round_id]),
        due_at=end_of_day(due),
    )


register_kind(
    InboxKind(
        key="honors.review",
        label="待审核的荣誉推荐",
        permission=Perm.HONOR_REVIEW,
        model="honors.Nomination",
        source=lambda: _WAITING.exclude(_AT_BASE),
        item=_review_item,
        order=70,
        notify=True,
    ),
    InboxKind(
        key="honors.fix",
        label="退回修改的荣誉推荐",
        permission=Perm.HONOR_NOMINATE,
        model="honors.Nomination",
        source=lambda: _WAITING.filter(_AT_BASE),
        item=_fix_item,
        order=71,
    ),
    InboxKind(
        key="honors.objection",
        label="待处理的公示异议",
        permission=Perm.HONOR_MANAGE,
        model="honors.Objection",
        source=lambda: Objection.objects.filter(status=ObjectionStatus.OPEN).select_related(
            "nomination__round"
        ),
        item=_objection_item,
        order=72,
    ),
    InboxKind(
        key="honors.publicity",
        label="公示中的评选",
        permission=Perm.HONOR_MANAGE,
        model="honors.Round",
        source=lambda: Round.objects.filter(status=RoundStatus.PUBLICITY),
        item=_publicity_item,
        order=73,
    ),
    InboxKind(
        key="honors.deadline",
        label="评选截止在即（3个工作日内）",
        permission=Perm.HONOR_NOMINATE,
        model="honors.RoundUnion",
        source=due_soon_unions,
        item=_deadline_item,
        order=74,
    ),
)
