"""The account pages through the Django test client: login/registration, the send-code button
without JavaScript, `next`, logout, 实名认证, 我的, password, and the admin's masking."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from gonghui.accounts.models import User
from gonghui.accounts.validators import PASSWORD_TOO_SHORT
from gonghui.conftest import PASSWORD, VALID_IDS, message_pattern
from gonghui.portal.auth import SESSION_KEY
from gonghui.portal.models import SmsCode, Worker
from gonghui.portal.services import accounts as svc
from gonghui.portal.sms import TestBackend
from gonghui.portal.views.accounts import CERTIFIED_MEMBER

PHONE = "13912345678"
PASSWORD_OK = "Gonghui@2026x"


@pytest.fixture(autouse=True)
def outbox():
    TestBackend.outbox.clear()
    yield TestBackend.outbox
    TestBackend.outbox.clear()


@pytest.fixture
def press_send(db, client, django_capture_on_commit_callbacks, outbox):
    """Press 获取验证码 on the login page; returns (response, code or None)."""

    def press(phone: str = PHONE, c: Client | None = None, **extra):
        before = len(outbox)
        with django_capture_on_commit_callbacks(execute=True):
            response = (c or client).post("/m/sms/", {"phone": phone, "mode": "code", **extra})
        sent = outbox[before:]
        code = re.search(r"验证码是(\d{6})", sent[-1].message).group(1) if sent else None
        return response, code

    return press


def page(response) -> str:
    return response.content.decode()


def test_the_login_page_offers_both_ways(client, db):
    body = page(client.get("/m/login/"))
    assert "验证码登录" in body and "密码登录" in body
    assert 'formaction="/m/sms/"' in body
    body = page(client.get("/m/login/?mode=password"))
    assert 'type="password"' in body


def test_register_with_a_code_then_certify(client, press_send):
    response, code = press_send()
    assert response.status_code == 200
    body = page(response)
    assert "验证码已发送至 139****5678" in body
    assert 'data-wait="60"' in body
    response = client.post(
        "/m/login/", {"mode": "code", "agree": "on", "phone": PHONE, "code": code}
    )
    assert response.status_code == 302
    assert response["Location"] == "/m/certify/"  # a new account goes on to 实名认证
    worker = Worker.objects.get()
    assert client.session[SESSION_KEY] == worker.pk
    assert "注册成功" in page(client.get("/m/certify/"))


def test_a_second_press_within_a_minute_says_when(press_send):
    press_send()
    response, code = press_send()
    assert code is None
    assert re.search(message_pattern(svc.SEND_TOO_SOON, whole=False), page(response))


def test_a_bad_number_is_shown_beside_the_field(press_send):
    response, code = press_send(phone="12345")
    assert code is None
    assert "手机号应为11位数字" in page(response)


def test_a_wrong_code_does_not_log_in(client, press_send):
    _, code = press_send()
    bad = f"{(int(code) + 1) % 1_000_000:06d}"
    response = client.post(
        "/m/login/", {"mode": "code", "agree": "on", "phone": PHONE, "code": bad}
    )
    assert response.status_code == 200
    assert svc.CODE_WRONG.format(n=4) in page(response)
    assert SESSION_KEY not in client.session
    assert Worker.objects.count() == 0


def test_an_expired_code_does_not_log_in(client, press_send):
    _, code = press_send()
    SmsCode.objects.update(expires_at=SmsCode.objects.get().sent_at - timedelta(seconds=1))
    response = client.post(
        "/m/login/", {"mode": "code", "agree": "on", "phone": PHONE, "code": code}
    )
    assert svc.CODE_EXPIRED in page(response)
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("target", ["/m/card/", "/m/12351/mine/?page=2"])
def test_next_on_this_site_is_followed(client, press_send, target):
    _, code = press_send(next=target)
    response = client.post(
        "/m/login/", {"mode": "code", "agree": "on", "phone": PHONE, "code": code, "next": target}
    )
    assert response["Location"] == target


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/m/", "//evil.example/", "javascript:alert(1)", "/\\evil.example"],
)
def test_next_elsewhere_is_ignored(client, press_send, target):
    body = page(client.get("/m/login/", {"next": target}))
    assert "evil.example" not in body and "javascript:" not in body
    _, code = press_send()
    response = client.post(
        "/m/login/", {"mode": "code", "agree": "on", "phone": PHONE, "code": code, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/m/certify/"


def test_pages_for_workers_send_others_to_login_and_back(client, db):
    for url in ["/m/me/", "/m/certify/", "/m/password/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/m/login/?next={url.replace('/', '%2F')}"


def test_logout_ends_the_worker_session(make_worker, worker_client):
    c = worker_client(make_worker(PHONE))
    assert c.get("/m/me/").status_code == 200
    assert c.get("/m/logout/").status_code == 405  # a link cannot log anyone out
    response = c.post("/m/logout/")
    assert response["Location"] == "/m/"
    assert SESSION_KEY not in c.session
    assert c.get("/m/me/").status_code == 302


def test_me_shows_masked_data_and_the_status(tree, make_member, make_worker, worker_client):
    member = make_member(tree.base_a, id_number=VALID_IDS[0], name="王小明", phone=PHONE)
    worker = make_worker(PHONE, name="王小明", id_number=VALID_IDS[0], member=member)
    body = page(worker_client(worker).get("/m/me/"))
    assert "已认证会员" in body
    assert "139****5678" in body and PHONE not in body
    assert "620102********0016" in body and VALID_IDS[0] not in body
    assert "兰州甲公司工会" in body
    for url in ["/m/card/", "/m/requests/", "/m/12351/mine/", "/m/password/", "/m/logout/"]:
        assert f'"{url}"' in body


def test_me_of_a_new_account_asks_for_certification(make_worker, worker_client):
    body = page(worker_client(make_worker(PHONE)).get("/m/me/"))
    assert "未实名认证" in body
    assert 'href="/m/certify/"' in body


def test_certify_a_member(tree, make_member, make_worker, worker_client):
    make_member(tree.base_a, id_number=VALID_IDS[0], name="王小明", phone=PHONE)
    c = worker_client(make_worker(PHONE))
    response = c.post("/m/certify/", {"name": "王小明", "id_number": VALID_IDS[0]})
    assert response["Location"] == "/m/certify/"
    body = page(c.get("/m/certify/"))
    assert CERTIFIED_MEMBER.format(org="兰州甲公司工会") in body
    assert "已认证会员" in body
    assert "申请入会" not in body


def test_certify_a_non_member_offers_to_join(tree, make_worker, worker_client):
    c = worker_client(make_worker(PHONE))
    c.post("/m/certify/", {"name": "李四", "id_number": VALID_IDS[2]})
    body = page(c.get("/m/certify/"))
    assert "已实名认证" in body
    assert 'href="/m/join/"' in body


def test_a_mismatch_is_shown_on_the_form(tree, make_member, make_worker, worker_client):
    make_member(tree.base_a, id_number=VALID_IDS[0], name="王小明", phone=PHONE)
    c = worker_client(make_worker(PHONE))
    response = c.post("/m/certify/", {"name": "王晓明", "id_number": VALID_IDS[0]})
    assert response.status_code == 200
    assert svc.CERTIFY_NAME_MISMATCH in page(response)
    response = c.post("/m/certify/", {"name": "王小明", "id_number": "620102195503070017"})
    assert "身份证号第18位校验码错误" in page(response)
    response = c.post("/m/certify/", {"name": "", "id_number": ""})
    assert "请填写姓名。" in page(response) and "请填写身份证号。" in page(response)


def test_a_certified_non_member_checks_again(tree, make_member, make_worker, worker_client):
    worker = make_worker(PHONE, name="李四", id_number=VALID_IDS[2])
    make_member(tree.base_b, id_number=VALID_IDS[2], name="李四", phone=PHONE)
    c = worker_client(worker)
    # Whatever else is posted, only the data certified with are used.
    c.post("/m/certify/", {"recheck": "1", "name": "别人", "id_number": VALID_IDS[3]})
    body = page(c.get("/m/certify/"))
    assert CERTIFIED_MEMBER.format(org="兰州乙公司工会") in body
    worker.refresh_from_db()
    assert worker.name == "李四" and worker.member is not None


def test_set_a_password_then_log_in_with_it(
    make_worker, worker_client, django_capture_on_commit_callbacks, outbox, client
):
    c = worker_client(make_worker(PHONE))
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/m/sms/", {"purpose": "password"})
    assert "验证码已发送至 139****5678" in page(response)
    code = re.search(r"验证码是(\d{6})", outbox[-1].message).group(1)
    response = c.post("/m/password/", {"code": code, "password": "short", "password2": "short"})
    assert PASSWORD_TOO_SHORT.format(n=8) in page(response)
    response = c.post(
        "/m/password/", {"code": code, "password": PASSWORD_OK, "password2": PASSWORD_OK}
    )
    assert response["Location"] == "/m/me/"
    response = client.post(
        "/m/login/", {"mode": "password", "phone": PHONE, "password": PASSWORD_OK}
    )
    assert response["Location"] == "/m/me/"
    assert SESSION_KEY in client.session


def test_a_wrong_password_is_told_without_saying_which_part(client, make_worker):
    make_worker(PHONE)
    response = client.post("/m/login/", {"mode": "password", "phone": PHONE, "password": "x"})
    assert svc.LOGIN_FAILED in page(response)
    assert SESSION_KEY not in client.session


def test_sms_send_for_a_password_needs_a_worker(client, db, outbox):
    response = client.post("/m/sms/", {"purpose": "password", "phone": PHONE})
    assert response["Location"] == "/m/login/"
    assert outbox == []


def test_the_admin_shows_workers_masked(client, tree, make_worker):
    root = User.objects.create_superuser(username="root", password=PASSWORD, org=tree.province)
    make_worker(PHONE, name="李四", id_number=VALID_IDS[2])
    client.force_login(root)
    body = page(client.get("/admin/portal/worker/"))
    assert "139****5678" in body and PHONE not in body
    worker = Worker.objects.get()
    body = page(client.get(f"/admin/portal/worker/{worker.pk}/change/"))
    assert "620103********0038" in body and VALID_IDS[2] not in body
    assert PHONE not in body


def test_a_logged_in_worker_skips_the_login_page(make_worker, worker_client):
    c = worker_client(make_worker(PHONE))
    assert c.get("/m/login/")["Location"] == "/m/me/"
    assert c.get("/m/login/", {"next": "/m/card/"})["Location"] == "/m/card/"


def test_the_lockout_is_shown_on_the_login_page(client, make_worker):
    make_worker(PHONE)
    for _ in range(5):
        client.post("/m/login/", {"mode": "password", "phone": PHONE, "password": "Wrong@pass1"})
    response = client.post("/m/login/", {"mode": "password", "phone": PHONE, "password": "x"})
    assert svc.LOGIN_LOCKED.format(minutes=15) in page(response)
