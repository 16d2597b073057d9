"""`manage.py housekeeping`: each registered kind loses its rows past retention, in batches;
recent rows, unsent messages, unfinished tasks, the last message of an outbox stream and the
audit trail stay; a second run deletes nothing."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gonghui.audit.models import AuditLog
from gonghui.core.housekeeping import prunables
from gonghui.hotline.tests.conftest import case_in, deadline_rules  # noqa: F401
from gonghui.portal.models import CertificationAttempt, PasswordFailure, SmsCode
from gonghui.uplink.models import MessageStatus, UplinkMessage

pytestmark = pytest.mark.django_db


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def run(*args) -> dict[str, int]:
    out = StringIO()
    call_command("housekeeping", *args, stdout=out)
    lines = out.getvalue().splitlines()
    counts = {}
    for line in lines[:-1]:
        name, n = re.match(r"(\S+?)（.*：(?:已删除|将删除) (\d+) 条", line).groups()
        counts[name] = int(n)
    assert re.match(r"合计(已删除|将删除) \d+ 条。", lines[-1])
    return counts


def sms(sent_at) -> SmsCode:
    return SmsCode.objects.create(
        phone_hash="h", purpose="login", code_hash="c", sent_at=sent_at, expires_at=sent_at
    )


def axes_rows(model, at, username: str):
    row = model.objects.create(
        user_agent="ua", ip_address="203.0.113.7", username=username, http_accept="*/*",
        path_info="/accounts/login/",
        **({"get_data": "", "post_data": "", "failures_since_start": 1}
           if model is AccessAttempt else {}),
    )  # fmt: skip
    model.objects.filter(pk=row.pk).update(attempt_time=at)
    return row


def task(status: str, *, finished_at=None) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        finished_at=finished_at,
        started_at=finished_at,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="gonghui.uplink.tasks.uplink_send",
        backend_name="default",
        run_after=ago(days=60),
    )


def test_old_rows_go_recent_and_unfinished_stay(make_worker, case_in, settings):  # noqa: F811
    settings.UPLINK_URL = "http://127.0.0.1:9/uplink"
    old_sms, new_sms = sms(ago(days=31)), sms(ago(days=2))
    old_fail = PasswordFailure.objects.create(phone_hash="h", at=ago(days=91))
    new_fail = PasswordFailure.objects.create(phone_hash="h", at=ago(days=1))
    worker = make_worker("13912345678")
    old_cert = CertificationAttempt.objects.create(worker=worker, at=ago(days=181), success=False)
    new_cert = CertificationAttempt.objects.create(worker=worker, at=ago(days=3), success=False)
    old_attempt = axes_rows(AccessAttempt, ago(days=91), "a")
    new_attempt = axes_rows(AccessAttempt, ago(minutes=5), "b")
    old_log = axes_rows(AccessLog, ago(days=100), "a")
    done_old = task("SUCCESSFUL", finished_at=ago(days=15))
    failed_old = task("FAILED", finished_at=ago(days=30))
    done_new = task("SUCCESSFUL", finished_at=ago(days=1))
    running, ready = task("RUNNING"), task("READY")
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=ago(minutes=1))
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=ago(minutes=-30))

    case = case_in("evaluated")
    messages = list(UplinkMessage.objects.filter(case_number=case.number).order_by("seq"))
    assert len(messages) == 5
    # 1–3 and the last acknowledged long ago, 4 still waiting.
    for m in messages[:3] + messages[4:]:
        UplinkMessage.objects.filter(pk=m.pk).update(
            status=MessageStatus.SENT, sent_at=ago(days=91)
        )
    audit_rows = AuditLog.objects.count()

    counts = run()

    assert counts["portal.sms_codes"] == 1
    assert list(SmsCode.objects.all()) == [new_sms]
    assert counts["portal.password_failures"] == 1
    assert list(PasswordFailure.objects.all()) == [new_fail]
    assert list(CertificationAttempt.objects.all()) == [new_cert]
    assert list(AccessAttempt.objects.all()) == [new_attempt]
    assert not AccessLog.objects.filter(pk=old_log.pk).exists()
    assert counts["core.task_results"] == 2
    assert set(DBTaskResult.objects.all()) == {done_new, running, ready}
    assert counts["core.sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    # The last sent message of the stream stays: the next event is numbered from it.
    assert counts["uplink.sent_messages"] == 3
    left = UplinkMessage.objects.filter(case_number=case.number).order_by("seq")
    assert [m.seq for m in left] == [4, 5]
    assert AuditLog.objects.count() == audit_rows
    for row in (old_sms, old_fail, old_cert, old_attempt, done_old, failed_old):
        assert not type(row).objects.filter(pk=row.pk).exists()

    # Idempotent: nothing left to delete.
    assert set(run().values()) == {0}


def test_batches_delete_everything_past_retention():
    for _ in range(5):
        sms(ago(days=40))
    sms(ago(hours=1))
    assert run("--only", "portal.sms_codes", "--batch-size", "2") == {"portal.sms_codes": 5}
    assert SmsCode.objects.count() == 1


def test_a_short_retention_never_lifts_a_limit(settings):
    # The per-number daily limit counts the day's codes: they stay even at 0 days.
    settings.GONGHUI_KEEP_SMS_CODES_DAYS = 0
    sms(ago(hours=2))
    sms(ago(days=2))
    assert run("--only", "portal.sms_codes") == {"portal.sms_codes": 1}
    assert SmsCode.objects.count() == 1


def test_a_dry_run_counts_and_keeps():
    sms(ago(days=40))
    assert run("--dry-run", "--only", "portal.sms_codes") == {"portal.sms_codes": 1}
    assert SmsCode.objects.count() == 1


def test_an_unknown_kind_is_refused():
    with pytest.raises(CommandError, match="没有这类数据"):
        call_command("housekeeping", "--only", "audit.log")


def test_the_audit_trail_is_never_registered():
    now = timezone.now()
    labels = {p.rows(now).model._meta.app_label for p in prunables()}
    assert "audit" not in labels
    assert {"portal", "uplink", "axes", "django_tasks_database", "sessions"} <= labels
