"""What callers do without a staff account — look a case up, file a complaint online — and the
limits on both, shared by the public API and the worker portal's pages: one count per client IP
and one per phone number (a whole workplace behind a carrier's NAT shares one IP), whichever of
them the client uses. The counts are `gonghui.core.ratelimit`'s, exact across web processes."""

import contextlib

from gonghui.core.context import client_ip
from gonghui.core.errors import ApplicationError, NotFound
from gonghui.core.middleware import client_address
from gonghui.core.ratelimit import RateLimit
from gonghui.hotline.models import Case
from gonghui.hotline.selectors import LOOKUP_NOT_FOUND, access_case_of_caller
from gonghui.hotline.services import TooManyRequests
from gonghui.hotline.services.common import _caller_phone

LOOKUP_RATE_LIMITED = "查询过于频繁，请10分钟后再试。"
ONLINE_RATE_LIMITED = "提交过于频繁，请1小时后再试；情况紧急请拨打12351职工维权服务热线。"
ONLINE_CALLER_LIMITED = (
    "您1小时内已提交{n}件网上投诉，请1小时后再试；情况紧急请拨打12351职工维权服务热线。"
)

# Look-up attempts allowed per client IP and, separately, per case number and per phone within
# the window: ten tries are plenty for a caller, and a phone number cannot be guessed in ten.
LOOKUP_LIMIT = 10
LOOKUP_WINDOW_SECONDS = 10 * 60
LOOKUP_PER_IP = RateLimit("lookup-ip", LOOKUP_LIMIT, LOOKUP_WINDOW_SECONDS)
LOOKUP_PER_NUMBER = RateLimit("lookup-number", LOOKUP_LIMIT, LOOKUP_WINDOW_SECONDS)
LOOKUP_PER_PHONE = RateLimit("lookup-phone", LOOKUP_LIMIT, LOOKUP_WINDOW_SECONDS)

# Online complaints accepted per client IP and per caller phone within the window (refused ones
# do not count): a worker files one or two; a shared workplace network may file a few.
ONLINE_LIMIT = 5
ONLINE_WINDOW_SECONDS = 60 * 60
ONLINE_PER_IP = RateLimit("online-ip", ONLINE_LIMIT, ONLINE_WINDOW_SECONDS)
ONLINE_PER_PHONE = RateLimit("online-phone", ONLINE_LIMIT, ONLINE_WINDOW_SECONDS)


def _phone_or_none(raw: str) -> str | None:
    try:
        return _caller_phone(raw)
    except ApplicationError:
        return None


def request_ip(request) -> str:
    # The middleware set it; a request that did not pass through it resolves it the same way.
    return client_ip.get() or client_address(request) or ""


def lookup_case(*, ip: str, number: str, phone: str) -> Case:
    """A caller's look-up: the case numbered `number` if it was given with `phone`. At most 10
    attempts per 10 minutes per client IP, per case number and per phone (TooManyRequests
    beyond); a wrong number and a phone that does not match raise the same NotFound."""
    number = (number or "").strip()
    phone = _phone_or_none(phone)
    # Counted in turn, and a client refused by one count does not count against the next: one
    # client cannot keep a caller from his own case beyond its own ten attempts.
    if not (
        LOOKUP_PER_IP.hit(ip)
        and LOOKUP_PER_NUMBER.hit(number)
        and (phone is None or LOOKUP_PER_PHONE.hit(phone))
    ):
        raise TooManyRequests(LOOKUP_RATE_LIMITED)
    if phone is None:
        raise NotFound(LOOKUP_NOT_FOUND)
    return access_case_of_caller(number=number, phone=phone)


@contextlib.contextmanager
def online_attempt(ip: str, phone: str):
    """Around one online complaint given with `phone`: at most 5 per hour per client IP and per
    phone (TooManyRequests beyond); a complaint refused inside (ApplicationError) gives its
    attempts back. An invalid phone counts against the IP only (the intake refuses it)."""
    phone = _phone_or_none(phone)
    counted = []

    def give_back():
        for limit, value in counted:
            limit.undo(value)

    for limit, value, message in (
        (ONLINE_PER_IP, ip, ONLINE_RATE_LIMITED),
        (ONLINE_PER_PHONE, phone, ONLINE_CALLER_LIMITED.format(n=ONLINE_LIMIT)),
    ):
        if value is None:
            continue
        if not limit.hit(value):
            give_back()
            raise TooManyRequests(message)
        counted.append((limit, value))
    try:
        yield
    except ApplicationError:
        give_back()
        raise
