"""The training's kinds of 待办 (the inbox port, `gonghui.inbox.kinds`):

- `competitions.training.confirm` (培训报名待确认) — a worker applied on the portal: his union
  (the enrolment's `org`) confirms it by the class's enrolment deadline;
- `competitions.training.finish` (班次待结业) — a class under way (开班中): the union holding it
  finishes it by its end date; past that date the item shows overdue.

The services of `competitions.training.services` refresh the enrolment or the class in their
own transaction (an item cannot open by the calendar alone, which `inbox_check` could not
follow: it opens when the class starts and falls due on its end date).
"""

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.training import (
    ClassStatus,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from gonghui.inbox.kinds import InboxKind, Item, register_kind

CONFIRM_SUMMARY = "{name}网上报名培训班「{training_class}」，待确认"
FINISH_SUMMARY = "培训班「{training_class}」{ends_on}结业，待办理结业"


def _end_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _confirm_item(enrollment: Enrollment) -> Item:
    return Item(
        org_id=enrollment.org_id,
        summary=CONFIRM_SUMMARY.format(
            name=enrollment.member.name, training_class=enrollment.training_class.name
        ),
        link=reverse("training:class", args=[enrollment.training_class_id]),
        due_at=_end_of(enrollment.training_class.enrol_deadline),
    )


def _finish_item(training_class: TrainingClass) -> Item:
    return Item(
        org_id=training_class.org_id,
        summary=FINISH_SUMMARY.format(
            training_class=training_class.name, ends_on=training_class.ends_on.isoformat()
        ),
        link=reverse("training:class", args=[training_class.pk]),
        due_at=_end_of(training_class.ends_on),
    )


register_kind(
    InboxKind(
        key="competitions.training.confirm",
        label="培训报名待确认",
        permission=Perm.TRAINING_MANAGE,
        model="competitions.Enrollment",
        source=lambda: (
            Enrollment.objects.filter(status=EnrollmentStatus.APPLIED)
            .select_related("member", "training_class")
            .order_by()
        ),
        item=_confirm_item,
        order=64,
        notify=True,
    ),
    InboxKind(
        key="competitions.training.finish",
        label="班次待结业",
        permission=Perm.TRAINING_MANAGE,
        model="competitions.TrainingClass",
        source=lambda: TrainingClass.objects.filter(status=ClassStatus.RUNNING).order_by(),
        item=_finish_item,
        order=65,
    ),
)
