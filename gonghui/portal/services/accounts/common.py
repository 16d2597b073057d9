"""What the account use cases share: the limits, the per-number lock, the code hash and the
audit row about a worker."""

from datetime import timedelta

from django.db import connection

from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record
from gonghui.core import crypto
from gonghui.orgs.models import Org
from gonghui.portal.models import Worker

CODE_TTL = timedelta(minutes=5)
CODE_MAX_TRIES = 5
SEND_INTERVAL = timedelta(minutes=1)
SENDS_PER_DAY = 10
PASSWORD_MAX_FAILURES = 5
PASSWORD_LOCKOUT = timedelta(minutes=15)
MISMATCH_WINDOW = timedelta(hours=24)
MISMATCH_LIMIT = 5
MISMATCH_AUDIT_FROM = 3


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


def _code_hashes(phone: str, purpose: str, code: str) -> list[str]:
    # Under every readable key version: a code sent just before a key switch still works.
    return crypto.lookup_hashes(f"sms:{purpose}:{phone}:{code}")


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
