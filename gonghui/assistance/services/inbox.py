"""What the assistance services tell the 待办 inbox (kinds: `assistance.inbox_kinds`) and the
side that asked, in the transaction of each action."""

from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.assistance.models import Archive, HelpMeasure, Objection
from gonghui.inbox.services import refresh, refresh_pks
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.notifications.services import notify_orgs

ARCHIVE_DECIDED = "困难职工档案{step}：{name}"
FIRST_PASSED = "初审通过，待终审"
FIRST_REJECTED = "初审未通过"
FINAL_PASSED = "终审通过，进入公示"
FINAL_REJECTED = "终审未通过"
OBJECTION_UPHELD = "公示异议成立，未通过"
ARCHIVED = "公示期满，已建档"


def refresh_archive(archive: Archive) -> None:
    """Every item hanging on the archive: its review steps, its objections and its help
    measures (open only while the archive is in 公示, resp. archived)."""
    refresh(archive)
    refresh_pks(
        "assistance.Objection",
        Objection.objects.filter(archive=archive).values_list("pk", flat=True),
    )
    refresh_pks(
        "assistance.HelpMeasure",
        HelpMeasure.objects.filter(archive=archive).values_list("pk", flat=True),
    )


def notify_archive_decided(*, actor: User, archive: Archive, step: str, body: str = "") -> None:
    """The union the archive belongs to (which applied for it) hears of a decision on it,
    unless it took the decision itself."""
    if actor is not None and actor.org_id == archive.org_id:
        return
    notify_orgs(
        [
            Notification(
                recipient_org_id=archive.org_id,
                kind=NotificationKind.DECIDED,
                title=ARCHIVE_DECIDED.format(step=step, name=archive.member.name)[:200],
                body=body,
                ref=f"archive-{archive.pk}",
                link=reverse("assistance:archive_detail", args=[archive.pk]),
            )
        ]
    )
