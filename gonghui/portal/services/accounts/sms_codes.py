"""SMS codes: sent within the per-number and per-address limits, and consumed once."""

import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gonghui.core import crypto
from gonghui.core.context import client_ip
from gonghui.core.errors import ApplicationError
from gonghui.core.ratelimit import RateLimit
from gonghui.members.idnumber import parse_phone
from gonghui.portal.models import SmsCode, SmsPurpose
from gonghui.portal.services.accounts.common import (
    CODE_MAX_TRIES,
    CODE_TTL,
    SEND_INTERVAL,
    SENDS_PER_DAY,
    _code_hash,
    _code_hashes,
    _lock_number,
)
from gonghui.portal.services.accounts.messages import (
    CODE_DEAD,
    CODE_EXPIRED,
    CODE_NONE,
    CODE_REQUIRED,
    CODE_USED,
    CODE_WRONG,
    SEND_DAILY_LIMIT,
    SEND_IP_LIMIT,
    SEND_TOO_SOON,
    SMS_TEXT,
)
from gonghui.portal.sms import send_sms


def sms_resend_wait(phone: str, *, now=None) -> int:
    """Seconds until another code may be sent to `phone` (0 when it may now)."""
    now = now or timezone.now()
    last = (
        SmsCode.objects.filter(phone_hash__in=crypto.lookup_hashes(phone))
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    if last is None:
        return 0
    return max(0, int((last + SEND_INTERVAL - now).total_seconds() + 0.999))


@transaction.atomic(durable=True)
def sms_code_send(*, phone: str, purpose: str) -> SmsCode:
    """Send a fresh 6-digit code to `phone`; earlier codes for the purpose stop working.

    At most one send a minute and `SENDS_PER_DAY` a day (Beijing time) per number, whatever the
    purpose, and `GONGHUI_SMS_SENDS_PER_IP_HOUR` an hour per client address. The SMS goes out after commit.
    """
    phone = parse_phone(phone)
    if purpose not in SmsPurpose.values:
        raise ValueError(f"unknown purpose {purpose}")
    phone_hash = crypto.lookup_hash(phone)
    _lock_number(crypto.lock_hash(phone))
    now = timezone.now()
    wait = sms_resend_wait(phone, now=now)
    if wait:
        raise ApplicationError(
            SEND_TOO_SOON.format(seconds=wait), code="sms_too_soon", field="phone"
        )
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if (
        SmsCode.objects.filter(
            phone_hash__in=crypto.lookup_hashes(phone), sent_at__gte=day_start
        ).count()
        >= SENDS_PER_DAY
    ):
        raise ApplicationError(
            SEND_DAILY_LIMIT.format(n=SENDS_PER_DAY), code="sms_daily_limit", field="phone"
        )
    ip = client_ip.get()
    per_ip = settings.GONGHUI_SMS_SENDS_PER_IP_HOUR
    # Last, so that only a send that goes out is counted. Counted by the shared limiter, not
    # from the rows: the lock above is per number, and two numbers texted from one address at
    # once must not both slip under the limit.
    if ip and per_ip and not RateLimit("sms-ip", per_ip, 60 * 60).hit(ip):
        raise ApplicationError(SEND_IP_LIMIT, code="sms_ip_limit", field="phone")
    code = f"{secrets.randbelow(1_000_000):06d}"
    row = SmsCode.objects.create(
        phone_hash=phone_hash,
        purpose=purpose,
        code_hash=_code_hash(phone, purpose, code),
        sent_at=now,
        expires_at=now + CODE_TTL,
        ip=ip,
    )
    text = SMS_TEXT.format(
        sign=settings.GONGHUI_SMS_SIGN, code=code, minutes=int(CODE_TTL.total_seconds() // 60)
    )
    # robust: a gateway failure is logged; the code row stays (it counts towards the limits).
    transaction.on_commit(lambda: send_sms(phone, text), robust=True)
    return row


def _consume_code(phone: str, purpose: str, code: str) -> ApplicationError | None:
    """Check `code` against the latest one sent for `purpose`; on success it is used up.

    Returns the error instead of raising it, so the caller commits the counted try first.
    """
    code = (code or "").strip()
    if not code:
        return ApplicationError(CODE_REQUIRED, code="code_required", field="code")
    row = (
        SmsCode.objects.select_for_update()
        .filter(phone_hash__in=crypto.lookup_hashes(phone), purpose=purpose)
        .order_by("-sent_at", "-id")
        .first()
    )
    now = timezone.now()
    if row is None:
        return ApplicationError(CODE_NONE, code="code_none", field="code")
    if row.used_at is not None:
        return ApplicationError(CODE_USED, code="code_used", field="code")
    if row.attempts >= CODE_MAX_TRIES:
        return ApplicationError(CODE_DEAD, code="code_dead", field="code")
    if now >= row.expires_at:
        return ApplicationError(CODE_EXPIRED, code="code_expired", field="code")
    if not any(hmac.compare_digest(row.code_hash, h) for h in _code_hashes(phone, purpose, code)):
        row.attempts += 1
        row.save(update_fields=["attempts"])
        left = CODE_MAX_TRIES - row.attempts
        if left <= 0:
            return ApplicationError(CODE_DEAD, code="code_dead", field="code")
        return ApplicationError(CODE_WRONG.format(n=left), code="code_wrong", field="code")
    row.used_at = now
    row.save(update_fields=["used_at"])
    return None


def sms_code_verify(*, phone: str, purpose: str, code: str) -> None:
    """Use up `code`, or raise; a wrong try is counted even though this raises."""
    phone = parse_phone(phone)
    with transaction.atomic():
        error = _consume_code(phone, purpose, code)
    if error:
        raise error
