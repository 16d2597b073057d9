"""Worker accounts: SMS codes and their limits, login by code (= registration) and by password
with its lockout, setting a password, and 实名认证 against the member registry."""

import logging
import re
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from gonghui.accounts.validators import PASSWORD_CLASSES, PASSWORD_TOO_SHORT
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.conftest import VALID_IDS, id_with_check, message_pattern, race
from gonghui.core import crypto
from gonghui.core.context import client_ip
from gonghui.core.errors import ApplicationError
from gonghui.members.idnumber import ID_CHECKSUM, ID_REQUIRED, PHONE_INVALID
from gonghui.portal.models import (
    CertificationAttempt,
    PasswordFailure,
    SmsCode,
    SmsPurpose,
    Worker,
)
from gonghui.portal.services import accounts as svc
from gonghui.portal.services.accounts.messages import PASSWORD_HAS_PHONE
from gonghui.portal.sms import SmsBackend, SmsSendError, TestBackend

PHONE = "13912345678"
OTHER_PHONE = "13887654321"
PASSWORD_OK = "Gonghui@2026x"
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def outbox():
    TestBackend.outbox.clear()
    yield TestBackend.outbox
    TestBackend.outbox.clear()


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 12, 0, tzinfo=BEIJING)

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    c = Clock()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: c.now):
        yield c


