"""Worker accounts: SMS codes, login (code = registration, or password), password, 实名认证; one
module per use case (`sms_codes`, `login`, `certification`), the shared limits and helpers in
`common`, every message in `messages`.

The per-number limits are counted from rows (`SmsCode`, `PasswordFailure`,
`CertificationAttempt`) under a per-number lock, and the per-address SMS limit by the shared
limiter (`gonghui.core.ratelimit`), never by a per-process cache, so they hold across web
processes and restarts. A failed try must be
remembered even though it is refused: those functions commit the row first and raise after.
"""

from gonghui.portal.services.accounts.certification import worker_certify, worker_certify_again
from gonghui.portal.services.accounts.common import (
    CODE_MAX_TRIES,
    CODE_TTL,
    MISMATCH_AUDIT_FROM,
    MISMATCH_LIMIT,
    MISMATCH_WINDOW,
    PASSWORD_LOCKOUT,
    PASSWORD_MAX_FAILURES,
    SEND_INTERVAL,
    SENDS_PER_DAY,
    Reason,
)
from gonghui.portal.services.accounts.login import (
    worker_login_by_code,
    worker_login_by_password,
    worker_set_password,
)
from gonghui.portal.services.accounts.messages import (
    ACCOUNT_CLOSED,
    ACCOUNT_DISABLED,
    ALREADY_CERTIFIED,
    CERTIFY_DUPLICATE,
    CERTIFY_LOCKED,
    CERTIFY_NAME_MISMATCH,
    CERTIFY_PHONE_MISMATCH,
    CERTIFY_TRIES_LEFT,
    CODE_DEAD,
    CODE_EXPIRED,
    CODE_NONE,
    CODE_REQUIRED,
    CODE_USED,
    CODE_WRONG,
    LOGIN_FAILED,
    LOGIN_LOCKED,
    NAME_REQUIRED,
    NAME_TOO_LONG,
    PASSWORD_MISMATCH,
    PASSWORD_REQUIRED,
    SEND_DAILY_LIMIT,
    SEND_IP_LIMIT,
    SEND_TOO_SOON,
    SMS_TEXT,
)
from gonghui.portal.services.accounts.sms_codes import (
    sms_code_send,
    sms_code_verify,
    sms_resend_wait,
)

__all__ = [
    "worker_certify",
    "worker_certify_again",
    "CODE_TTL",
    "CODE_MAX_TRIES",
    "SEND_INTERVAL",
    "SENDS_PER_DAY",
    "PASSWORD_MAX_FAILURES",
    "PASSWORD_LOCKOUT",
    "MISMATCH_WINDOW",
    "MISMATCH_LIMIT",
    "MISMATCH_AUDIT_FROM",
    "Reason",
    "worker_login_by_code",
    "worker_login_by_password",
    "worker_set_password",
    "sms_code_send",
    "sms_code_verify",
    "sms_resend_wait",
    "SMS_TEXT",
    "SEND_TOO_SOON",
    "SEND_DAILY_LIMIT",
    "SEND_IP_LIMIT",
    "CODE_REQUIRED",
    "CODE_NONE",
    "CODE_EXPIRED",
    "CODE_USED",
    "CODE_DEAD",
    "CODE_WRONG",
    "ACCOUNT_DISABLED",
    "ACCOUNT_CLOSED",
    "LOGIN_FAILED",
    "LOGIN_LOCKED",
    "PASSWORD_REQUIRED",
    "PASSWORD_MISMATCH",
    "NAME_REQUIRED",
    "NAME_TOO_LONG",
    "ALREADY_CERTIFIED",
    "CERTIFY_DUPLICATE",
    "CERTIFY_NAME_MISMATCH",
    "CERTIFY_PHONE_MISMATCH",
    "CERTIFY_TRIES_LEFT",
    "CERTIFY_LOCKED",
]
