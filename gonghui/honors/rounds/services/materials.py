"""A nomination's materials (事迹材料 and the honor type's 所需材料): PDF, JPEG, PNG or DOCX,
checked by extension, first bytes (core.uploads) and size before anything is written; stored
under MEDIA_ROOT/honors/<round>/ with a random name; added and removed only while the
nomination is editable (a draft, or returned to the nominating union)."""

import unicodedata
from pathlib import PurePath

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core import uploads
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError
from gonghui.honors.models import Nomination, NominationAttachment
from gonghui.honors.rounds.services.common import require_editable, require_scope

MAX_BYTES = uploads.ATTACHMENT_MAX_BYTES
MAX_PER_NOMINATION = 20
FILE_REQUIRED = "请选择要上传的文件。"
TYPE_INVALID = "「{name}」的格式不支持：只能上传 PDF、JPG、PNG 或 Word（.docx）文件。"
CONTENT_INVALID = "「{name}」的内容不是{label}文件（扩展名为{ext}），请检查后重新上传。"
TOO_LARGE = "「{name}」超过 {limit} MB，请压缩后重新上传。"
EMPTY = "「{name}」是空文件。"
NAME_TOO_LONG = "文件名不能超过100个字符。"
TOO_MANY = "每个推荐最多上传{n}个材料文件。"
MATERIAL_UNKNOWN = "「{material}」不是「{honor}」的所需材料项。"

# extension -> (label, stored content type, the type its first bytes must be: core.uploads)
KINDS = {
    ".pdf": ("PDF", "application/pdf", uploads.PDF),
    ".jpg": ("JPG 图片", "image/jpeg", uploads.JPEG),
    ".jpeg": ("JPG 图片", "image/jpeg", uploads.JPEG),
    ".png": ("PNG 图片", "image/png", uploads.PNG),
    ".docx": (
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        uploads.ZIP,
    ),
}


def check_file(uploaded_file) -> tuple[str, str]:
    """(clean original name, content type) of an acceptable file, or ApplicationError."""
    if uploaded_file is None:
        raise ApplicationError(FILE_REQUIRED, field="file")
    name = unicodedata.normalize("NFC", PurePath(uploaded_file.name or "").name).strip()
    ext = PurePath(name).suffix.lower()
    kind = KINDS.get(ext)
    if kind is None:
        raise ApplicationError(TYPE_INVALID.format(name=name), field="file")
    if len(name) > 100:
        raise ApplicationError(NAME_TOO_LONG, field="file")
    if uploaded_file.size > MAX_BYTES:
        raise ApplicationError(
            TOO_LARGE.format(name=name, limit=MAX_BYTES // uploads.MB), field="file"
        )
    if not uploaded_file.size:
        raise ApplicationError(EMPTY.format(name=name), field="file")
    uploaded_file.seek(0)
    head = uploaded_file.read(uploads.SNIFF_BYTES)
    uploaded_file.seek(0)
    label, content_type, sniffed = kind
    if uploads.content_type(head, [sniffed]) is None:
        raise ApplicationError(
            CONTENT_INVALID.format(name=name, label=label, ext=ext), field="file"
        )
    return name, content_type


def _lock(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update()
        .select_related("round", "org", "honor_type")
        .get(pk=nomination.pk)
    )


@atomic_keeping_denials(durable=True)
def attachment_add(
    *, actor: User, nomination: Nomination, uploaded_file, material: str = ""
) -> NominationAttachment:
    n = _lock(nomination)
    require_scope(actor, n.org, n)
    require_editable(n, "上传材料")
    material = clean_text(material or "", label="材料项", field="material")
    if material and material not in n.honor_type.material_list:
        raise ApplicationError(
            MATERIAL_UNKNOWN.format(material=material, honor=n.honor_type.title),
            field="material",
        )
    name, content_type = check_file(uploaded_file)
    if n.attachments.count() >= MAX_PER_NOMINATION:
        raise ApplicationError(TOO_MANY.format(n=MAX_PER_NOMINATION), field="file")
    attachment = NominationAttachment(
        nomination=n,
        material=material,
        original_name=name,
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=actor,
    )
    attachment.file.save(name, uploaded_file, save=False)
    try:
        attachment.save()
        audit_record(
            actor=actor,
            action="honors.attach",
            obj=n,
            org=n.org,
            changes={"file": name, "material": material, "candidate": n.name},
        )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@atomic_keeping_denials(durable=True)
def attachment_delete(*, actor: User, attachment: NominationAttachment) -> None:
    a = NominationAttachment.objects.select_for_update().get(pk=attachment.pk)
    n = _lock(a.nomination)
    require_scope(actor, n.org, n)
    require_editable(n, "删除材料")
    name, stored = a.original_name, a.file.name
    a.delete()
    audit_record(
        actor=actor,
        action="honors.detach",
        obj=n,
        org=n.org,
        changes={"file": name, "material": a.material, "candidate": n.name},
    )
    storage = NominationAttachment._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(stored))