@pytest.fixture
def send_code(db, django_capture_on_commit_callbacks, outbox):
    """Send a code through the service and return it as the worker reads it in the SMS."""

    def send(phone: str = PHONE, purpose: str = SmsPurpose.LOGIN) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            svc.sms_code_send(phone=phone, purpose=purpose)
        assert outbox[-1].phone == phone
        return re.search(r"验证码是(\d{6})", outbox[-1].message).group(1)

    return send


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def error_of(func, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as info:
        func(**kwargs)
    return info.value


# --- sending ----------------------------------------------------------------------------------


def test_a_code_is_six_digits_sent_after_commit_and_only_its_hash_is_kept(
    db, django_capture_on_commit_callbacks, outbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        svc.sms_code_send(phone=PHONE, purpose=SmsPurpose.LOGIN)
    assert outbox == []  # nothing goes out before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    code = re.search(r"验证码是(\d{6})，5分钟内有效", outbox[0].message).group(1)
    row = SmsCode.objects.get()
    assert code not in row.code_hash
    assert row.phone_hash == crypto.lookup_hash(PHONE)
    assert row.expires_at - row.sent_at == timedelta(minutes=5)
    assert outbox[0].message.startswith("【智慧工会】")


class FailingBackend(SmsBackend):
    def send(self, phone, message):
        raise SmsSendError("provider refused")


def test_a_failing_gateway_is_logged_and_undoes_nothing(
    db, settings, django_capture_on_commit_callbacks, caplog
):
    settings.GONGHUI_SMS_BACKEND = f"{__name__}.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        svc.sms_code_send(phone=PHONE, purpose=SmsPurpose.LOGIN)
    assert SmsCode.objects.count() == 1
    assert "provider refused" in caplog.text


def test_the_console_backend_logs_the_code_for_development(
    db, settings, django_capture_on_commit_callbacks, caplog
):
    settings.GONGHUI_SMS_BACKEND = "gonghui.portal.sms.ConsoleBackend"
    with (
        caplog.at_level(logging.INFO, logger="gonghui.portal.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        svc.sms_code_send(phone=PHONE, purpose=SmsPurpose.LOGIN)
    assert re.search(r"SMS to 139\*\*\*\*5678: 【智慧工会】您的验证码是\d{6}", caplog.text)


def test_a_bad_number_gets_a_chinese_message_and_nothing_is_sent(db, outbox):
    assert error_of(svc.sms_code_send, phone="1391234", purpose="login").message == PHONE_INVALID
    assert SmsCode.objects.count() == 0


def test_a_second_send_within_a_minute_is_refused_saying_when_to_retry(clock, send_code):
    send_code()
    clock.advance(seconds=20)
    error = error_of(svc.sms_code_send, phone=PHONE, purpose=SmsPurpose.LOGIN)
    assert error.message == svc.SEND_TOO_SOON.format(seconds=40)
    # The purpose does not matter: the limit is per number.
    error = error_of(svc.sms_code_send, phone=PHONE, purpose=SmsPurpose.PASSWORD)
    assert error.message == svc.SEND_TOO_SOON.format(seconds=40)
    assert SmsCode.objects.count() == 1
    clock.advance(seconds=40)
    send_code()
    assert SmsCode.objects.count() == 2


def test_another_number_is_not_held_up(clock, send_code):
    send_code(PHONE)
    send_code(OTHER_PHONE)
    assert SmsCode.objects.count() == 2


def test_the_eleventh_send_in_a_day_is_refused_until_the_next_day(clock, send_code):
    clock.now = datetime(2026, 3, 2, 8, 0, tzinfo=BEIJING)
    for _ in range(10):
        send_code()
        clock.advance(minutes=61)
    error = error_of(svc.sms_code_send, phone=PHONE, purpose=SmsPurpose.LOGIN)
    assert error.message == svc.SEND_DAILY_LIMIT.format(n=10)
    assert SmsCode.objects.count() == 10
    clock.now = datetime(2026, 3, 3, 0, 0, 30, tzinfo=BEIJING)  # just after midnight, Beijing
    send_code()
    assert SmsCode.objects.count() == 11


@pytest.fixture
def from_ip():
    """Requests from one client address, as `RequestContextMiddleware` sets it."""
    token = client_ip.set("10.1.2.3")
    yield "10.1.2.3"
    client_ip.reset(token)


def test_one_network_cannot_send_to_number_after_number(clock, send_code, from_ip, settings):
    assert settings.GONGHUI_SMS_SENDS_PER_IP_HOUR == 30
    for n in range(30):
        send_code(f"1390000{n:04d}")
    error = error_of(svc.sms_code_send, phone="13800000000", purpose=SmsPurpose.LOGIN)
    assert error.message == svc.SEND_IP_LIMIT
    other = client_ip.set("10.9.9.9")
    try:
        send_code("13800000000")  # another address is not held up
    finally:
        client_ip.reset(other)
    clock.advance(hours=1)
    send_code("13800000001")


def test_the_network_limit_can_be_turned_off(send_code, from_ip, settings):
    settings.GONGHUI_SMS_SENDS_PER_IP_HOUR = 0
    for n in range(31):
        send_code(f"1390000{n:04d}")
    assert SmsCode.objects.filter(ip=from_ip).count() == 31


# --- verifying ----------------------------------------------------------------------------------


def test_the_right_code_verifies_once_and_is_then_used_up(send_code):
    code = send_code()
    svc.sms_code_verify(phone=PHONE, purpose=SmsPurpose.LOGIN, code=code)
    error = error_of(svc.sms_code_verify, phone=PHONE, purpose=SmsPurpose.LOGIN, code=code)
    assert error.message == svc.CODE_USED


def test_a_wrong_code_is_counted_and_says_how_many_tries_are_left(send_code):
    code = send_code()
    error = error_of(svc.sms_code_verify, phone=PHONE, purpose=SmsPurpose.LOGIN, code=wrong(code))
    assert error.message == svc.CODE_WRONG.format(n=4)
    assert error.field == "code"
    # The try was remembered although the call raised.
    assert SmsCode.objects.get().attempts == 1


def test_after_five_wrong_tries_even_the_right_code_is_dead(send_code):
    code = send_code()
    messages = [
        error_of(
            svc.sms_code_verify, phone=PHONE, purpose=SmsPurpose.LOGIN, code=wrong(code)
        ).message
        for _ in range(5)
    ]
    assert messages[3] == svc.CODE_WRONG.format(n=1)
    assert messages[4] == svc.CODE_DEAD
    sixth = error_of(svc.sms_code_verify, phone=PHONE, purpose=SmsPurpose.LOGIN, code=code)
    assert sixth.message == svc.CODE_DEAD
    assert SmsCode.objects.get().used_at is None


def test_a_code_expires_after_five_minutes(clock, send_code):
    code = send_code()
    clock.advance(minutes=4, seconds=59)
    svc.sms_code_verify(phone=PHONE, purpose=SmsPurpose.LOGIN, code=code)

    clock.advance(minutes=2)
    code = send_code()
    clock.advance(minutes=5)
    error = error_of(svc.sms_code_verify, phone=PHONE, purpose=SmsPurpose.LOGIN, code=code)
    assert error.message == svc.CODE_EXPIRED


def test_a_new_code_replaces_the_previous_one(clock, send_code):
    first = send_code()
    clock.advance(minutes=1)
    second = send_code()
    if first != second:
        error = error_of(svc.sms_code_verify, phone=PHONE, purpose=SmsPurpose.LOGIN, code=first)
        assert re.fullmatch(message_pattern(svc.CODE_WRONG), error.message)
    svc.sms_code_verify(phone=PHONE, purpose=SmsPurpose.LOGIN, code=second)


def test_a_code_works_only_for_its_purpose_and_number(clock, send_code):
    code = send_code(purpose=SmsPurpose.PASSWORD)
    assert (
        error_of(svc.sms_code_verify, phone=PHONE, purpose=SmsPurpose.LOGIN, code=code).message
        == svc.CODE_NONE
    )
    assert (
        error_of(
            svc.sms_code_verify, phone=OTHER_PHONE, purpose=SmsPurpose.PASSWORD, code=code
        ).message
        == svc.CODE_NONE
    )


def test_no_code_at_all_asks_for_one(send_code):
    send_code()
    error = error_of(svc.sms_code_verify, phone=PHONE, purpose=SmsPurpose.LOGIN, code=" ")
    assert error.message == svc.CODE_REQUIRED


# --- login by code = registration ---------------------------------------------------------------


def test_the_first_code_login_registers_the_number(send_code):
    worker, created = svc.worker_login_by_code(
        phone="+86 139-1234-5678", code=send_code(), agreed=True
    )
    assert created
    assert worker.phone == PHONE
    assert PHONE.encode() not in bytes(Worker.objects.get().phone_enc)
    assert worker.status_label == "未实名认证"
    row = AuditLog.objects.get(action="portal.worker_register")
    assert row.changes == {
        "phone": "139****5678",
        "agreed": ["用户协议（第1版）", "隐私政策（第1版）"],
    }
    assert row.object_id == str(worker.pk)


def test_a_later_code_login_finds_the_same_account(clock, send_code):
    worker, _ = svc.worker_login_by_code(phone=PHONE, code=send_code(), agreed=True)
    clock.advance(minutes=2)
    again, created = svc.worker_login_by_code(phone=PHONE, code=send_code(), agreed=True)
    assert (again.pk, created) == (worker.pk, False)
    assert Worker.objects.count() == 1


def test_a_wrong_code_registers_nothing(send_code):
    code = send_code()
    error = error_of(svc.worker_login_by_code, phone=PHONE, code=wrong(code), agreed=True)
    assert error.message == svc.CODE_WRONG.format(n=4)
    assert Worker.objects.count() == 0
    assert SmsCode.objects.get().attempts == 1


def test_a_disabled_account_cannot_log_in(send_code, make_worker):
    worker = make_worker(PHONE)
    Worker.objects.filter(pk=worker.pk).update(is_active=False)
    error = error_of(svc.worker_login_by_code, phone=PHONE, code=send_code(), agreed=True)
    assert error.message == svc.ACCOUNT_DISABLED


# --- password ---------------------------------------------------------------------------------


@pytest.fixture
def worker_with_password(make_worker, send_code):
    worker = make_worker(PHONE)
    svc.worker_set_password(
        worker=worker,
        code=send_code(purpose=SmsPurpose.PASSWORD),
        password=PASSWORD_OK,
        password2=PASSWORD_OK,
    )
    return Worker.objects.get(pk=worker.pk)


def test_a_password_is_set_with_an_sms_code_and_then_logs_in(worker_with_password):
    assert worker_with_password.password.startswith("md5$")  # hashed (test hasher)
    assert AuditLog.objects.filter(action="portal.password_set").count() == 1
    worker = svc.worker_login_by_password(phone=PHONE, password=PASSWORD_OK)
    assert worker.pk == worker_with_password.pk


@pytest.mark.parametrize(
    ("password", "password2", "message"),
    [
        ("Ab1!", "Ab1!", PASSWORD_TOO_SHORT.format(n=8)),
        ("abcdefgh1", "abcdefgh1", PASSWORD_CLASSES),
        (PASSWORD_OK, PASSWORD_OK + "y", svc.PASSWORD_MISMATCH),
        ("Aa!" + PHONE, "Aa!" + PHONE, PASSWORD_HAS_PHONE),
    ],
)
def test_a_weak_or_mistyped_password_is_refused(
    make_worker, send_code, password, password2, message
):
    worker = make_worker(PHONE)
    code = send_code(purpose=SmsPurpose.PASSWORD)
    error = error_of(
        svc.worker_set_password, worker=worker, code=code, password=password, password2=password2
    )
    assert message in error.message
    assert Worker.objects.get(pk=worker.pk).password == ""


def test_setting_a_password_needs_the_right_code(make_worker, send_code):
    worker = make_worker(PHONE)
    code = send_code(purpose=SmsPurpose.PASSWORD)
    error = error_of(
        svc.worker_set_password,
        worker=worker,
        code=wrong(code),
        password=PASSWORD_OK,
        password2=PASSWORD_OK,
    )
    assert re.fullmatch(message_pattern(svc.CODE_WRONG), error.message)
    assert Worker.objects.get(pk=worker.pk).password == ""


def test_a_login_code_does_not_set_a_password(clock, make_worker, send_code):
    worker = make_worker(PHONE)
    login_code = send_code(purpose=SmsPurpose.LOGIN)
    error = error_of(
        svc.worker_set_password,
        worker=worker,
        code=login_code,
        password=PASSWORD_OK,
        password2=PASSWORD_OK,
    )
    assert error.message == svc.CODE_NONE
    assert Worker.objects.get(pk=worker.pk).password == ""


def test_wrong_password_unknown_number_and_no_password_read_the_same(
    worker_with_password, make_worker
):
    make_worker(OTHER_PHONE)  # registered by code, never set a password
    answers = {
        error_of(svc.worker_login_by_password, phone=PHONE, password="Wrong@pass1").message,
        error_of(svc.worker_login_by_password, phone="13700000000", password=PASSWORD_OK).message,
        error_of(svc.worker_login_by_password, phone=OTHER_PHONE, password=PASSWORD_OK).message,
        error_of(svc.worker_login_by_password, phone="12345", password=PASSWORD_OK).message,
    }
    assert answers == {svc.LOGIN_FAILED}


def test_five_failures_lock_the_number_for_fifteen_minutes(clock, worker_with_password):
    for _ in range(5):
        error_of(svc.worker_login_by_password, phone=PHONE, password="Wrong@pass1")
        clock.advance(seconds=30)
    assert PasswordFailure.objects.count() == 5  # kept in the database, not a process cache
    error = error_of(svc.worker_login_by_password, phone=PHONE, password=PASSWORD_OK)
    assert error.message == svc.LOGIN_LOCKED.format(minutes=15)
    locked = AuditLog.objects.get(action="portal.login_locked")
    assert locked.result == AuditResult.DENIED
    clock.advance(minutes=14, seconds=29)
    error = error_of(svc.worker_login_by_password, phone=PHONE, password=PASSWORD_OK)
    assert error.message == svc.LOGIN_LOCKED.format(minutes=1)
    clock.advance(seconds=2)
    assert svc.worker_login_by_password(phone=PHONE, password=PASSWORD_OK).phone == PHONE
    assert PasswordFailure.objects.count() == 0  # a success starts the count again


def test_an_unknown_number_locks_like_a_known_one(clock, db):
    for _ in range(5):
        error_of(svc.worker_login_by_password, phone="13700000000", password="Wrong@pass1")
    error = error_of(svc.worker_login_by_password, phone="13700000000", password="Wrong@pass1")
    assert error.message == svc.LOGIN_LOCKED.format(minutes=15)


def test_a_code_login_unlocks_the_number(clock, worker_with_password, send_code):
    for _ in range(5):
        error_of(svc.worker_login_by_password, phone=PHONE, password="Wrong@pass1")
    clock.advance(minutes=2)
    svc.worker_login_by_code(phone=PHONE, code=send_code(), agreed=True)
    assert svc.worker_login_by_password(phone=PHONE, password=PASSWORD_OK).phone == PHONE


def test_failures_older_than_the_window_do_not_add_up(clock, worker_with_password):
    for _ in range(4):
        error_of(svc.worker_login_by_password, phone=PHONE, password="Wrong@pass1")
    clock.advance(minutes=16)
    error_of(svc.worker_login_by_password, phone=PHONE, password="Wrong@pass1")
    assert svc.worker_login_by_password(phone=PHONE, password=PASSWORD_OK).phone == PHONE


# --- 实名认证 ----------------------------------------------------------------------------------


@pytest.fixture
def member(tree, make_member):
    return make_member(tree.base_a, id_number=VALID_IDS[0], name="王小明", phone=PHONE)


def test_matching_name_id_and_phone_links_the_member(member, make_worker):
    worker = svc.worker_certify(worker=make_worker(PHONE), name=" 王小明 ", id_number=VALID_IDS[0])
    worker = Worker.objects.get(pk=worker.pk)
    assert worker.member == member
    assert worker.status_label == "已认证会员"
    assert worker.name == "王小明"
    assert crypto.decrypt(worker.id_number_enc) == VALID_IDS[0]
    assert VALID_IDS[0].encode() not in bytes(worker.id_number_enc)
    row = AuditLog.objects.get(action="portal.certify")
    assert row.changes["id_number"] == "620102********0016"
    assert VALID_IDS[0] not in str(row.changes)
    assert row.org_path == member.org.path  # the member's union can read it
    attempt = CertificationAttempt.objects.get()
    assert (attempt.success, attempt.reason) == (True, svc.Reason.MEMBER)


def test_a_member_without_a_phone_on_record_is_matched_by_name(member, make_worker):
    type(member).objects.filter(pk=member.pk).update(phone_enc=None, phone_hash="")
    worker = svc.worker_certify(
        worker=make_worker(OTHER_PHONE), name="王小明", id_number=VALID_IDS[0]
    )
    assert worker.member_id == member.pk


def test_names_are_compared_as_typed_on_a_phone(tree, make_member, make_worker):
    id_number = VALID_IDS[1]
    make_member(tree.base_a, id_number=id_number, name="买买提·艾力", phone=PHONE)
    worker = svc.worker_certify(worker=make_worker(PHONE), name="买买提.艾力", id_number=id_number)
    assert worker.status_label == "已认证会员"


def test_an_id_with_no_membership_certifies_a_non_member(tree, make_worker):
    worker = svc.worker_certify(worker=make_worker(PHONE), name="李四", id_number=VALID_IDS[2])
    assert worker.member is None
    assert worker.status_label == "已实名认证"
    assert CertificationAttempt.objects.get().reason == svc.Reason.NON_MEMBER
    assert AuditLog.objects.filter(action="portal.certify").count() == 1


def test_a_former_member_certifies_as_a_non_member(member, make_worker, staff):
    from gonghui.members.services import member_leave

    member_leave(actor=staff.sysadmin, member=member)
    worker = svc.worker_certify(worker=make_worker(PHONE), name="王小明", id_number=VALID_IDS[0])
    assert worker.member is None


def test_a_different_name_is_a_mismatch(member, make_worker):
    worker = make_worker(PHONE)
    error = error_of(svc.worker_certify, worker=worker, name="王晓明", id_number=VALID_IDS[0])
    assert error.message == svc.CERTIFY_NAME_MISMATCH + svc.CERTIFY_TRIES_LEFT.format(n=4)
    worker.refresh_from_db()
    assert not worker.is_certified and worker.member is None
    attempt = CertificationAttempt.objects.get()
    assert (attempt.success, attempt.reason) == (False, svc.Reason.NAME)


def test_a_different_phone_says_to_ask_the_union_to_update_it(member, make_worker):
    worker = make_worker(OTHER_PHONE)
    error = error_of(svc.worker_certify, worker=worker, name="王小明", id_number=VALID_IDS[0])
    assert error.message.startswith(svc.CERTIFY_PHONE_MISMATCH)
    assert error.message == svc.CERTIFY_PHONE_MISMATCH + svc.CERTIFY_TRIES_LEFT.format(n=4)
    assert not Worker.objects.get(pk=worker.pk).is_certified


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("", ID_REQUIRED),
        (VALID_IDS[0][:17] + ("1" if VALID_IDS[0][17] != "1" else "2"), ID_CHECKSUM),
        ("62010219550307001", "身份证号应为18位（或旧版15位），当前为17位，请核对后重新输入。"),
    ],
)
def test_a_bad_id_number_gets_the_registrys_message(member, make_worker, id_number, message):
    worker = make_worker(PHONE)
    error = error_of(svc.worker_certify, worker=worker, name="王小明", id_number=id_number)
    assert error.message == message
    assert error.field == "id_number"
    assert CertificationAttempt.objects.get().reason == svc.Reason.INVALID


def test_a_missing_name_is_refused(make_worker, db):
    error = error_of(
        svc.worker_certify, worker=make_worker(PHONE), name=" ", id_number=VALID_IDS[0]
    )
    assert (error.message, error.field) == (svc.NAME_REQUIRED, "name")


def test_mismatches_are_audited_from_the_third_and_stop_after_the_fifth(clock, member, make_worker):
    worker = make_worker(PHONE)
    for n in range(1, 6):
        error_of(svc.worker_certify, worker=worker, name=f"冒名{n}", id_number=VALID_IDS[0])
        assert AuditLog.objects.filter(action="portal.certify_mismatch").count() == max(0, n - 2)
        clock.advance(minutes=10)
    rows = AuditLog.objects.filter(action="portal.certify_mismatch").order_by("id")
    assert [r.changes["mismatches_24h"] for r in rows] == [3, 4, 5]
    assert all(r.result == AuditResult.DENIED for r in rows)
    assert all(r.changes["id_number"] == "620102********0016" for r in rows)
    assert all(r.org_path == member.org.path for r in rows)
    # The sixth is refused even with the right data, saying until when.
    error = error_of(svc.worker_certify, worker=worker, name="王小明", id_number=VALID_IDS[0])
    assert error.message == svc.CERTIFY_LOCKED.format(at="2026-03-03 12:00")
    assert not Worker.objects.get(pk=worker.pk).is_certified
    clock.advance(hours=23, minutes=11)  # the first mismatch is now 24 h old
    worker = svc.worker_certify(worker=worker, name="王小明", id_number=VALID_IDS[0])
    assert worker.status_label == "已认证会员"


def test_an_id_certified_by_another_account_is_refused_and_audited(member, make_worker):
    first = svc.worker_certify(worker=make_worker(PHONE), name="王小明", id_number=VALID_IDS[0])
    intruder = make_worker(OTHER_PHONE)
    error = error_of(svc.worker_certify, worker=intruder, name="王小明", id_number=VALID_IDS[0])
    assert error.message.startswith(svc.CERTIFY_DUPLICATE)
    intruder.refresh_from_db()
    assert not intruder.is_certified
    row = AuditLog.objects.get(action="portal.certify_duplicate")
    assert row.result == AuditResult.DENIED
    assert row.object_id == str(intruder.pk)
    assert Worker.objects.get(pk=first.pk).member_id == member.pk


def test_a_non_member_id_is_one_account_too(tree, make_worker):
    svc.worker_certify(worker=make_worker(PHONE), name="李四", id_number=VALID_IDS[2])
    error = error_of(
        svc.worker_certify, worker=make_worker(OTHER_PHONE), name="李四", id_number=VALID_IDS[2]
    )
    assert error.message.startswith(svc.CERTIFY_DUPLICATE)


def test_a_certified_worker_cannot_switch_to_other_data(tree, make_worker):
    worker = svc.worker_certify(worker=make_worker(PHONE), name="李四", id_number=VALID_IDS[2])
    for name, number in [("张三", VALID_IDS[2]), ("李四", VALID_IDS[3])]:
        error = error_of(svc.worker_certify, worker=worker, name=name, id_number=number)
        assert error.message == svc.ALREADY_CERTIFIED.format(name="李四")
    worker.refresh_from_db()
    assert (worker.name, crypto.decrypt(worker.id_number_enc)) == ("李四", VALID_IDS[2])


def test_checking_again_links_a_membership_registered_since(tree, make_worker, make_member):
    worker = svc.worker_certify(worker=make_worker(PHONE), name="李四", id_number=VALID_IDS[2])
    assert worker.member is None
    member = make_member(tree.base_b, id_number=VALID_IDS[2], name="李四", phone=PHONE)
    worker = svc.worker_certify_again(worker=worker)
    assert worker.member_id == member.pk
    assert Worker.objects.get(pk=worker.pk).status_label == "已认证会员"


def test_a_second_member_id_is_found_by_its_own_check_digit(tree, make_member, make_worker):
    number = id_with_check("62010219900101123")
    make_member(tree.base_c, id_number=number, name="赵六", phone=PHONE)
    worker = svc.worker_certify(worker=make_worker(PHONE), name="赵六", id_number=number.lower())
    assert worker.member.org == tree.base_c


# --- two requests at once -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_the_same_instant_send_one_code(outbox):
    def send():
        return svc.sms_code_send(phone=PHONE, purpose=SmsPurpose.LOGIN)

    outcomes = race(send, send, send)
    sent = [o for o in outcomes if isinstance(o, SmsCode)]
    refused = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(sent) == 1 and len(refused) == 2, outcomes
    assert all(o.code == "sms_too_soon" for o in refused)
    assert SmsCode.objects.count() == 1
    assert len(outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_one_code_logs_in_once_even_when_used_twice_at_once(outbox):
    svc.sms_code_send(phone=PHONE, purpose=SmsPurpose.LOGIN)
    code = re.search(r"验证码是(\d{6})", outbox[-1].message).group(1)

    def log_in():
        return svc.worker_login_by_code(phone=PHONE, code=code, agreed=True)

    outcomes = race(log_in, log_in)
    assert sum(isinstance(o, tuple) for o in outcomes) == 1, outcomes
    assert [o.message for o in outcomes if isinstance(o, ApplicationError)] == [svc.CODE_USED]
    assert Worker.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_accounts_certifying_one_id_at_once_one_wins(tree, make_worker):
    first, second = make_worker(PHONE), make_worker(OTHER_PHONE)
    outcomes = race(
        lambda: svc.worker_certify(worker=first, name="李四", id_number=VALID_IDS[2]),
        lambda: svc.worker_certify(worker=second, name="李四", id_number=VALID_IDS[2]),
    )
    assert sum(isinstance(o, Worker) for o in outcomes) == 1, outcomes
    refused = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(refused) == 1 and refused[0].message.startswith(svc.CERTIFY_DUPLICATE)
    assert Worker.objects.exclude(certified_at=None).count() == 1
    assert AuditLog.objects.filter(action="portal.certify_duplicate").count() == 1
