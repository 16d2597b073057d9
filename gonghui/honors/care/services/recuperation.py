"""「推荐疗休养」: an honoree put forward to a batch of the shared 疗休养 app (category 劳模),
marked `honors:honoree:<id>` so that his page lists his participations."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.errors import ApplicationError
from gonghui.honors.models import Honoree, HonorSubject
from gonghui.orgs.models import Org
from gonghui.recuperation.models import Batch, Category, Participant
from gonghui.recuperation.selectors import batch_list, participations_for
from gonghui.recuperation.services import add_participant

NOT_A_PERSON = "只有个人荣誉获得者才能推荐疗休养。"
NOT_ALIVE = "「{name}」已去世，不能推荐疗休养。"
BATCH_NOT_OPEN = "请选择一个尚未出发、可以推荐的疗休养批次。"


def source_ref(honoree: Honoree) -> str:
    return f"honors:honoree:{honoree.pk}"


def _ancestor_paths(org: Org) -> list[str]:
    step = Org.steplen
    return [org.path[:end] for end in range(step, len(org.path) + 1, step)]


def open_batches(*, user: User, honoree: Honoree, on: date | None = None) -> QuerySet[Batch]:
    """Batches the user sees, not yet departed, of a plan whose organiser is the honoree's
    union or one above it (the only plans he may join)."""
    on = on or timezone.localdate()
    return batch_list(user=user).filter(
        start_on__gt=on, plan__org__path__in=_ancestor_paths(honoree.org)
    )


def honoree_participations(honoree: Honoree) -> QuerySet[Participant]:
    # The exact mark: "honors:honoree:1" must not also list honoree 12's.
    return participations_for(source_ref(honoree)).filter(source_ref=source_ref(honoree))


@atomic_keeping_denials(durable=True)
def honoree_recommend_recuperation(*, actor: User, honoree: Honoree, batch: Batch) -> Participant:
    """Put the honoree forward (by his own union) to `batch`, linked to his member record if
    he has one; the 疗休养 app refuses what it refuses (departed, twice, over the quota,
    outside the scope)."""
    honoree = Honoree.objects.select_related("org", "member").get(pk=honoree.pk)
    if honoree.subject != HonorSubject.PERSON or not honoree.id_number_enc:
        raise ApplicationError(NOT_A_PERSON)
    if not honoree.alive:
        raise ApplicationError(NOT_ALIVE.format(name=honoree.name))
    if not open_batches(user=actor, honoree=honoree).filter(pk=batch.pk).exists():
        raise ApplicationError(BATCH_NOT_OPEN, field="batch")
    participant = add_participant(
        actor=actor,
        batch=batch,
        name=honoree.name,
        id_number=honoree.id_number,
        category=Category.MODEL_WORKER,
        source_ref=source_ref(honoree),
        org=honoree.org,
        # His member record, when he has one, whatever its status (retired, left …).
        linked_member=honoree.member,
    )
    audit_record(
        actor=actor,
        action="honoree.recuperation",
        obj=honoree,
        org=honoree.org,
        changes={"batch": batch.name},
    )
    return participant
