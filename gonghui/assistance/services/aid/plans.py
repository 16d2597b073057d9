"""一户一计划: help measures (五个一批), their status steps and progress notes."""

from datetime import date

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import Measure
from gonghui.assistance.models import (
    Archive,
    HelpMeasure,
    MeasureNote,
    MeasureStatus,
)
from gonghui.assistance.selectors.aid import (
    chain_paths,
)
from gonghui.assistance.services.aid.common import (
    MEASURE_CONTENT_REQUIRED,
    MEASURE_CONTENT_TOO_LONG,
    MEASURE_DROP_REASON,
    MEASURE_KIND_INVALID,
    MEASURE_STATUS_INVALID,
    MEASURE_STATUS_STEP,
    MEASURE_STEPS,
    NOTE_REQUIRED,
    NOTE_TOO_LONG,
    RESPONSIBLE_ORG_INACTIVE,
    RESPONSIBLE_ORG_INVALID,
    TARGET_DATE_PAST,
    _lock_archive,
    _text,
)
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.inbox.services import refresh
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope


def _check_responsible_org(actor: User, archive: Archive, org: Org) -> None:
    if org is None or not (org_in_scope(actor, org) or org.path in chain_paths(archive.org.path)):
        raise ApplicationError(RESPONSIBLE_ORG_INVALID, field="responsible_org")
    if not org.is_active:
        raise ApplicationError(
            RESPONSIBLE_ORG_INACTIVE.format(name=org.name), field="responsible_org"
        )


@atomic_keeping_denials(durable=True)
def measure_add(
    *,
    actor: User,
    archive: Archive,
    kind: str,
    content: str,
    responsible_org: Org,
    target_date: date,
) -> HelpMeasure:
    archive = _lock_archive(actor, archive, action="制定帮扶措施")
    if kind not in Measure.values:
        raise ApplicationError(MEASURE_KIND_INVALID, field="kind")
    content = _text(
        content,
        required=MEASURE_CONTENT_REQUIRED,
        limit=500,
        too_long=MEASURE_CONTENT_TOO_LONG,
        field="content",
    )
    _check_responsible_org(actor, archive, responsible_org)
    today = timezone.localdate()
    if target_date < today:
        raise ApplicationError(TARGET_DATE_PAST.format(today=today), field="target_date")
    measure = HelpMeasure.objects.create(
        archive=archive,
        kind=kind,
        content=content,
        responsible_org=responsible_org,
        target_date=target_date,
        created_by=actor,
    )
    refresh(measure)
    audit_record(
        actor=actor,
        action="aid.measure_add",
        obj=archive,
        org=archive.org,
        changes={
            "measure": measure.pk,
            "kind": kind,
            "content": content,
            "responsible_org": responsible_org.name,
            "target_date": target_date.isoformat(),
        },
    )
    return measure


def _note(actor: User, measure: HelpMeasure, text: str) -> MeasureNote:
    text = _text(text, required=NOTE_REQUIRED, limit=1000, too_long=NOTE_TOO_LONG, field="note")
    return MeasureNote.objects.create(measure=measure, note=text, created_by=actor)


@atomic_keeping_denials(durable=True)
def measure_update_status(
    *, actor: User, measure: HelpMeasure, status: str, note: str = ""
) -> HelpMeasure:
    """Move a measure on (未开始 → 实施中 → 已完成, or 已终止 with a reason); `note`, if given,
    is kept as a progress note."""
    archive = _lock_archive(actor, measure.archive, action="更新帮扶措施")
    measure = HelpMeasure.objects.select_for_update().get(pk=measure.pk, archive=archive)
    if status not in MeasureStatus.values:
        raise ApplicationError(MEASURE_STATUS_INVALID, field="status")
    if status not in MEASURE_STEPS[measure.status]:
        raise Conflict(
            MEASURE_STATUS_STEP.format(
                current=measure.get_status_display(), wanted=MeasureStatus(status).label
            ),
            field="status",
        )
    if status == MeasureStatus.DROPPED and not (note or "").strip():
        raise ApplicationError(MEASURE_DROP_REASON, field="note")
    before = measure.status
    measure.status = status
    measure.save(update_fields=["status", "updated_at"])
    refresh(measure)
    if (note or "").strip():
        _note(actor, measure, note)
    audit_record(
        actor=actor,
        action="aid.measure_status",
        obj=archive,
        org=archive.org,
        changes={"measure": measure.pk, "status": [before, status], "note": (note or "").strip()},
    )
    return measure


@atomic_keeping_denials(durable=True)
def measure_note_add(*, actor: User, measure: HelpMeasure, note: str) -> MeasureNote:
    archive = _lock_archive(actor, measure.archive, action="记录帮扶进展")
    measure = HelpMeasure.objects.get(pk=measure.pk, archive=archive)
    entry = _note(actor, measure, note)
    audit_record(
        actor=actor,
        action="aid.measure_note",
        obj=archive,
        org=archive.org,
        changes={"measure": measure.pk, "note": entry.note},
    )
    return entry
