"""The 12351 hotline's kinds of 待办 (the inbox port, `gonghui.inbox.kinds`), one per thing
someone must do next in the loop 登记 → 派单 → 接单 → 办理 → 办结 → 回访:

- `hotline.dispatch` — waiting at the call centre (new, or 退单 back): the agents dispatch it,
  by the 30-minute target (a returned case: by its deadline);
- `hotline.accept` — dispatched or 转派 to a union: the union accepts or returns it, by the
  2-hour target (never later than the case's deadline); new work, so the union is notified;
- `hotline.handle` — accepted (or reopened after an unsatisfied callback): the union handles
  and closes it, by the case's deadline;
- `hotline.supervised` — 督办 received and not answered yet: the union answers by acting on
  the case or recording its progress (a note or a contact of its own); the 督办 itself sends
  the notification (`SUPERVISED`), so the kind sends none;
- `hotline.callback` — closed, waiting for the agents' 回访 (no deadline: the hotline has none).

Overdue and due-today show from the due time (red, amber). Each service of
`gonghui.hotline.services` refreshes the case's items in its own transaction.
"""

from datetime import timedelta

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.hotline.codes import (
    ACCEPT_TARGET_MINUTES,
    AT_CENTRE,
    DISPATCH_TARGET_MINUTES,
    CaseStatus,
    EventAction,
)
from gonghui.hotline.models import Case, CaseEvent
from gonghui.inbox.kinds import InboxKind, Item, register_kind
from gonghui.orgs.models import Org

MODEL = "hotline.Case"
# Everything an item is made of: no other column is read (no caller data, no free text).
FIELDS = (
    "id",
    "number",
    "category",
    "status",
    "holder",
    "received_at",
    "dispatched_at",
    "deadline",
    "supervise_count",
    "reopen_count",
)

DISPATCH_SUMMARY = "工单 {number}（{category}）待派单"
REDISPATCH_SUMMARY = "工单 {number}（{category}）已退单，待重新派单"
ACCEPT_SUMMARY = "工单 {number}（{category}）已派至本会，待接单"
HANDLE_SUMMARY = "工单 {number}（{category}）办理中，请按期办结"
REOPENED_SUMMARY = "工单 {number}（{category}）回访不满意，重新办理中"
SUPERVISED_SUMMARY = "工单 {number}（{category}）被上级督办（第 {n} 次），请办理并记录进展"
CALLBACK_SUMMARY = "工单 {number}（{category}）已办结，待回访"

# What answers a 督办: a step on the case, or a note or contact by the holding union itself.
_ANSWERS = (EventAction.ACCEPT, EventAction.TRANSFER, EventAction.RETURN, EventAction.CLOSE)
_OWN_ANSWERS = (EventAction.NOTE, EventAction.CONTACT)


def _cases(**filters) -> QuerySet[Case]:
    return Case.objects.filter(**filters).only(*FIELDS).order_by()


def _detail(case: Case) -> str:
    return reverse("hotline:detail", args=[case.number])


def _text(template: str, case: Case, **extra) -> str:
    return template.format(number=case.number, category=case.get_category_display(), **extra)


# --- 待派单 ------------------------------------------------------------------------------------


def dispatch_due(case: Case):
    """A new case by the 30-minute target; a returned one by its deadline."""
    if case.status == CaseStatus.RECEIVED:
        return min(case.received_at + timedelta(minutes=DISPATCH_TARGET_MINUTES), case.deadline)
    return case.deadline


def dispatch_cases() -> QuerySet[Case]:
    return _cases(status__in=AT_CENTRE)


def _dispatch_item(case: Case) -> Item:
    template = DISPATCH_SUMMARY if case.status == CaseStatus.RECEIVED else REDISPATCH_SUMMARY
    return Item(
        org_id=case.holder_id,  # the call centre: a case at the centre is held by it
        summary=_text(template, case),
        link=reverse("hotline:dispatch", args=[case.number]),
        due_at=dispatch_due(case),
    )


# --- 待接单 ------------------------------------------------------------------------------------


