"""Every rate limit is exact across web processes: two real gunicorn processes on two ports share
the test database (and Redis, in the Redis run), and the requests alternate between them — some
of them at once. With a per-process cache each process would let its own full allowance through.

One test per cache backend walks every limit: the look-up per IP, per case number and per
phone; online complaints per IP and per phone; SMS codes per address and per number."""

import importlib
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle

import pytest
import redis

from gonghui.core.models import RateCounter
from gonghui.hotline.callers import LOOKUP_LIMIT, ONLINE_LIMIT
from gonghui.hotline.models import Case, DeadlineRule
from gonghui.hotline.tests.conftest import intake
from gonghui.hotline.tests.test_online import body as complaint
from gonghui.portal.models import SmsCode

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = "redis://127.0.0.1:6379/0"
SMS_PER_IP = 4
LOOKUP = "/api/v1/hotline/lookup"
ONLINE = "/api/v1/hotline/online"


@pytest.fixture(autouse=True)
def deadline_rules(db):
    """The hotline's default deadline rules (a transactional test's flush deletes them)."""
    migration = importlib.import_module("gonghui.hotline.migrations.0002_default_deadline_rules")
    for row in migration.DEFAULTS:
        DeadlineRule.objects.get_or_create(complexity=row["complexity"], category="", defaults=row)


@pytest.fixture(params=["database", "redis"])
def backend(request):
    """The shared store the servers count in; the Redis run uses its own key prefix."""
    if request.param == "database":
        yield {}
        return
    prefix = f"gonghui-test-{uuid.uuid4().hex}"
    yield {"GONGHUI_CACHE_URL": REDIS_URL, "GONGHUI_CACHE_KEY_PREFIX": prefix}
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def statuses(servers, requests) -> list[int]:
    """Send (method, path, kwargs) requests, alternating between the servers, in order."""
    return [
        server.request(method, path, **kwargs)[0]
        for server, (method, path, kwargs) in zip(cycle(servers), requests, strict=False)
    ]


def lookup(number, phone, ip):
    return ("POST", LOOKUP, {"json_body": {"number": number, "phone": phone}, "ip": ip})


def online(ip, phone):
    return ("POST", ONLINE, {"json_body": complaint(caller_phone=phone), "ip": ip})


def send_code(server, phone, ip) -> None:
    """The portal's 获取验证码 button, with its CSRF cookie and token."""
    _, headers, page = server.request("GET", "/m/login/", ip=ip)
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _, _ = server.request(
        "POST",
        "/m/sms/",
        body={"csrfmiddlewaretoken": token, "phone": phone},
        headers={"Cookie": f"csrftoken={cookie}"},
        ip=ip,
    )
    assert status == 200


def test_every_limit_is_exact_across_two_server_processes(gunicorn_servers, backend, tree, staff):
    case = intake(staff.sysadmin)
    env = {"GONGHUI_SMS_SENDS_PER_IP_HOUR": str(SMS_PER_IP), **backend}
    servers = gunicorn_servers(2, env=env)
    over = 4  # attempts past each limit

    # Look-up per client IP, eight at a time over both processes: exactly ten get an answer.
    attempts = [
        lookup(f"12351-20200101-{i:04d}", f"1390000{i:04d}", "127.0.1.1")
        for i in range(LOOKUP_LIMIT + over)
    ]
    jobs = list(zip(cycle(servers), attempts, strict=False))
    with ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(lambda job: job[0].request(job[1][0], job[1][1], **job[1][2]), jobs)
        )
    codes = sorted(status for status, _, _ in answers)
    assert codes == [404] * LOOKUP_LIMIT + [429] * over

    # Look-up per case number, from a new address each time (the wrong phone every time).
    attempts = [
        lookup(case.number, f"1380000{i:04d}", f"127.0.2.{i + 1}")
        for i in range(LOOKUP_LIMIT + over)
    ]
    assert statuses(servers, attempts) == [404] * LOOKUP_LIMIT + [429] * over

    # Look-up per phone, against new numbers from new addresses.
    attempts = [
        lookup(f"12351-20200102-{i:04d}", "13700000001", f"127.0.3.{i + 1}")
        for i in range(LOOKUP_LIMIT + over)
    ]
    assert statuses(servers, attempts) == [404] * LOOKUP_LIMIT + [429] * over

    # Online complaints per client IP (new phones), and per phone (new addresses).
    attempts = [online("127.0.4.1", f"1360000{i:04d}") for i in range(ONLINE_LIMIT + over)]
    assert statuses(servers, attempts) == [201] * ONLINE_LIMIT + [429] * over
    attempts = [online(f"127.0.5.{i + 1}", "13500000001") for i in range(ONLINE_LIMIT + over)]
    assert statuses(servers, attempts) == [201] * ONLINE_LIMIT + [429] * over
    assert Case.objects.filter(channel="online").count() == 2 * ONLINE_LIMIT

    # SMS codes per address (new numbers), and one a minute per number (new addresses).
    for i in range(SMS_PER_IP + over):
        send_code(servers[i % 2], f"1340000{i:04d}", "127.0.6.1")
    assert SmsCode.objects.filter(ip="127.0.6.1").count() == SMS_PER_IP
    for i in range(over):
        send_code(servers[i % 2], "13300000001", f"127.0.7.{i + 1}")
    assert SmsCode.objects.filter(ip__startswith="127.0.7.").count() == 1

    # The counts were kept where the settings say: Redis, or the database's own table.
    assert RateCounter.objects.exists() == (not backend)
