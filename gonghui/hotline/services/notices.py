"""What a step tells the other side, in the step's transaction: the side that asked for the
work hears when it is decided (退单, 办结), and a union hears when an unsatisfied callback sends
a case back to it. New work that opens a 待办 item (派单, 转派) is notified by the inbox itself
(`hotline.accept` has notify=True), a 督办 by `workflow._notify_supervised`: one notice per
event."""

from django.urls import reverse

from gonghui.hotline.codes import EventAction, Result
from gonghui.hotline.models import Case
from gonghui.hotline.selectors import call_centre_of
from gonghui.hotline.services.messages import (
    NOTICE_CLOSED_BODY,
    NOTICE_CLOSED_TITLE,
    NOTICE_REOPENED_TITLE,
    NOTICE_RETURNED_TITLE,
)
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.notifications.services import notify_orgs
from gonghui.orgs.models import Org


def askers(case: Case, *, holder: Org) -> list[int]:
    """The orgs that asked `holder` to act on the case: the call centre that dispatched it and
    every union that passed it down (转派) since that dispatch, nearest last."""
    orgs = [call_centre_of(holder).pk]
    moves = case.events.filter(action__in=(EventAction.DISPATCH, EventAction.TRANSFER))
    passed = []
    for action, from_org in moves.order_by("-pk").values_list("action", "from_org_id"):
        if action == EventAction.DISPATCH:
            break
        passed.append(from_org)
    for org_id in reversed(passed):
        if org_id is not None and org_id not in orgs:
            orgs.append(org_id)
    return orgs


def _notify(org_ids, *, kind: str, case: Case, title: str, body: str) -> None:
    link = reverse("hotline:detail", args=[case.number])
    notify_orgs(
        Notification(
            recipient_org_id=org_id, kind=kind, title=title, body=body, ref=case.number, link=link
        )
        for org_id in org_ids
    )


def notify_returned(case: Case, *, by: Org, reason: str) -> None:
    """退单: the centre (and any union that passed the case down) hears why."""
    _notify(
        askers(case, holder=by),
        kind=NotificationKind.DECIDED,
        case=case,
        title=NOTICE_RETURNED_TITLE.format(number=case.number, org=by.name),
        body=reason,
    )


def notify_closed(case: Case) -> None:
    """办结: the centre (whose agents call back) and any union that passed the case down hear
    the result."""
    orgs = [pk for pk in askers(case, holder=case.holder) if pk != case.holder_id]
    _notify(
        orgs,
        kind=NotificationKind.DECIDED,
        case=case,
        title=NOTICE_CLOSED_TITLE.format(number=case.number, org=case.holder.name),
        body=NOTICE_CLOSED_BODY.format(result=Result(case.result).label),
    )


def notify_reopened(case: Case, *, comment: str) -> None:
    """An unsatisfied callback sends the case back: new work for the holding union."""
    _notify(
        [case.holder_id],
        kind=NotificationKind.WORK,
        case=case,
        title=NOTICE_REOPENED_TITLE.format(number=case.number),
        body=comment,
    )
