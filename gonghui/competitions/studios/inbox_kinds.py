"""The studios' kinds of 待办 (the inbox port, `gonghui.inbox.kinds`):

- `competitions.studio.approve` — an application at a union's turn: review and recommend it;
- `competitions.studio.report` — a named studio's results of its next year Y to file, at the host
  unit: open from 1 January of Y+1 (not while Y runs), due 31 March of Y+1, overdue after. The
  year turning opens items without any action: `inbox_rebuild competitions.studio.report` on
  1 January (a daily cron run is harmless) writes them;
- `competitions.studio.review` — a 回头看 opened and not decided, at the naming union, by its
  deadline.

Each service of `gonghui.competitions.studios.services` refreshes the studio's items in its
transaction."""

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.studios import (
    ACTIVE_STATUSES,
    Studio,
    StudioStatus,
    Suggestion,
    SuggestionStatus,
)
from gonghui.inbox.kinds import InboxKind, Item, register_kind

MODEL = "competitions.Studio"
APPROVE_SUMMARY = "创新工作室「{name}」申报待审核推荐"
REPORT_SUMMARY = "创新工作室「{name}」{year}年度成果待报送"
REVIEW_SUMMARY = "创新工作室「{name}」回头看待复查"


def _end_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def _link(studio: Studio) -> str:
    return reverse("studios:detail", args=[studio.pk])


def _report_item(studio: Studio) -> Item:
    year = studio.next_report_year
    return Item(
        org_id=studio.org_id,
        summary=REPORT_SUMMARY.format(name=studio.name, year=year),
        link=_link(studio),
        due_at=_end_of(datetime(year + 1, 3, 31).date()),
    )


def reports_due():
    """Active studios whose next report's year has ended (the report is due from 1 January)."""
    return Studio.objects.filter(
        status__in=ACTIVE_STATUSES, next_report_year__lt=timezone.localdate().year
    ).order_by()


def _review_item(studio: Studio) -> Item:
    return Item(
        org_id=studio.batch.org_id,
        summary=REVIEW_SUMMARY.format(name=studio.name),
        link=_link(studio),
        due_at=_end_of(studio.review_deadline),
    )


def _approve_item(studio: Studio) -> Item:
    return Item(
        org_id=studio.at_org_id,
        summary=APPROVE_SUMMARY.format(name=studio.name),
        link=_link(studio),
        due_at=_end_of(studio.batch.deadline),
    )


register_kind(
    InboxKind(
        key="competitions.studio.approve",
        label="待审核的创新工作室申报",
        permission=Perm.STUDIO_REVIEW,
        model=MODEL,
        source=lambda: (
            Studio.objects.filter(status=StudioStatus.SUBMITTED).select_related("batch").order_by()
        ),
        item=_approve_item,
        order=60,
        notify=True,
    ),
    InboxKind(
        key="competitions.studio.report",
        label="创新工作室年度成果待报送",
        permission=Perm.STUDIO_MANAGE,
        model=MODEL,
        source=reports_due,
        item=_report_item,
        order=61,
    ),
    InboxKind(
        key="competitions.studio.review",
        label="创新工作室回头看待复查",
        permission=Perm.STUDIO_REVIEW,
        model=MODEL,
        source=lambda: (
            Studio.objects.filter(status__in=ACTIVE_STATUSES, review_deadline__isnull=False)
            .select_related("batch")
            .order_by()
        ),
        item=_review_item,
        order=62,
    ),
)

SUGGESTION_SUMMARY = "{kind}「{title}」待评审"


def _suggestion_item(suggestion: Suggestion) -> Item:
    return Item(
        org_id=suggestion.org_id,
        summary=SUGGESTION_SUMMARY.format(
            kind=suggestion.get_kind_display(), title=suggestion.title
        ),
        link=reverse("studios:suggestion_detail", args=[suggestion.pk]),
    )


register_kind(
    InboxKind(
        key="competitions.studio.suggestion",
        label="待评审的五小和合理化建议",
        permission=Perm.STUDIO_MANAGE,
        model="competitions.Suggestion",
        source=lambda: Suggestion.objects.filter(status=SuggestionStatus.SUBMITTED).order_by(),
        item=_suggestion_item,
        order=63,
        notify=True,
    )
)
