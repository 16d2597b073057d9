"""公示: objections are recorded and resolved; after the notice period the archive is 已建档."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import (
    ArchiveStatus,
)
from gonghui.assistance.models import (
    Archive,
    Objection,
)
from gonghui.assistance.services.archives.common import (
    FINAL_REVIEW_FORBIDDEN,
    NOTICE_NOT_OVER,
    OBJECTION_CONTENT,
    OBJECTION_DATE,
    OBJECTION_RESOLVED,
    OBJECTIONS_OPEN,
    RESOLUTION_REQUIRED,
    _lock,
    _refuse,
    _require_state,
    _set_status,
    is_final_reviewer,
)
from gonghui.assistance.services.inbox import (
    ARCHIVED,
    OBJECTION_UPHELD,
    notify_archive_decided,
    refresh_archive,
)
from gonghui.audit.services import (
    atomic_keeping_denials,
    audit_record,
)
from gonghui.core.errors import ApplicationError, Conflict


@atomic_keeping_denials(durable=True)
def objection_record(
    *,
    actor: User,
    archive: Archive,
    content: str,
    received_on: date | None = None,
    raised_by: str = "",
) -> Objection:
    archive = _lock(archive)
    if not is_final_reviewer(actor, archive):
        raise _refuse(actor, archive, FINAL_REVIEW_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.NOTICE,), "登记公示异议")
    content = (content or "").strip()
    if not content:
        raise ApplicationError(OBJECTION_CONTENT, field="content")
    today = timezone.localdate()
    received_on = received_on or today
    if not (archive.notice_start <= received_on <= archive.notice_end) or received_on > today:
        raise ApplicationError(
            OBJECTION_DATE.format(start=archive.notice_start, end=archive.notice_end),
            field="received_on",
        )
    objection = Objection.objects.create(
        archive=archive,
        received_on=received_on,
        raised_by=(raised_by or "").strip()[:40],
        content=content,
        created_by=actor,
    )
    refresh_archive(archive)
    audit_record(
        actor=actor,
        action="assistance.objection_record",
        obj=archive,
        org=archive.org,
        changes={"objection": objection.pk, "received_on": str(received_on)},
    )
    return objection


@atomic_keeping_denials(durable=True)
def objection_resolve(
    *, actor: User, objection: Objection, upheld: bool, resolution: str
) -> Objection:
    """Record the outcome of an objection; an upheld objection rejects the archive."""
    archive = _lock(objection.archive)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not is_final_reviewer(actor, archive):
        raise _refuse(actor, archive, FINAL_REVIEW_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.NOTICE,), "处理公示异议")
    if objection.upheld is not None:
        raise Conflict(OBJECTION_RESOLVED)
    resolution = (resolution or "").strip()
    if not resolution:
        raise ApplicationError(RESOLUTION_REQUIRED, field="resolution")
    objection.upheld = bool(upheld)
    objection.resolution = resolution
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    objection.save()
    refresh_archive(archive)
    audit_record(
        actor=actor,
        action="assistance.objection_resolve",
        obj=archive,
        org=archive.org,
        changes={"objection": objection.pk, "upheld": objection.upheld},
    )
    if objection.upheld:
        _set_status(
            archive,
            ArchiveStatus.REJECTED,
            actor=actor,
            action="assistance.archive_reject",
            rejected_reason=f"公示异议成立：{resolution}",
        )
        notify_archive_decided(actor=actor, archive=archive, step=OBJECTION_UPHELD, body=resolution)
    return objection


@atomic_keeping_denials(durable=True)
def archive_complete_notice(*, actor: User, archive: Archive, today: date | None = None) -> Archive:
    """After the 公示 with every objection resolved → 已建档."""
    archive = _lock(archive)
    if not is_final_reviewer(actor, archive):
        raise _refuse(actor, archive, FINAL_REVIEW_FORBIDDEN)
    _require_state(archive, (ArchiveStatus.NOTICE,), "确认公示期满建档")
    today = today or timezone.localdate()
    if today <= archive.notice_end:
        raise ApplicationError(NOTICE_NOT_OVER.format(end=archive.notice_end))
    pending = archive.objections.filter(upheld__isnull=True).count()
    if pending:
        raise ApplicationError(OBJECTIONS_OPEN.format(n=pending))
    _set_status(
        archive,
        ArchiveStatus.ARCHIVED,
        actor=actor,
        action="assistance.archive_complete_notice",
        archived_on=today,
    )
    notify_archive_decided(actor=actor, archive=archive, step=ARCHIVED)
    return archive
