"""A key rotation on real rows: during it, version-1 rows are read and found and a second
membership is refused; `reencrypt_pii` then brings every ciphertext, hash and hash copy to the
current version (resumable, idempotent), after which the old key can go."""

import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models

from gonghui.assistance.codes import AidForm
from gonghui.assistance.services import campaigns as campaign_services
from gonghui.core import crypto, pii
from gonghui.core.errors import Conflict
from gonghui.core.tests.test_key_rotation import KEY_1, KEY_2, only_v2, rotated
from gonghui.members.models import Member
from gonghui.members.selectors import holding_member_by_id_number, member_list
from gonghui.members.services import member_create
from gonghui.portal.models import Worker
from gonghui.portal.services.accounts.login import worker_login_by_code
from gonghui.portal.services.accounts.sms_codes import sms_code_send
from gonghui.portal.sms import TestBackend

ID_A = "620102195503070016"
ID_B = "620102198001010017"
PHONE_A = "13911110001"


def reencrypt(*args) -> str:
    out = StringIO()
    call_command("reencrypt_pii", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def v1_rows(tree, staff, make_member, make_worker, campaign):
    """Rows written under today's single key (version 1): two members, a worker, a payment."""
    a = make_member(tree.base_a, id_number=ID_A, phone=PHONE_A, name="王一")
    b = make_member(tree.base_c, id_number=ID_B, name="李二")
    worker = make_worker("13900000009", name="王一", id_number=ID_A, member=a)
    payment = campaign_services.campaign_pay(
        actor=staff.county_admin,
        campaign=campaign,
        member=a,
        form=AidForm.CASH,
        amount=Decimal("100"),
        paid_on=date(2026, 1, 20),
    )
    return a, b, worker, payment


def test_during_a_rotation_version_1_rows_are_read_found_and_not_registered_twice(
    v1_rows, tree, staff, make_member
):
    a, *_ = v1_rows
    assert crypto.hash_version(a.id_number_hash) == 1
    with rotated():
        a = Member.objects.get(pk=a.pk)
        assert a.id_number == ID_A and a.phone == PHONE_A
        assert holding_member_by_id_number(ID_A) == a
        assert list(member_list(user=staff.sysadmin, q=ID_A)) == [a]
        assert list(member_list(user=staff.sysadmin, q=PHONE_A)) == [a]
        # The same person again, now hashed under version 2: refused, not a second membership.
        with pytest.raises(Conflict):
            member_create(
                actor=staff.sysadmin,
                org=tree.base_b,
                name="王一",
                id_number=ID_A,
                phone="13900000002",
                category=a.category,
            )
        assert Member.objects.count() == 2
        # A new person is written under version 2 and found by the same look-up.
        c = make_member(tree.base_b, id_number="620102199001010011", name="赵三")
        assert c.id_number_enc[:1] == b"\x02" and c.id_number_hash.endswith("$2")
        assert holding_member_by_id_number("620102199001010011") == c


def test_a_code_sent_before_the_switch_logs_in_to_the_same_account(
    v1_rows, django_capture_on_commit_callbacks
):
    *_, worker, _ = v1_rows
    TestBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sms_code_send(phone="13900000009", purpose="login")  # under version 1
    code = re.search(r"验证码是(\d{6})", TestBackend.outbox[-1].message).group(1)
    with rotated():
        found, created = worker_login_by_code(phone="13900000009", code=code, agreed=True)
    assert (found.pk, created) == (worker.pk, False)
    assert Worker.objects.count() == 1


def _versions() -> set[int]:
    """Every version found in the registered columns (ciphertexts, hashes, hash copies)."""
    found = set()
    plan = pii.plan()
    for model in plan.encrypted:
        for row in model.objects.all():
            for enc, hashed in model.pii_encrypted.items():
                if getattr(row, enc):
                    found.add(crypto.ciphertext_version(getattr(row, enc)))
                if hashed and getattr(row, hashed):
                    found.add(crypto.hash_version(getattr(row, hashed)))
    for model, name, prefix in plan.copies:
        for value in model.objects.values_list(name, flat=True):
            if value.startswith(prefix):
                found.add(crypto.hash_version(value[len(prefix) :]))
    return found


def test_reencrypt_brings_everything_to_the_current_version(v1_rows, staff):
    a, b, worker, payment = v1_rows
    assert _versions() == {1}
    with rotated():
        with pytest.raises(CommandError, match="仍有旧版本"):
            reencrypt("--check")
        out = reencrypt("--batch", "1")
        assert "members.Member：已检查 2 行，改写 2 行" in out
        assert "哈希副本" in out  # the payment's person_hash followed its member
        assert "全部数据均为版本 2" in out
        assert ID_A not in out and PHONE_A not in out  # no plaintext in the progress
        assert _versions() == {2}
        # Idempotent: a second run rewrites nothing.
        assert "改写 0 行" in reencrypt() and "改写 1 行" not in reencrypt()
    with only_v2():  # the old key removed
        reencrypt("--check")
        a = Member.objects.get(pk=a.pk)
        assert (a.id_number, a.phone) == (ID_A, PHONE_A)
        assert Member.objects.get(pk=b.pk).id_number == ID_B
        worker = Worker.objects.get(pk=worker.pk)
        assert worker.phone == "13900000009"
        assert holding_member_by_id_number(ID_A) == a
        payment.refresh_from_db()
        assert payment.person_hash == a.id_number_hash
        assert [p.pk for p in campaign_services_list(staff, payment)] == [payment.pk]


def campaign_services_list(staff, payment):
    from gonghui.assistance.selectors.campaigns import payment_list

    return payment_list(user=staff.sysadmin, campaign=payment.campaign, q=ID_A)


def test_reencrypt_is_resumable(v1_rows, monkeypatch):
    real = pii._rewrite
    calls = {"n": 0}

    def dies_on_the_third_row(row, pairs, renamed):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the operator's Ctrl-C, or a killed process
        return real(row, pairs, renamed)

    with rotated():
        monkeypatch.setattr(pii, "_rewrite", dies_on_the_third_row)
        with pytest.raises(KeyboardInterrupt):
            reencrypt("--batch", "1")
        assert _versions() == {1, 2}  # two rows done, committed; the third rolled back
        monkeypatch.setattr(pii, "_rewrite", real)
        out = reencrypt("--batch", "1")
        assert "全部数据均为版本 2" in out
        assert _versions() == {2}
    with only_v2():
        assert {m.id_number for m in Member.objects.all()} == {ID_A, ID_B}


def test_every_encrypted_column_and_hash_is_declared():
    """A new `*_enc` or `*_hash` column must say how a rotation treats it (gonghui.core.pii)."""
    undeclared = []
    not_under_pii_key = {"accounts.ApiToken.key_hash"}  # SHA-256 of a token, no data key
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("gonghui."):
            continue
        encrypted = getattr(model, "pii_encrypted", {})
        declared = {
            *encrypted,
            *encrypted.values(),
            *getattr(model, "pii_hash_copies", {}),
            *getattr(model, "pii_transient_hashes", ()),
        }
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            suspicious = (
                isinstance(field, models.BinaryField) and field.name.endswith("_enc")
            ) or (isinstance(field, models.CharField) and field.name.endswith("_hash"))
            if suspicious and field.name not in declared and label not in not_under_pii_key:
                undeclared.append(label)
    assert undeclared == []


def test_keys_in_the_test_settings_are_the_ones_rotated_here(settings):
    assert settings.PII_KEY == KEY_1 and KEY_2 != KEY_1
