"""The upward link against a real HTTP receiver on 127.0.0.1 that refuses the first attempts."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from gonghui.hotline import services
from gonghui.hotline.tests.conftest import PHONE, intake
from gonghui.uplink.models import MessageStatus, UplinkMessage
from gonghui.uplink.services import backoff, uplink_send_due


class Receiver:
    """Answers 500 to the first `fail_first` requests, and to the first `fail_cases[number]`
    requests about that case; acknowledges (200) the others and keeps their bodies."""

    def __init__(self):
        self.fail_first = 0
        self.fail_cases: dict[str, int] = {}
        self.requests: list[dict] = []  # every attempt: payload, status, headers
        self.lock = threading.Lock()

    @property
    def acknowledged(self) -> list[dict]:
        return [r["payload"] for r in self.requests if r["status"] == 200]

    def answer(self, payload: dict, headers) -> int:
        with self.lock:
            number = payload["case_number"]
            if self.fail_first > 0:
                self.fail_first -= 1
                status = 500
            elif self.fail_cases.get(number, 0) > 0:
                self.fail_cases[number] -= 1
                status = 500
            else:
                status = 200
            self.requests.append({"payload": payload, "status": status, "headers": dict(headers)})
            return status


@pytest.fixture
def receiver(settings):
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = state.answer(json.loads(body.decode("utf-8")), self.headers)
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    settings.UPLINK_URL = f"http://127.0.0.1:{server.server_port}/uplink/case-events"
    settings.UPLINK_TOKEN = "secret-token"
    settings.UPLINK_BACKOFF_BASE = 30
    settings.UPLINK_BACKOFF_MAX = 3600
    yield state
    server.shutdown()
    server.server_close()


def seqs(payloads, number=None) -> list[int]:
    return [p["seq"] for p in payloads if number is None or p["case_number"] == number]


def test_every_event_is_queued_with_its_case_sequence(receiver, case_in):
    case = case_in("evaluated")
    messages = list(UplinkMessage.objects.filter(case_number=case.number).order_by("seq"))
    events = list(case.events.order_by("id"))
    assert [m.seq for m in messages] == [1, 2, 3, 4, 5]
    assert [m.event_id for m in messages] == [e.pk for e in events]
    assert [m.payload["action"] for m in messages] == [
        "intake",
        "dispatch",
        "accept",
        "close",
        "callback",
    ]
    assert all(m.status == MessageStatus.PENDING for m in messages)
    dispatch = messages[1].payload
    assert dispatch["schema"] == "gonghui.uplink.case_event/1"
    assert dispatch["event_id"] == events[1].pk
    assert dispatch["case_number"] == case.number
    assert dispatch["status"] == "dispatched"
    assert dispatch["at"].endswith("+08:00")
    assert dispatch["to_org"] == {"division_code": "620102000000", "name": "城关区总工会"}
    assert dispatch["holder"] == dispatch["to_org"]
    assert dispatch["org"] == {"division_code": "620000000000", "name": "甘肃省总工会"}
    close = messages[3].payload
    assert close["data"] == {
        "result": "resolved",
        "money_recovered": "80000.00",
        "workers_benefited": 12,
        "on_time": True,
        "lawyer_involved": False,
    }
    assert messages[4].payload["status"] == "evaluated"
    assert messages[4].payload["data"] == {"rating": "satisfied"}
    # No personal data of the caller, in full or masked, and no free text.
    text = json.dumps([m.payload for m in messages], ensure_ascii=False)
    for secret in ("李建国", "李", PHONE, PHONE[-4:], "4321", "兰州某建筑公司", "拖欠", "协调企业"):
        assert secret not in text


def test_a_rolled_back_event_leaves_no_message(receiver, staff):
    with pytest.raises(RuntimeError), transaction.atomic():
        intake(staff.sysadmin)
        assert UplinkMessage.objects.count() == 1
        raise RuntimeError
    assert UplinkMessage.objects.count() == 0


def test_disabled_when_the_url_is_empty(receiver, case_in, settings):
    settings.UPLINK_URL = ""
    case_in("closed")
    assert UplinkMessage.objects.count() == 0
    assert uplink_send_due(timezone.now() + timedelta(days=1)).skipped
    assert receiver.requests == []


def test_backoff_doubles_up_to_the_cap():
    assert [backoff(n).total_seconds() for n in range(1, 10)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
    ]


def test_retried_with_backoff_until_acknowledged_exactly_once_in_order(receiver, case_in):
    case = case_in("closed")  # intake, dispatch, accept, close
    receiver.fail_first = 3
    t0 = timezone.now()

    def attempts():
        return len(receiver.requests)

    report = uplink_send_due(t0)
    assert (report.sent, report.failed, attempts()) == (0, 1, 1)
    first = UplinkMessage.objects.get(case_number=case.number, seq=1)
    assert first.attempts == 1 and first.last_error == "HTTP 500"
    assert first.next_attempt_at == t0 + timedelta(seconds=30)

    # Not due yet: nothing is sent, not even the later events of the case.
    assert uplink_send_due(t0 + timedelta(seconds=29)).failed == 0
    assert attempts() == 1
    uplink_send_due(t0 + timedelta(seconds=30))  # 2nd failure: wait 60 s more
    assert attempts() == 2
    uplink_send_due(t0 + timedelta(seconds=89))
    assert attempts() == 2
    uplink_send_due(t0 + timedelta(seconds=90))  # 3rd failure: wait 120 s more
    assert attempts() == 3
    assert UplinkMessage.objects.get(pk=first.pk).next_attempt_at == t0 + timedelta(seconds=210)
    uplink_send_due(t0 + timedelta(seconds=209))
    assert attempts() == 3

    report = uplink_send_due(t0 + timedelta(seconds=210))
    assert (report.sent, report.failed) == (4, 0)
    assert [r["payload"]["seq"] for r in receiver.requests] == [1, 1, 1, 1, 2, 3, 4]
    assert seqs(receiver.acknowledged) == [1, 2, 3, 4]
    assert len({p["event_id"] for p in receiver.acknowledged}) == 4
    assert receiver.requests[-1]["headers"]["Authorization"] == "Bearer secret-token"
    assert receiver.requests[-1]["headers"]["Idempotency-Key"] == f"{case.number}#4"
    sent = UplinkMessage.objects.get(pk=first.pk)
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 4, "")

    # Acknowledged messages are never sent again.
    assert uplink_send_due(t0 + timedelta(days=1)).sent == 0
    assert attempts() == 7


def test_a_failing_case_holds_back_only_its_own_later_events(receiver, case_in, staff):
    blocked = case_in("accepted")  # 3 events
    other = case_in("dispatched")  # 2 events
    receiver.fail_cases[blocked.number] = 2
    t0 = timezone.now()

    report = uplink_send_due(t0)
    assert (report.sent, report.failed) == (2, 1)
    assert seqs(receiver.acknowledged, other.number) == [1, 2]
    # Of the blocked case only its first event was tried.
    assert [
        r["payload"]["seq"]
        for r in receiver.requests
        if r["payload"]["case_number"] == blocked.number
    ] == [1]

    # New events keep queuing behind the failed one; the other case's go straight through.
    services.case_note(actor=staff.sysadmin, case=blocked, note="已电话联系企业。")
    services.case_accept(actor=staff.sysadmin, case=other, expected_version=other.version)
    t1 = timezone.now()
    report = uplink_send_due(t1)
    assert (report.sent, report.failed) == (1, 0)
    assert seqs(receiver.acknowledged, other.number) == [1, 2, 3]
    assert seqs(receiver.acknowledged, blocked.number) == []

    uplink_send_due(t1 + timedelta(seconds=30))  # the second failure
    report = uplink_send_due(t1 + timedelta(seconds=90))
    assert (report.sent, report.failed) == (4, 0)
    assert seqs(receiver.acknowledged, blocked.number) == [1, 2, 3, 4]
    tried = [
        r["payload"]["seq"]
        for r in receiver.requests
        if r["payload"]["case_number"] == blocked.number
    ]
    assert tried == [1, 1, 1, 2, 3, 4]
    assert UplinkMessage.objects.filter(status=MessageStatus.PENDING).count() == 0


def test_an_unreachable_endpoint_is_a_failure(receiver, case_in, settings):
    case_in("received")
    settings.UPLINK_URL = "http://127.0.0.1:9/nothing-listens-here"
    report = uplink_send_due(timezone.now())
    assert (report.sent, report.failed) == (0, 1)
    message = UplinkMessage.objects.get()
    assert message.attempts == 1 and message.last_error
    assert message.status == MessageStatus.PENDING


def test_the_task_sends_after_commit(receiver, case_in, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = case_in("accepted")
    assert len(callbacks) == 1  # one task for the transaction, not one per event
    assert seqs(receiver.acknowledged, case.number) == [1, 2, 3]


def test_the_command_sends_what_is_due(receiver, case_in, capsys):
    case = case_in("dispatched")
    call_command("uplink_send")
    assert "已送达 2 条" in capsys.readouterr().out
    assert seqs(receiver.acknowledged, case.number) == [1, 2]


def test_a_reopening_goes_up_with_its_new_deadline(receiver, case_in, staff):
    case = case_in("closed")
    services.case_callback(actor=staff.sysadmin, case=case, rating="unsatisfied", reopen=True)
    messages = UplinkMessage.objects.filter(case_number=case.number).order_by("seq")
    callback, reopen = [m.payload for m in messages][4:]
    assert callback["data"] == {"rating": "unsatisfied"}
    assert (reopen["seq"], reopen["action"], reopen["status"]) == (6, "reopen", "accepted")
    assert reopen["data"]["reopen_count"] == 1
    assert reopen["data"]["deadline"].endswith("+08:00")
    assert reopen["data"]["deadline"] == reopen["case"]["deadline"]


def test_the_loop_runs_until_interrupted(receiver, case_in, monkeypatch, capsys):
    case_in("received")
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("gonghui.uplink.management.commands.uplink_send.time.sleep", sleep)
    call_command("uplink_send", every=5)
    assert sleeps == [5, 5]
    assert len(receiver.acknowledged) == 1


@pytest.mark.django_db(transaction=True)
def test_one_sender_at_a_time(receiver):
    """PostgreSQL: another session's advisory lock; any database: another thread of this
    process already sending."""
    from django.db import connection, connections

    from gonghui.uplink.services import _LOCK_KEY, _local_lock

    def hold():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [_LOCK_KEY])
        else:
            _local_lock.acquire()

    def release():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_KEY])
        else:
            _local_lock.release()

    reports = []

    def other_sender():
        try:
            reports.append(uplink_send_due(timezone.now()))
        finally:
            connections.close_all()

    hold()
    try:
        thread = threading.Thread(target=other_sender)
        thread.start()
        thread.join()
    finally:
        release()
    assert reports[0].skipped
    assert not uplink_send_due(timezone.now()).skipped
