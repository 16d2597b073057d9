"""The e-card's signed token, the verification page, and the union QR images."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.staticfiles import finders
from django.core import signing

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.members.services import member_leave
from gonghui.portal import ecard
from gonghui.portal.ecard import TokenState, card_token, read_card_token

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, id_number=VALID_IDS[1], name="李四")


@pytest.fixture
def worker(make_worker, member):
    return make_worker("13900000001", name="李四", id_number=VALID_IDS[1], member=member)


def _token_from(page: str) -> str:
    url = re.search(r'data-verify-url="([^"]+)"', page).group(1)
    assert urlparse(url).path == "/portal-admin/verify/"
    return parse_qs(urlparse(url).query)["t"][0]


def _later(seconds: int):
    """Move the clock the signer reads forward (TimestampSigner uses time.time)."""
    import time

    now = time.time()
    return mock.patch("django.core.signing.time.time", return_value=now + seconds)


# --- token ----------------------------------------------------------------------------------------


def test_token_round_trip(member):
    check = read_card_token(card_token(member))
    assert check.state == TokenState.VALID
    assert (check.member_id, check.card_number) == (member.pk, member.card_number)


def test_token_expires_after_five_minutes(member):
    token = card_token(member)
    with _later(ecard.TOKEN_MAX_AGE - 5):
        assert read_card_token(token).state == TokenState.VALID
    with _later(ecard.TOKEN_MAX_AGE + 1):
        assert read_card_token(token).state == TokenState.EXPIRED


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: "x" + t,
        lambda t: "",
        lambda t: "not-a-token",
        # A token signed for something else (another salt) is refused too.
        lambda t: signing.TimestampSigner(salt="other").sign_object({"m": 1, "c": "x"}),
    ],
)
def test_tampered_tokens_are_refused(member, tamper):
    assert read_card_token(tamper(card_token(member))).state == TokenState.TAMPERED


def test_changing_the_member_id_inside_the_token_breaks_the_signature(member):
    token = card_token(member)
    rest = token.split(":", 1)[1]
    forged = signing.b64_encode(b'{"m":999,"c":"x"}').decode() + ":" + rest
    assert forged != token
    assert read_card_token(forged).state == TokenState.TAMPERED


# --- card page ------------------------------------------------------------------------------------


def test_card_page_shows_name_union_number_and_a_verifiable_qr(worker, member, worker_client):
    response = worker_client(worker).get("/m/card/")
    page = response.content.decode()
    assert "李四" in page and "兰州甲公司工会" in page and member.card_number in page
    assert "<svg" in page
    assert read_card_token(_token_from(page)).member_id == member.pk
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_card_qr_refresh_gives_a_new_token(worker, worker_client):
    client = worker_client(worker)
    first = _token_from(client.get("/m/card/").content.decode())
    with _later(60):
        second = _token_from(client.get("/m/card/qr/").content.decode())
    assert first != second
    assert read_card_token(second).state == TokenState.VALID


def test_no_card_without_membership(make_worker, worker_client):
    worker = make_worker("13900000002", name="赵六", id_number=VALID_IDS[4])
    page = worker_client(worker).get("/m/card/").content.decode()
    assert "还没有电子会员卡" in page and "data-verify-url" not in page
    assert worker_client(worker).get("/m/card/qr/").status_code == 404


def test_base_url_setting_is_used_for_the_qr(settings, worker, worker_client):
    settings.GONGHUI_PORTAL_BASE_URL = "https://ghf.example.cn/"
    page = worker_client(worker).get("/m/card/").content.decode()
    assert 'data-verify-url="https://ghf.example.cn/portal-admin/verify/?t=' in page


# --- verification page ----------------------------------------------------------------------------


def test_any_unions_staff_may_verify_seeing_masked_data_and_it_is_audited(
    client, staff, worker, member, worker_client
):
    token = _token_from(worker_client(worker).get("/m/card/").content.decode())
    client.force_login(staff.tianshui_admin)  # another city's union
    page = client.get("/portal-admin/verify/", {"t": token}).content.decode()
    assert 'data-state="valid"' in page
    assert "李*" in page and "李四" not in page
    assert member.card_number in page and "兰州甲公司工会" in page and "在会" in page
    log = AuditLog.objects.get(action="ecard.verify")
    assert log.actor == staff.tianshui_admin and log.changes["result"] == "valid"


def test_verify_expired_tampered_and_former_member(client, staff, worker, member, worker_client):
    token = _token_from(worker_client(worker).get("/m/card/").content.decode())
    client.force_login(staff.county_staff)
    with _later(ecard.TOKEN_MAX_AGE + 30):
        page = client.get("/portal-admin/verify/", {"t": token}).content.decode()
    assert 'data-state="expired"' in page and "已过期" in page
    page = client.get(
        "/portal-admin/verify/", {"t": token[:-1] + ("0" if token[-1] != "0" else "1")}
    ).content.decode()
    assert 'data-state="tampered"' in page
    member_leave(actor=staff.sysadmin, member=member)
    page = client.get("/portal-admin/verify/", {"t": token}).content.decode()
    assert 'data-state="not_member"' in page and "已退会" in page
    results = list(
        AuditLog.objects.filter(action="ecard.verify").values_list("changes__result", flat=True)
    )
    assert sorted(results) == ["expired", "not_member", "tampered"]


def test_verify_needs_a_staff_login_with_member_view(client, staff, member):
    token = card_token(member)
    response = client.get("/portal-admin/verify/", {"t": token})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not AuditLog.objects.filter(action="ecard.verify").exists()


# --- union join QR codes --------------------------------------------------------------------------


def test_qr_svg_parses_and_png_has_magic_bytes(client, staff, tree):
    client.force_login(staff.county_admin)
    response = client.get(f"/portal-admin/join-qr/{tree.base_a.pk}.svg")
    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert int(root.get("width")) > 100
    response = client.get(f"/portal-admin/join-qr/{tree.base_a.pk}.png")
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_MAGIC)
    assert "attachment" in response["Content-Disposition"]


def test_qr_encodes_the_unions_join_url(client, staff, tree, settings):
    """Decoding is not needed: segno encodes the same text to the same matrix."""
    import segno

    settings.GONGHUI_PORTAL_BASE_URL = "https://ghf.example.cn"
    client.force_login(staff.county_admin)
    response = client.get(f"/portal-admin/join-qr/{tree.base_a.pk}.png")
    expected = io.BytesIO()
    segno.make(f"https://ghf.example.cn/m/join/{tree.base_a.pk}/", error="m").save(
        expected, kind="png", scale=10, border=4
    )
    assert response.content == expected.getvalue()


def test_poster_names_the_union_and_the_call_to_action(client, staff, tree):
    client.force_login(staff.county_admin)
    page = client.get(f"/portal-admin/join-qr/{tree.base_a.pk}/poster/").content.decode()
    assert "兰州甲公司工会" in page and "扫码申请入会" in page
    assert f"/m/join/{tree.base_a.pk}/" in page
    # The A4 print layout, in a stylesheet of its own (the CSP refuses <style> elements).
    assert "portal/poster.css" in page
    assert "@media print" in Path(finders.find("portal/poster.css")).read_text()


def test_qr_pages_outside_the_subtree_are_404_and_audited(client, staff, tree):
    client.force_login(staff.sibling_admin)
    for url in [
        f"/portal-admin/join-qr/{tree.base_a.pk}.svg",
        f"/portal-admin/join-qr/{tree.base_a.pk}.png",
        f"/portal-admin/join-qr/{tree.base_a.pk}/poster/",
    ]:
        assert client.get(url).status_code == 404
    assert AuditLog.objects.filter(action="access.denied", actor=staff.sibling_admin).count() == 3
    page = client.get("/portal-admin/join-qr/").content.decode()
    assert "兰州丙公司工会" in page and "兰州甲公司工会" not in page


def test_qr_list_search(client, staff, tree):
    client.force_login(staff.county_admin)
    page = client.get("/portal-admin/join-qr/", {"q": "乙公司"}).content.decode()
    assert "兰州乙公司工会" in page and "兰州甲公司工会" not in page


def test_token_time_in_the_test_helper_moves(member):
    """Guard for `_later`: the signer must read the patched clock, or the expiry tests lie."""
    token = card_token(member)
    with _later(10_000):
        assert read_card_token(token).state == TokenState.EXPIRED
    assert timedelta(seconds=ecard.TOKEN_MAX_AGE) == timedelta(minutes=5)


def test_org_detail_links_to_the_poster(client, staff, tree):
    client.force_login(staff.county_admin)
    page = client.get(f"/orgs/{tree.base_a.pk}/").content.decode()
    assert f"/portal-admin/join-qr/{tree.base_a.pk}/poster/" in page
    page = client.get(f"/orgs/{tree.chengguan.pk}/").content.decode()
    assert "/poster/" not in page  # a county union takes no members directly
