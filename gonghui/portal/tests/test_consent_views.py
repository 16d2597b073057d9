"""Consent pages through the Django test client: the checkbox at registration, the texts under
/m/legal/, the page that asks again after a new version, 注销账号, and the workbench editor."""

import re

import pytest
from django.test import Client

from gonghui.accounts.permissions import ROLE_SYSADMIN
from gonghui.audit.models import AuditLog
from gonghui.portal.auth import SESSION_KEY
from gonghui.portal.models import ConsentRecord, LegalDocument, Worker
from gonghui.portal.services import consent as consent_svc
from gonghui.portal.sms import TestBackend
from gonghui.portal.views import legal as legal_views
from gonghui.portal.workbench_legal import PUBLISHED

PHONE = "13912345678"
PASSWORD_OK = "Gonghui@2026x"


@pytest.fixture(autouse=True)
def outbox():
    TestBackend.outbox.clear()
    yield TestBackend.outbox
    TestBackend.outbox.clear()


@pytest.fixture
def press_send(db, client, django_capture_on_commit_callbacks, outbox):
    def press(phone: str = PHONE) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/m/sms/", {"phone": phone, "mode": "code"})
        return re.search(r"验证码是(\d{6})", outbox[-1].message).group(1)

    return press


def page(response) -> str:
    return response.content.decode()


def staff_client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def publish_v2(actor):
    return consent_svc.legal_document_publish(
        actor=actor, kind="privacy", title="个人信息保护政策（第二版）", body="第二版：新增说明。"
    )


# --- registration ---------------------------------------------------------------------------


def test_the_code_login_shows_the_checkbox_with_the_texts(client, db):
    body = page(client.get("/m/login/"))
    assert 'type="checkbox" name="agree"' in body
    assert 'href="/m/legal/terms/"' in body and 'href="/m/legal/privacy/"' in body
    assert "我已阅读并同意" in body
    assert 'name="agree"' not in page(client.get("/m/login/?mode=password"))


def test_registration_without_the_checkbox_is_refused(client, press_send):
    code = press_send()
    response = client.post("/m/login/", {"mode": "code", "phone": PHONE, "code": code})
    assert response.status_code == 200
    assert consent_svc.CONSENT_REQUIRED in page(response)
    assert not Worker.objects.exists() and SESSION_KEY not in client.session
    response = client.post(
        "/m/login/", {"mode": "code", "agree": "on", "phone": PHONE, "code": code}
    )
    assert response["Location"] == "/m/certify/"
    assert ConsentRecord.objects.filter(worker=Worker.objects.get()).count() == 2


# --- the texts ------------------------------------------------------------------------------


def test_the_texts_are_public_and_every_version_stays_readable(client, staff):
    body = page(client.get("/m/legal/privacy/"))
    assert "智慧工会个人信息保护政策" in body and "第1版" in body and "您的权利" in body
    assert "用户服务协议" in page(client.get("/m/legal/terms/"))
    publish_v2(staff.sysadmin)
    body = page(client.get("/m/legal/privacy/"))
    assert "第二版：新增说明。" in body and 'href="/m/legal/privacy/v1/"' in body
    old = page(client.get("/m/legal/privacy/v1/"))
    assert "您的权利" in old and "第二版" not in old.split("历史版本")[0]


@pytest.mark.parametrize("url", ["/m/legal/other/", "/m/legal/privacy/v9/"])
def test_an_unknown_text_is_not_found(client, db, url):
    assert client.get(url).status_code == 404


# --- a new version asks again ---------------------------------------------------------------


def test_a_logged_in_worker_is_asked_at_the_next_page_view(staff, make_worker, worker_client):
    worker = make_worker(PHONE)
    c = worker_client(worker)
    assert c.get("/m/me/").status_code == 200
    v2 = publish_v2(staff.sysadmin)
    response = c.get("/m/me/")
    assert response.status_code == 302
    assert response["Location"] == "/m/consent/?next=%2Fm%2Fme%2F"
    body = page(c.get(response["Location"]))
    assert "以下内容已更新" in body and "《隐私政策》</a>第2版" in body
    # The texts, logout and closing the account stay reachable meanwhile.
    assert c.get("/m/legal/privacy/").status_code == 200
    assert c.get("/m/me/close/").status_code == 200

    response = c.post("/m/consent/", {"next": "/m/me/"})
    assert response.status_code == 400 and consent_svc.CONSENT_REQUIRED in page(response)
    response = c.post("/m/consent/", {"next": "/m/me/", "agree": "on"})
    assert response["Location"] == "/m/me/"
    me = page(c.get("/m/me/"))
    # 我的 tells him what he agreed to and when, each version linked.
    assert "我的同意记录" in me and 'href="/m/legal/privacy/v2/">隐私政策（第2版）</a>' in me
    assert 'href="/m/legal/terms/v1/">用户协议（第1版）</a>' in me
    assert ConsentRecord.objects.filter(worker=worker, document=v2).exists()


def test_public_portal_pages_ask_a_logged_in_worker_too(staff, make_worker, worker_client):
    c = worker_client(make_worker(PHONE))
    publish_v2(staff.sysadmin)
    assert c.get("/m/")["Location"].startswith("/m/consent/")
    assert Client().get("/m/").status_code == 200  # anonymous visitors are not asked


def test_an_account_from_before_consent_is_asked_first(make_worker, worker_client):
    c = worker_client(make_worker(PHONE, consented=False))
    response = c.get("/m/certify/", follow=True)
    assert "使用职工服务门户前，请阅读以下内容" in page(response)


