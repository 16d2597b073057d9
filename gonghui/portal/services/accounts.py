"""Worker accounts: SMS codes, login (code = registration, or password), password, 实名认证.

The per-number limits are counted from rows (`SmsCode`, `PasswordFailure`,
`CertificationAttempt`) under a per-number lock, and the per-address SMS limit by the shared
limiter (`gonghui.core.ratelimit`), never by a per-process cache, so they hold across web
processes and restarts. A failed try must be
remembered even though it is refused: those functions commit the row first and raise after.
"""

import hmac
import math
import re
import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record
from gonghui.core import crypto
from gonghui.core.context import client_ip
from gonghui.core.errors import ApplicationError
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.ratelimit import RateLimit
from gonghui.members.idnumber import parse_id_number, parse_phone
from gonghui.members.selectors import holding_member_by_id_number
from gonghui.orgs.models import Org
from gonghui.portal.models import (
    CertificationAttempt,
    PasswordFailure,
    SmsCode,
    SmsPurpose,
    Worker,
)
from gonghui.portal.selectors import legal_documents_current
from gonghui.portal.services.consent import CONSENT_REQUIRED, consent_record
from gonghui.portal.sms import send_sms

CODE_TTL = timedelta(minutes=5)
CODE_MAX_TRIES = 5
SEND_INTERVAL = timedelta(minutes=1)
SENDS_PER_DAY = 10
PASSWORD_MAX_FAILURES = 5
PASSWORD_LOCKOUT = timedelta(minutes=15)
MISMATCH_WINDOW = timedelta(hours=24)
MISMATCH_LIMIT = 5
MISMATCH_AUDIT_FROM = 3

SMS_TEXT = "【{sign}】您的验证码是{code}，{minutes}分钟内有效。如非本人操作，请忽略本短信。"
SEND_TOO_SOON = "验证码发送过于频繁，请{seconds}秒后再试。"
SEND_DAILY_LIMIT = "该手机号今天已获取{n}次验证码，已达上限，请明天再试。"
SEND_IP_LIMIT = "当前网络获取验证码过于频繁，请1小时后再试。"
CODE_REQUIRED = "请填写短信验证码。"
CODE_NONE = "请先获取短信验证码。"
CODE_EXPIRED = "验证码已过期，请重新获取。"
CODE_USED = "验证码已使用过，请重新获取。"
CODE_DEAD = "验证码输错次数过多，已失效，请重新获取。"
CODE_WRONG = "验证码错误，还可再试{n}次。"
ACCOUNT_DISABLED = "该账号已停用，如有疑问请联系工会。"
ACCOUNT_CLOSED = "该手机号的账号已注销，不能再登录。您的会员档案仍由工会保存，如有疑问请联系工会。"
LOGIN_FAILED = "手机号或密码错误。未设置过密码请使用验证码登录。"
LOGIN_LOCKED = "密码错误次数过多，请{minutes}分钟后再试，或使用验证码登录。"
PASSWORD_REQUIRED = "请填写密码。"
PASSWORD_MISMATCH = "两次输入的密码不一致，请重新输入。"
NAME_REQUIRED = "请填写姓名。"
NAME_TOO_LONG = "姓名不能超过40个字。"
ALREADY_CERTIFIED = (
    "您已完成实名认证（{name}），不能更换姓名或身份证号；如认证信息有误，请联系工会处理。"
)
CERTIFY_DUPLICATE = (
    "该身份证号已由其他账号完成实名认证。如非本人操作，请拨打12351职工维权服务热线或联系工会。"
)
CERTIFY_NAME_MISMATCH = "姓名与身份证号不一致，请核对后重新输入。"
CERTIFY_PHONE_MISMATCH = (
    "您的会员档案中登记的手机号与当前登录的手机号不一致。请用档案中登记的手机号登录后认证，"
    "或请所在工会更新您的手机号后再试。"
)
CERTIFY_TRIES_LEFT = "（24小时内还可尝试{n}次）"
CERTIFY_LOCKED = "实名认证信息多次不符，请于{at}以后再试；如有疑问请联系工会。"


class Reason:
    """`CertificationAttempt.reason`: the mismatches count towards the limit."""

    MEMBER = "member"
    NON_MEMBER = "non_member"
    INVALID = "invalid"
    NAME = "mismatch_name"
    PHONE = "mismatch_phone"
    DUPLICATE = "duplicate"
    LOCKED = "locked"
    MISMATCHES = (NAME, PHONE, DUPLICATE)


