"""实名认证: name, ID number and phone checked against each other and the member registry,
with a limit on mismatches."""

import re
import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.audit.models import AuditResult
from gonghui.core import crypto
from gonghui.core.errors import ApplicationError
from gonghui.core.masking import mask_id_number
from gonghui.members.idnumber import parse_id_number
from gonghui.members.selectors import holding_member_by_id_number
from gonghui.portal.models import CertificationAttempt, Worker
from gonghui.portal.services.accounts.common import (
    MISMATCH_AUDIT_FROM,
    MISMATCH_LIMIT,
    MISMATCH_WINDOW,
    Reason,
    _audit,
)
from gonghui.portal.services.accounts.messages import (
    ALREADY_CERTIFIED,
    CERTIFY_DUPLICATE,
    CERTIFY_FIRST,
    CERTIFY_LOCKED,
    CERTIFY_NAME_MISMATCH,
    CERTIFY_PHONE_MISMATCH,
    CERTIFY_TRIES_LEFT,
    NAME_REQUIRED,
    NAME_TOO_LONG,
)


def _name_key(name: str) -> str:
    """Names compared as people type them: full/half width, spaces, the dot in 买买提·艾力."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    return re.sub(r"[.•・‧∙⋅]", "·", text)


def _recent_mismatches(worker: Worker, now) -> list:
    return list(
        CertificationAttempt.objects.filter(
            worker=worker, at__gt=now - MISMATCH_WINDOW, reason__in=Reason.MISMATCHES
        )
        .order_by("at")
        .values_list("at", flat=True)
    )


def worker_certify(*, worker: Worker, name: str, id_number: str) -> Worker:
    """实名认证: name + ID number, checked against the member registry with the verified phone.

    - an active (or 保留) member with that ID, the same name and the same phone (or none on
      record): linked, "已认证会员";
    - no member with that ID: certified as a non-member, "已实名认证" (may apply to join);
    - a member whose name or phone differs: refused with what to do. At most `MISMATCH_LIMIT`
      mismatches in 24 hours, audited from the `MISMATCH_AUDIT_FROM`-th on;
    - an ID another account has certified: refused and audited.

    Certified once, a worker may submit the same data again (to be linked to a membership
    registered since) but never other data. Every try is recorded.
    """
    name = (name or "").strip()
    if not name:
        raise ApplicationError(NAME_REQUIRED, code="name_required", field="name")
    if len(name) > 40:
        raise ApplicationError(NAME_TOO_LONG, code="name_too_long", field="name")
    now = timezone.now()
    error = None
    with transaction.atomic(durable=True):
        worker = Worker.objects.select_for_update().get(pk=worker.pk)
        mismatches = _recent_mismatches(worker, now)
        if len(mismatches) >= MISMATCH_LIMIT:
            until = timezone.localtime(mismatches[-MISMATCH_LIMIT] + MISMATCH_WINDOW)
            CertificationAttempt.objects.create(
                worker=worker, at=now, success=False, reason=Reason.LOCKED
            )
            error = ApplicationError(
                CERTIFY_LOCKED.format(at=f"{until:%Y-%m-%d %H:%M}"), code="certify_locked"
            )
        else:
            try:
                number = parse_id_number(id_number).number
            except ApplicationError as exc:
                number, error = None, exc
                CertificationAttempt.objects.create(
                    worker=worker, at=now, success=False, reason=Reason.INVALID
                )
            if number is not None:
                error = _certify_checked(worker, name, number, now, len(mismatches))
    if error:
        raise error
    return worker


def _certify_checked(
    worker: Worker, name: str, number: str, now, earlier_mismatches: int
) -> ApplicationError | None:
    id_hashes = crypto.lookup_hashes(number)
    if worker.is_certified and (worker.id_number_hash not in id_hashes or worker.name != name):
        return ApplicationError(
            ALREADY_CERTIFIED.format(name=worker.name), code="already_certified"
        )
    member = holding_member_by_id_number(number)

    def refuse(reason: str, message: str, code: str) -> ApplicationError:
        CertificationAttempt.objects.create(worker=worker, at=now, success=False, reason=reason)
        count = earlier_mismatches + 1
        if reason == Reason.DUPLICATE or count >= MISMATCH_AUDIT_FROM:
            _audit(
                worker,
                "portal.certify_duplicate"
                if reason == Reason.DUPLICATE
                else "portal.certify_mismatch",
                org=member.org if member else None,
                result=AuditResult.DENIED,
                id_number=mask_id_number(number),
                reason=reason,
                mismatches_24h=count,
            )
        left = MISMATCH_LIMIT - count
        suffix = CERTIFY_TRIES_LEFT.format(n=left) if left > 0 else ""
        return ApplicationError(message + suffix, code=code)

    taken = Worker.objects.filter(id_number_hash__in=id_hashes).exclude(pk=worker.pk).exists() or (
        member is not None and Worker.objects.filter(member=member).exclude(pk=worker.pk).exists()
    )
    if taken:
        return refuse(Reason.DUPLICATE, CERTIFY_DUPLICATE, "certify_duplicate")
    if member is not None:
        if _name_key(member.name) != _name_key(name):
            return refuse(Reason.NAME, CERTIFY_NAME_MISMATCH, "certify_name_mismatch")
        if member.phone and member.phone != worker.phone:
            return refuse(Reason.PHONE, CERTIFY_PHONE_MISMATCH, "certify_phone_mismatch")
    first_time = not worker.is_certified
    worker.name = name
    worker.id_number_enc = worker.id_number_enc if not first_time else crypto.encrypt(number)
    worker.id_number_hash = id_hashes[0]  # the current version
    worker.certified_at = worker.certified_at or now
    worker.member = member
    try:
        with transaction.atomic():
            worker.save(
                update_fields=["name", "id_number_enc", "id_number_hash", "certified_at", "member"]
            )
    except IntegrityError:
        # Another account certified the same ID a moment ago (the unique constraint caught it).
        worker.refresh_from_db()
        return refuse(Reason.DUPLICATE, CERTIFY_DUPLICATE, "certify_duplicate")
    reason = Reason.MEMBER if member else Reason.NON_MEMBER
    CertificationAttempt.objects.create(worker=worker, at=now, success=True, reason=reason)
    _audit(
        worker,
        "portal.certify",
        org=member.org if member else None,
        id_number=mask_id_number(number),
        member=member.pk if member else None,
        first_time=first_time,
    )
    return None


def worker_certify_again(*, worker: Worker) -> Worker:
    """A certified worker asks to be checked again with the data he certified with: a union
    may have registered him as a member since (集体入会, a paper form)."""
    if not worker.is_certified:
        raise ApplicationError(CERTIFY_FIRST, code="not_certified")
    return worker_certify(
        worker=worker, name=worker.name, id_number=crypto.decrypt(worker.id_number_enc)
    )
