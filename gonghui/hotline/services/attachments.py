"""附件: files kept with a case, checked by extension, first bytes and size before anything is
written."""

import unicodedata
from pathlib import PurePath

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials
from gonghui.core import uploads
from gonghui.core.errors import ApplicationError
from gonghui.hotline.codes import OPEN_STATUSES, CaseStatus, EventAction
from gonghui.hotline.models import Case, CaseAttachment
from gonghui.hotline.selectors import is_agent_for
from gonghui.hotline.services.common import _check_status, _lock, _record, _require_holder
from gonghui.hotline.services.messages import (
    ATTACHMENT_CONTENT_INVALID,
    ATTACHMENT_EMPTY,
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_MAX_PER_CASE,
    ATTACHMENT_NAME_TOO_LONG,
    ATTACHMENT_TOO_LARGE,
    ATTACHMENT_TOO_MANY,
    ATTACHMENT_TYPE_INVALID,
)

# extension -> (label, stored content type, the type its first bytes must be: core.uploads)
ATTACHMENT_KINDS = {
    ".pdf": ("PDF", "application/pdf", uploads.PDF),
    ".jpg": ("JPG 图片", "image/jpeg", uploads.JPEG),
    ".jpeg": ("JPG 图片", "image/jpeg", uploads.JPEG),
    ".png": ("PNG 图片", "image/png", uploads.PNG),
    ".doc": ("Word", "application/msword", uploads.OLE2),
    ".docx": (
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        uploads.ZIP,
    ),
    ".xls": ("Excel", "application/vnd.ms-excel", uploads.OLE2),
    ".xlsx": (
        "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        uploads.ZIP,
    ),
    ".mp3": ("MP3 录音", "audio/mpeg", uploads.MP3),
    ".amr": ("AMR 录音", "audio/amr", uploads.AMR),
    ".wav": ("WAV 录音", "audio/wav", uploads.WAV),
}


def attachment_check(uploaded_file) -> tuple[str, str]:
    """Check one uploaded file by its extension, its first bytes and its size; returns
    (clean original name, content type). Raises ApplicationError(field="attachments")."""
    name = unicodedata.normalize("NFC", PurePath(uploaded_file.name or "").name).strip()
    ext = PurePath(name).suffix.lower()
    kind = ATTACHMENT_KINDS.get(ext)
    if kind is None:
        raise ApplicationError(ATTACHMENT_TYPE_INVALID.format(name=name), field="attachments")
    if len(name) > 100:
        raise ApplicationError(ATTACHMENT_NAME_TOO_LONG, field="attachments")
    if uploaded_file.size > ATTACHMENT_MAX_BYTES:
        raise ApplicationError(ATTACHMENT_TOO_LARGE.format(name=name), field="attachments")
    if not uploaded_file.size:
        raise ApplicationError(ATTACHMENT_EMPTY.format(name=name), field="attachments")
    uploaded_file.seek(0)
    head = uploaded_file.read(uploads.SNIFF_BYTES)
    uploaded_file.seek(0)
    label, content_type, sniffed = kind
    if uploads.content_type(head, [sniffed]) is None:
        raise ApplicationError(
            ATTACHMENT_CONTENT_INVALID.format(name=name, ext=ext, label=label),
            field="attachments",
        )
    return name, content_type


@atomic_keeping_denials
def case_attach(*, actor: User, case: Case, uploaded_file):
    """Keep a file with the case (stored under MEDIA_ROOT/hotline/<number>/): by the agent of
    its call centre, or by the holding union or one above it, until it is called back."""
    case = _lock(case)
    if not is_agent_for(actor, case.holder):
        _require_holder(actor, case, "上传附件")
    _check_status(case, (*OPEN_STATUSES, CaseStatus.CLOSED), "上传附件")
    name, content_type = attachment_check(uploaded_file)
    n = CaseAttachment.objects.filter(case=case).count()
    if n >= ATTACHMENT_MAX_PER_CASE:
        raise ApplicationError(ATTACHMENT_TOO_MANY.format(n=n), field="attachments")
    return _store_attachment(case, uploaded_file, name, content_type, actor=actor)


def _store_attachment(
    case: Case, uploaded_file, name: str, content_type: str, *, actor: User | None
):
    """Save a checked file and its timeline row; the file is removed again if they fail."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    attachment = CaseAttachment(
        case=case,
        original_name=name,
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=user,
    )
    attachment.file.save(name, uploaded_file, save=False)
    try:
        attachment.save()
        _record(
            case,
            EventAction.ATTACH,
            actor=actor,
            at=timezone.now(),
            note=name,
            file=name,
            size=uploaded_file.size,
        )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment
