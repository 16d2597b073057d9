"""Login: by SMS code (which registers a new number) or by password, and setting the password."""

import math

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.audit.models import AuditResult
from gonghui.core import crypto
from gonghui.core.errors import ApplicationError
from gonghui.core.masking import mask_phone
from gonghui.members.idnumber import parse_phone
from gonghui.portal.models import PasswordFailure, SmsPurpose, Worker
from gonghui.portal.selectors import legal_documents_current
from gonghui.portal.services.accounts.common import (
    PASSWORD_LOCKOUT,
    PASSWORD_MAX_FAILURES,
    _audit,
    _lock_number,
)
from gonghui.portal.services.accounts.messages import (
    ACCOUNT_CLOSED,
    ACCOUNT_DISABLED,
    LOGIN_FAILED,
    LOGIN_LOCKED,
    PASSWORD_HAS_PHONE,
    PASSWORD_MISMATCH,
    PASSWORD_REQUIRED,
)
from gonghui.portal.services.accounts.sms_codes import _consume_code
from gonghui.portal.services.consent import CONSENT_REQUIRED, consent_record


def worker_login_by_code(*, phone: str, code: str, agreed: bool) -> tuple[Worker, bool]:
    """Log in with an SMS code; a number seen for the first time registers an account.

    The code login is also the registration, so it needs `agreed` (the worker ticked 同意
    《用户协议》《隐私政策》) whoever logs in: asking only new numbers would tell which numbers
    have an account. A new account records the current versions as agreed; an existing one
    is asked again for versions published since (`consent_outstanding`).

    Returns (worker, created). A code login also clears the number's password failures.
    """
    phone = parse_phone(phone)
    if not agreed:
        raise ApplicationError(CONSENT_REQUIRED, code="consent_required", field="agree")
    phone_hash = crypto.lookup_hash(phone)
    # Every readable key version: an account made before a key switch is found (rotation).
    phone_hashes = crypto.lookup_hashes(phone)
    with transaction.atomic(durable=True):
        error = _consume_code(phone, SmsPurpose.LOGIN, code)
        if error is None:
            worker = Worker.objects.filter(phone_hash__in=phone_hashes).first()
            created = worker is None
            if created:
                worker = Worker.objects.create(
                    phone_enc=crypto.encrypt(phone), phone_hash=phone_hash
                )
                documents = legal_documents_current()
                consent_record(worker=worker, documents=documents)
                _audit(
                    worker,
                    "portal.worker_register",
                    phone=mask_phone(phone),
                    agreed=[str(d) for d in documents],
                )
            elif worker.closed_at is not None:
                error = ApplicationError(ACCOUNT_CLOSED, code="account_closed")
            elif not worker.is_active:
                error = ApplicationError(ACCOUNT_DISABLED, code="account_disabled")
            if error is None:
                PasswordFailure.objects.filter(phone_hash__in=phone_hashes).delete()
    if error:
        raise error
    return worker, created


def _lockout_minutes(phone_hashes: list[str], now) -> int:
    """Minutes left of a lockout (0 if none): `PASSWORD_MAX_FAILURES` failures within
    `PASSWORD_LOCKOUT` of each other lock the number until `PASSWORD_LOCKOUT` after the last."""
    recent = list(
        PasswordFailure.objects.filter(
            phone_hash__in=phone_hashes, at__gt=now - 2 * PASSWORD_LOCKOUT
        )
        .order_by("-at")
        .values_list("at", flat=True)[:PASSWORD_MAX_FAILURES]
    )
    if len(recent) < PASSWORD_MAX_FAILURES or recent[0] - recent[-1] > PASSWORD_LOCKOUT:
        return 0
    left = (recent[0] + PASSWORD_LOCKOUT - now).total_seconds()
    return math.ceil(left / 60) if left > 0 else 0


def worker_login_by_password(*, phone: str, password: str) -> Worker:
    """Log in with a password. Unknown number, no password set, disabled account and wrong
    password all get the same answer, and every number locks the same way."""
    try:
        phone = parse_phone(phone)
    except ApplicationError:
        raise ApplicationError(LOGIN_FAILED, code="login_failed") from None
    if not password:
        raise ApplicationError(PASSWORD_REQUIRED, code="password_required", field="password")
    phone_hash = crypto.lookup_hash(phone)
    phone_hashes = crypto.lookup_hashes(phone)
    error = None
    with transaction.atomic(durable=True):
        _lock_number(crypto.lock_hash(phone))
        now = timezone.now()
        minutes = _lockout_minutes(phone_hashes, now)
        if minutes:
            error = ApplicationError(LOGIN_LOCKED.format(minutes=minutes), code="login_locked")
        else:
            worker = Worker.objects.filter(phone_hash__in=phone_hashes, is_active=True).first()
            if worker is not None and worker.password:
                ok = check_password(password, worker.password)
            else:
                make_password(password)  # the same work as a real check: no timing tell
                ok = False
            if ok:
                PasswordFailure.objects.filter(phone_hash__in=phone_hashes).delete()
            else:
                PasswordFailure.objects.create(phone_hash=phone_hash, at=now)
                error = ApplicationError(LOGIN_FAILED, code="login_failed")
                if worker is not None and _lockout_minutes(phone_hashes, now):
                    _audit(
                        worker,
                        "portal.login_locked",
                        result=AuditResult.DENIED,
                        failures=PASSWORD_MAX_FAILURES,
                    )
    if error:
        raise error
    return worker


def worker_set_password(*, worker: Worker, code: str, password: str, password2: str) -> None:
    """Set or change the password. Proof is a fresh SMS code (purpose 设置密码) sent to the
    account's number, so it works for a first password and a forgotten one alike."""
    if not password:
        raise ApplicationError(PASSWORD_REQUIRED, code="password_required", field="password")
    if password != password2:
        raise ApplicationError(PASSWORD_MISMATCH, code="password_mismatch", field="password2")
    try:
        validate_password(password, user=worker)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password") from None
    phone = worker.phone
    if phone in password:
        raise ApplicationError(PASSWORD_HAS_PHONE, field="password")
    with transaction.atomic(durable=True):
        error = _consume_code(phone, SmsPurpose.PASSWORD, code)
        if error is None:
            worker.password = make_password(password)
            worker.save(update_fields=["password"])
            PasswordFailure.objects.filter(phone_hash__in=crypto.lookup_hashes(phone)).delete()
            _audit(worker, "portal.password_set")
    if error:
        raise error
