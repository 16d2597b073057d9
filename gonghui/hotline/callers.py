"""What callers do without a staff account — look a case up, file a complaint online — and the
per-client limits on both, shared by the public API and the worker portal's pages (one counter
per client IP whichever of them the client uses)."""

import contextlib
import hashlib

from django.core.cache import cache

from gonghui.core.context import client_ip
from gonghui.core.errors import ApplicationError, NotFound
from gonghui.hotline import services
from gonghui.hotline.models import Case
from gonghui.hotline.selectors import LOOKUP_NOT_FOUND, access_case_of_caller
from gonghui.hotline.services import TooManyRequests

LOOKUP_RATE_LIMITED = "查询过于频繁，请10分钟后再试。"
ONLINE_RATE_LIMITED = "提交过于频繁，请1小时后再试；情况紧急请拨打12351职工维权服务热线。"

# Look-up attempts allowed per client IP and, separately, per case number within the window:
# ten tries are plenty for a caller, and a phone number cannot be guessed in ten.
LOOKUP_LIMIT = 10
LOOKUP_WINDOW_SECONDS = 10 * 60

# Online complaints accepted per client IP within the window (refused ones do not count): a
# worker files one or two; a shared workplace network may file a few.
ONLINE_LIMIT = 5
ONLINE_WINDOW_SECONDS = 60 * 60


def _attempt_key(kind: str, value: str, scope: str) -> str:
    return f"hotline-{scope}:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _attempt(
    kind: str, value: str, *, scope: str = "lookup", window: int = LOOKUP_WINDOW_SECONDS
) -> int:
    """Count one attempt in a fixed window that starts with the first; returns the count."""
    key = _attempt_key(kind, value, scope)
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def _attempt_undo(kind: str, value: str, *, scope: str) -> None:
    """Give back one attempt (one that was refused and wrote nothing)."""
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(_attempt_key(kind, value, scope))


def request_ip(request) -> str:
    return client_ip.get() or request.META.get("REMOTE_ADDR") or ""


def lookup_case(*, ip: str, number: str, phone: str) -> Case:
    """A caller's look-up: the case numbered `number` if it was given with `phone`. At most 10
    attempts per 10 minutes per client IP and per case number (TooManyRequests beyond); a wrong
    number and a phone that does not match raise the same NotFound."""
    number = (number or "").strip()
    # A client already refused by its IP does not count against the number: one client
    # cannot keep a caller from his own case beyond its own ten attempts.
    if _attempt("ip", ip) > LOOKUP_LIMIT or _attempt("number", number) > LOOKUP_LIMIT:
        raise TooManyRequests(LOOKUP_RATE_LIMITED)
    try:
        phone = services._caller_phone(phone)
    except ApplicationError:
        raise NotFound(LOOKUP_NOT_FOUND) from None
    return access_case_of_caller(number=number, phone=phone)


@contextlib.contextmanager
def online_attempt(ip: str):
    """Around one online complaint: at most 5 per hour per client IP (TooManyRequests beyond);
    a complaint refused inside (ApplicationError) gives its attempt back."""
    if _attempt("ip", ip, scope="online", window=ONLINE_WINDOW_SECONDS) > ONLINE_LIMIT:
        raise TooManyRequests(ONLINE_RATE_LIMITED)
    try:
        yield
    except ApplicationError:
        _attempt_undo("ip", ip, scope="online")
        raise