def accept_due(case: Case):
    """2 hours after it reached the union, and never later than the case's deadline."""
    return min(case.dispatched_at + timedelta(minutes=ACCEPT_TARGET_MINUTES), case.deadline)


def accept_cases() -> QuerySet[Case]:
    return _cases(status=CaseStatus.DISPATCHED)


def _accept_item(case: Case) -> Item:
    return Item(
        org_id=case.holder_id,
        summary=_text(ACCEPT_SUMMARY, case),
        link=_detail(case),
        due_at=accept_due(case),
    )


# --- 办理中 ------------------------------------------------------------------------------------


def handle_cases() -> QuerySet[Case]:
    return _cases(status=CaseStatus.ACCEPTED)


def _handle_item(case: Case) -> Item:
    template = REOPENED_SUMMARY if case.reopen_count else HANDLE_SUMMARY
    return Item(
        org_id=case.holder_id,
        summary=_text(template, case),
        link=_detail(case),
        due_at=case.deadline,
    )


# --- 被督办 ------------------------------------------------------------------------------------


def supervised_cases() -> QuerySet[Case]:
    """Open cases at a union whose latest 督办 has not been answered: no step on the case and
    no note or contact by the holding union since."""
    latest = (
        CaseEvent.objects.filter(case=OuterRef("pk"))
        .filter(
            Q(action__in=(EventAction.SUPERVISE, *_ANSWERS))
            | Q(action__in=_OWN_ANSWERS, actor_org=OuterRef("holder_id"))
        )
        .order_by("-pk")
        .values("action")[:1]
    )
    return (
        _cases(status__in=(CaseStatus.DISPATCHED, CaseStatus.ACCEPTED), supervised=True)
        .annotate(latest_step=Subquery(latest))
        .filter(latest_step=EventAction.SUPERVISE)
    )


def _supervised_item(case: Case) -> Item:
    return Item(
        org_id=case.holder_id,
        summary=_text(SUPERVISED_SUMMARY, case, n=case.supervise_count),
        link=_detail(case),
        due_at=case.deadline,
    )


# --- 待回访 ------------------------------------------------------------------------------------


def callback_cases() -> QuerySet[Case]:
    """Closed cases, each with the call centre over its holder (the root of the holder's
    tree, `selectors.call_centre_of`), whose agents call back."""
    centre = Org.objects.filter(path=Substr(OuterRef("holder__path"), 1, Org.steplen)).values("pk")[
        :1
    ]
    return _cases(status=CaseStatus.CLOSED).annotate(
        centre_id=Subquery(centre, output_field=IntegerField())
    )


def _callback_item(case: Case) -> Item:
    return Item(
        org_id=case.centre_id,
        summary=_text(CALLBACK_SUMMARY, case),
        link=_detail(case) + "#callback",
    )


register_kind(
    InboxKind(
        key="hotline.dispatch",
        label="待派单工单",
        permission=Perm.HOTLINE_AGENT,
        model=MODEL,
        source=dispatch_cases,
        item=_dispatch_item,
        order=10,
    ),
    InboxKind(
        key="hotline.accept",
        label="待接单工单",
        permission=Perm.HOTLINE_HANDLE,
        model=MODEL,
        source=accept_cases,
        item=_accept_item,
        order=11,
        notify=True,
    ),
    InboxKind(
        key="hotline.supervised",
        label="被督办工单",
        permission=Perm.HOTLINE_HANDLE,
        model=MODEL,
        source=supervised_cases,
        item=_supervised_item,
        order=12,
    ),
    InboxKind(
        key="hotline.handle",
        label="办理中工单",
        permission=Perm.HOTLINE_HANDLE,
        model=MODEL,
        source=handle_cases,
        item=_handle_item,
        order=13,
    ),
    InboxKind(
        key="hotline.callback",
        label="待回访工单",
        permission=Perm.HOTLINE_AGENT,
        model=MODEL,
        source=callback_cases,
        item=_callback_item,
        order=14,
    ),
)