def _lock_number(phone_hash: str) -> None:
    """Serialise the writes for one number inside the current transaction, so two requests at
    once cannot both pass a limit. SQLite needs nothing: its transactions here start with
    BEGIN IMMEDIATE and already run one at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"portal:{phone_hash}"])


def _code_hash(phone: str, purpose: str, code: str) -> str:
    # Keyed (HMAC-SM3 with the PII key): a leaked table does not give six digits away.
    return crypto.lookup_hash(f"sms:{purpose}:{phone}:{code}")


def _province_org() -> Org | None:
    # Audit rows about workers with no union yet are filed under the root, for its auditors.
    return Org.objects.filter(depth=1).order_by("path").first()


def _audit(worker: Worker, action: str, *, org=None, result=AuditResult.SUCCESS, **changes):
    audit_record(
        actor=None,
        action=action,
        obj=worker,
        org=org or _province_org(),
        object_repr=f"职工#{worker.pk} {worker.phone_masked}",
        changes=changes,
        result=result,
    )


# --- SMS codes --------------------------------------------------------------------------------


def sms_resend_wait(phone: str, *, now=None) -> int:
    """Seconds until another code may be sent to `phone` (0 when it may now)."""
    now = now or timezone.now()
    last = (
        SmsCode.objects.filter(phone_hash=crypto.lookup_hash(phone))
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    if last is None:
        return 0
    return max(0, int((last + SEND_INTERVAL - now).total_seconds() + 0.999))


@transaction.atomic
def sms_code_send(*, phone: str, purpose: str) -> SmsCode:
    """Send a fresh 6-digit code to `phone`; earlier codes for the purpose stop working.

    At most one send a minute and `SENDS_PER_DAY` a day (Beijing time) per number, whatever the
    purpose, and `GONGHUI_SMS_SENDS_PER_IP_HOUR` an hour per client address. The SMS goes out after commit.
    """
    phone = parse_phone(phone)
    if purpose not in SmsPurpose.values:
        raise ValueError(f"unknown purpose {purpose}")
    phone_hash = crypto.lookup_hash(phone)
    _lock_number(phone_hash)
    now = timezone.now()
    wait = sms_resend_wait(phone, now=now)
    if wait:
        raise ApplicationError(
            SEND_TOO_SOON.format(seconds=wait), code="sms_too_soon", field="phone"
        )
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if (
        SmsCode.objects.filter(phone_hash=phone_hash, sent_at__gte=day_start).count()
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
    phone_hash = crypto.lookup_hash(phone)
    row = (
        SmsCode.objects.select_for_update()
        .filter(phone_hash=phone_hash, purpose=purpose)
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
    if not hmac.compare_digest(row.code_hash, _code_hash(phone, purpose, code)):
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


# --- login ------------------------------------------------------------------------------------


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
    with transaction.atomic():
        error = _consume_code(phone, SmsPurpose.LOGIN, code)
        if error is None:
            worker = Worker.objects.filter(phone_hash=phone_hash).first()
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
                PasswordFailure.objects.filter(phone_hash=phone_hash).delete()
    if error:
        raise error
    return worker, created


def _lockout_minutes(phone_hash: str, now) -> int:
    """Minutes left of a lockout (0 if none): `PASSWORD_MAX_FAILURES` failures within
    `PASSWORD_LOCKOUT` of each other lock the number until `PASSWORD_LOCKOUT` after the last."""
    recent = list(
        PasswordFailure.objects.filter(phone_hash=phone_hash, at__gt=now - 2 * PASSWORD_LOCKOUT)
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
    error = None
    with transaction.atomic():
        _lock_number(phone_hash)
        now = timezone.now()
        minutes = _lockout_minutes(phone_hash, now)
        if minutes:
            error = ApplicationError(LOGIN_LOCKED.format(minutes=minutes), code="login_locked")
        else:
            worker = Worker.objects.filter(phone_hash=phone_hash, is_active=True).first()
            if worker is not None and worker.password:
                ok = check_password(password, worker.password)
            else:
                make_password(password)  # the same work as a real check: no timing tell
                ok = False
            if ok:
                PasswordFailure.objects.filter(phone_hash=phone_hash).delete()
            else:
                PasswordFailure.objects.create(phone_hash=phone_hash, at=now)
                error = ApplicationError(LOGIN_FAILED, code="login_failed")
                if worker is not None and _lockout_minutes(phone_hash, now):
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
        raise ApplicationError("密码不能包含手机号。", field="password")
    with transaction.atomic():
        error = _consume_code(phone, SmsPurpose.PASSWORD, code)
        if error is None:
            worker.password = make_password(password)
            worker.save(update_fields=["password"])
            PasswordFailure.objects.filter(phone_hash=worker.phone_hash).delete()
            _audit(worker, "portal.password_set")
    if error:
        raise error


# --- 实名认证 ---------------------------------------------------------------------------------


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
    with transaction.atomic():
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
    id_hash = crypto.lookup_hash(number)
    if worker.is_certified and (worker.id_number_hash != id_hash or worker.name != name):
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

    taken = Worker.objects.filter(id_number_hash=id_hash).exclude(pk=worker.pk).exists() or (
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
    worker.id_number_hash = id_hash
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
        raise ApplicationError("请先完成实名认证。", code="not_certified")
    return worker_certify(
        worker=worker, name=worker.name, id_number=crypto.decrypt(worker.id_number_enc)
    )
