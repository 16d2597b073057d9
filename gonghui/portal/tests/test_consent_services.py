"""Consent services: the seeded texts, agreeing at registration, a new version, publishing, and
closing the account (PIPL art. 14, 15, 17)."""

import re

import pytest

from gonghui.accounts.permissions import ROLE_SYSADMIN
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.members.models import Member
from gonghui.portal.models import (
    ConsentRecord,
    JoinApplication,
    LegalDocument,
    LegalKind,
    RequestStatus,
    SmsCode,
    Worker,
)
from gonghui.portal.selectors import consent_outstanding, legal_documents_current
from gonghui.portal.services import accounts as svc
from gonghui.portal.services import consent as consent_svc
from gonghui.portal.sms import TestBackend

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def outbox():
    TestBackend.outbox.clear()
    yield TestBackend.outbox
    TestBackend.outbox.clear()


@pytest.fixture
def send_code(db, django_capture_on_commit_callbacks, outbox):
    def send(phone: str = PHONE) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            svc.sms_code_send(phone=phone, purpose="login")
        return re.search(r"验证码是(\d{6})", outbox[-1].message).group(1)

    return send


def publish(actor, kind=LegalKind.PRIVACY, body="第二版正文：新增了驿站位置的说明。"):
    return consent_svc.legal_document_publish(
        actor=actor, kind=kind, title="智慧工会个人信息保护政策（修订）", body=body
    )


def test_a_fresh_install_has_version_1_of_both_texts(db):
    documents = legal_documents_current()
    assert [(d.kind, d.version) for d in documents] == [("terms", 1), ("privacy", 1)]
    privacy = documents[1].body
    # A real privacy policy: what, why, how long, who sees it, rights, contact.
    for part in ("收集哪些信息", "保存多久", "谁能看到", "您的权利", "联系我们", "敏感个人信息"):
        assert part in privacy
    assert "注销" in documents[0].body


def test_the_defaults_come_back_if_the_table_was_emptied(db):
    LegalDocument.objects.all().delete()
    assert [d.version for d in legal_documents_current()] == [1, 1]


def test_registration_without_agreeing_is_refused_and_keeps_the_code(send_code):
    code = send_code()
    with pytest.raises(ApplicationError) as info:
        svc.worker_login_by_code(phone=PHONE, code=code, agreed=False)
    assert info.value.message == consent_svc.CONSENT_REQUIRED
    assert not Worker.objects.exists()
    assert SmsCode.objects.get().used_at is None  # ticking the box and pressing again works
    worker, created = svc.worker_login_by_code(phone=PHONE, code=code, agreed=True)
    assert created


def test_registration_records_the_versions_agreed_to_and_when(send_code):
    worker, _ = svc.worker_login_by_code(phone=PHONE, code=send_code(), agreed=True)
    rows = ConsentRecord.objects.filter(worker=worker).select_related("document")
    assert sorted((r.document.kind, r.document.version) for r in rows) == [
        ("privacy", 1),
        ("terms", 1),
    ]
    assert all(r.accepted_at and r.withdrawn_at is None for r in rows)
    assert consent_outstanding(worker) == []


def test_a_new_version_is_outstanding_until_agreed(staff, make_worker):
    worker = make_worker(PHONE)
    v1 = LegalDocument.objects.get(kind="privacy", version=1)
    v2 = publish(staff.sysadmin)
    assert v2.version == 2 and v2.published_by == staff.sysadmin
    v1_again = LegalDocument.objects.get(pk=v1.pk)
    assert (v1_again.title, v1_again.body) == (v1.title, v1.body)  # the old text stays
    assert consent_outstanding(worker) == [v2]
    with pytest.raises(ApplicationError) as info:
        consent_svc.worker_consent_accept(worker=worker, documents=[v2], agreed=False)
    assert info.value.message == consent_svc.CONSENT_REQUIRED
    consent_svc.worker_consent_accept(worker=worker, documents=[v2], agreed=True)
    assert consent_outstanding(worker) == []
    row = AuditLog.objects.get(action="portal.consent")
    assert row.changes == {"documents": ["隐私政策（第2版）"]}
    assert AuditLog.objects.filter(action="portal.legal_publish", actor=staff.sysadmin).exists()


def test_only_the_province_sysadmin_publishes(staff, tree, make_user):
    city_sysadmin = make_user("lz_sys", tree.lanzhou, ROLE_SYSADMIN)
    for actor in (city_sysadmin, staff.city_admin):
        with pytest.raises(Forbidden) as info:
            publish(actor)
        assert info.value.message == consent_svc.LEGAL_MANAGE_DENIED
    assert not LegalDocument.objects.filter(version=2).exists()
    denied = AuditLog.objects.filter(action="access.denied", result=AuditResult.DENIED)
    assert denied.count() == 2


@pytest.mark.parametrize(
    "title, body, message",
    [
        ("", "正文", consent_svc.LEGAL_TITLE_REQUIRED),
        ("标", "  ", consent_svc.LEGAL_BODY_REQUIRED),
        ("题" * 101, "正文", consent_svc.LEGAL_TITLE_TOO_LONG),
    ],
)
def test_publish_needs_a_title_and_a_body(staff, title, body, message):
    with pytest.raises(ApplicationError) as info:
        consent_svc.legal_document_publish(
            actor=staff.sysadmin, kind="terms", title=title, body=body
        )
    assert info.value.message == message


def test_publishing_the_same_text_again_is_refused(staff):
    current = legal_documents_current()[0]
    with pytest.raises(ApplicationError) as info:
        consent_svc.legal_document_publish(
            actor=staff.sysadmin, kind="terms", title=current.title, body=current.body
        )
    assert info.value.message == consent_svc.LEGAL_UNCHANGED


def test_closing_needs_the_confirmation(make_worker):
    worker = make_worker(PHONE)
    with pytest.raises(ApplicationError) as info:
        consent_svc.worker_account_close(worker=worker, confirmed=False)
    assert info.value.message == consent_svc.CLOSE_CONFIRM_REQUIRED
    assert Worker.objects.get().is_active


def test_closing_withdraws_consent_and_keeps_the_member_record(
    tree, make_member, make_worker, send_code
):
    member = make_member(tree.base_a, name="马晓燕", phone=PHONE)
    worker = make_worker(PHONE, name="马晓燕", id_number=member.id_number, member=member)
    worker.password = "pbkdf2_sha256$x"
    worker.save(update_fields=["password"])
    consent_svc.worker_account_close(worker=worker, confirmed=True)

    worker.refresh_from_db()
    assert not worker.is_active and worker.closed_at is not None and worker.password == ""
    assert ConsentRecord.objects.filter(worker=worker, withdrawn_at__isnull=True).count() == 0
    assert ConsentRecord.objects.filter(worker=worker).count() == 2  # the history stays
    kept = Member.objects.get(pk=member.pk)
    assert kept.status == member.status and kept.name == "马晓燕"
    row = AuditLog.objects.get(action="portal.account_close")
    assert row.org_path == tree.base_a.path
    assert row.changes["withdrawn"] == ["用户协议（第1版）", "隐私政策（第1版）"]
    assert row.changes["member"] == member.pk

    with pytest.raises(ApplicationError) as info:
        svc.worker_login_by_code(phone=PHONE, code=send_code(), agreed=True)
    assert info.value.message == svc.ACCOUNT_CLOSED
    with pytest.raises(ApplicationError) as info:
        svc.worker_login_by_password(phone=PHONE, password="anything-at-all")
    assert info.value.message == svc.LOGIN_FAILED
    assert Worker.objects.count() == 1  # no new account for the number either


def test_closing_withdraws_a_pending_join_application(tree, make_worker):
    worker = make_worker(PHONE, name="孙非会员", id_number="620102199001011233")
    application = JoinApplication.objects.create(
        worker=worker, org=tree.base_a, category="employed"
    )
    consent_svc.worker_account_close(worker=worker, confirmed=True)
    application.refresh_from_db()
    assert application.status == RequestStatus.WITHDRAWN
    row = AuditLog.objects.get(action="portal.account_close")
    assert row.changes["join_applications_withdrawn"] == [application.pk]
    assert row.org_path == tree.province.path


def test_closing_twice_is_refused(make_worker):
    worker = make_worker(PHONE)
    consent_svc.worker_account_close(worker=worker, confirmed=True)
    with pytest.raises(ApplicationError) as info:
        consent_svc.worker_account_close(worker=worker, confirmed=True)
    assert info.value.message == consent_svc.ACCOUNT_ALREADY_CLOSED


def test_the_check_on_every_page_view_is_one_query(make_worker, django_assert_num_queries):
    worker = make_worker(PHONE)
    with django_assert_num_queries(1):
        assert consent_outstanding(worker) == []


def test_sections_of_a_text_read_as_headings(db):
    privacy = legal_documents_current()[1]
    blocks = privacy.blocks()
    assert (True, "一、我们收集哪些信息、为什么收集") in blocks
    assert (False, "一、我们收集哪些信息、为什么收集") not in blocks
    assert all(text for _, text in blocks)