def test_a_new_version_asks_again_at_the_next_password_login(
    client, staff, make_worker, django_capture_on_commit_callbacks
):
    from django.contrib.auth.hashers import make_password

    worker = make_worker(PHONE)
    worker.password = make_password(PASSWORD_OK)
    worker.save(update_fields=["password"])
    publish_v2(staff.sysadmin)
    response = client.post(
        "/m/login/", {"mode": "password", "phone": PHONE, "password": PASSWORD_OK}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/m/consent/?next=%2Fm%2Fme%2F"
    assert "以下内容已更新" in page(response)


# --- 注销账号 --------------------------------------------------------------------------------


def test_close_account_explains_and_confirms(tree, make_member, make_worker, worker_client):
    member = make_member(tree.base_a, name="马晓燕", phone=PHONE)
    worker = make_worker(PHONE, name="马晓燕", id_number=member.id_number, member=member)
    c = worker_client(worker)
    assert 'href="/m/me/close/"' in page(c.get("/m/me/"))
    body = page(c.get("/m/me/close/"))
    assert "注销门户账号不等于退会" in body and "由工会继续保存" in body
    assert "兰州甲公司工会" in body

    response = c.post("/m/me/close/", {})
    assert response.status_code == 400 and consent_svc.CLOSE_CONFIRM_REQUIRED in page(response)
    assert Worker.objects.get().is_active

    response = c.post("/m/me/close/", {"confirm": "on"})
    assert response["Location"] == "/m/"
    assert legal_views.ACCOUNT_CLOSED in page(c.get("/m/"))
    assert SESSION_KEY not in c.session
    assert c.get("/m/me/")["Location"].startswith("/m/login/")
    assert AuditLog.objects.filter(action="portal.account_close").count() == 1
    assert Worker.objects.get().member_id == member.pk


def test_another_session_of_a_closed_account_ends(make_worker, worker_client):
    worker = make_worker(PHONE)
    phone_session, laptop_session = worker_client(worker), worker_client(worker)
    phone_session.post("/m/me/close/", {"confirm": "on"})
    assert laptop_session.get("/m/me/")["Location"].startswith("/m/login/")


# --- workbench ------------------------------------------------------------------------------


def test_the_province_sysadmin_publishes_a_new_version(staff):
    c = staff_client(staff.sysadmin)
    body = page(c.get("/portal-admin/legal/"))
    assert "当前为第1版" in body and "修改并发布新版本" in body
    form = page(c.get("/portal-admin/legal/privacy/publish/"))
    assert "您的权利" in form  # the current text, to edit
    response = c.post(
        "/portal-admin/legal/privacy/publish/", {"title": "隐私政策（修订）", "body": "新正文。"}
    )
    assert response["Location"] == "/portal-admin/legal/"
    assert PUBLISHED.format(kind="隐私政策", version=2) in page(c.get("/portal-admin/legal/"))
    assert LegalDocument.objects.filter(kind="privacy").count() == 2
    assert "新正文。" in page(c.get("/portal-admin/legal/privacy/v2/"))
    assert "您的权利" in page(c.get("/portal-admin/legal/privacy/v1/"))


def test_an_unchanged_text_is_shown_on_the_form(staff):
    c = staff_client(staff.sysadmin)
    current = LegalDocument.objects.get(kind="terms")
    response = c.post(
        "/portal-admin/legal/terms/publish/", {"title": current.title, "body": current.body}
    )
    assert response.status_code == 400
    assert consent_svc.LEGAL_UNCHANGED in page(response)


def test_a_city_sysadmin_reads_but_may_not_publish(tree, make_user):
    c = staff_client(make_user("lz_sys", tree.lanzhou, ROLE_SYSADMIN))
    assert "不能发布" in page(c.get("/portal-admin/legal/"))
    response = c.post("/portal-admin/legal/terms/publish/", {"title": "改", "body": "改"})
    assert response.status_code == 403
    assert LegalDocument.objects.filter(kind="terms").count() == 1


def test_other_roles_do_not_see_the_editor(staff):
    c = staff_client(staff.city_admin)
    assert c.get("/portal-admin/legal/").status_code == 403
    assert "协议与隐私政策" not in page(c.get("/"))


def test_the_admin_shows_the_consents_and_keeps_a_closed_account_closed(client, tree, make_worker):
    from gonghui.accounts.models import User

    root = User.objects.create_superuser(username="root", password="x-Pass-2026", org=tree.province)
    worker = make_worker(PHONE)
    consent_svc.worker_account_close(worker=worker, confirmed=True)
    client.force_login(root)
    url = f"/admin/portal/worker/{worker.pk}/change/"
    body = page(client.get(url))
    assert "用户协议（第1版）" in body and "隐私政策（第1版）" in body
    assert 'name="is_active"' not in body  # read-only once the worker closed it
    client.post(
        url, {"is_active": "on", "consents-TOTAL_FORMS": "2", "consents-INITIAL_FORMS": "2"}
    )
    assert not Worker.objects.get().is_active


def test_the_text_escapes_what_the_sysadmin_typed(client, staff):
    consent_svc.legal_document_publish(
        actor=staff.sysadmin, kind="terms", title="协议", body="一、总则\n<script>x()</script>"
    )
    body = page(client.get("/m/legal/terms/"))
    assert "<h3>一、总则</h3>" in body
    assert "<script>x()</script>" not in body and "&lt;script&gt;" in body
