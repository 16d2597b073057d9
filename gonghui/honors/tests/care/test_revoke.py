"""撤销荣誉 from the honoree page and the API; the allowances stop after it."""

from datetime import date

import pytest

from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD, login
from gonghui.core.errors import ApplicationError
from gonghui.honors.care.services import allowance_batch_generate, allowance_create
from gonghui.honors.care.services.allowances import NO_HONOR_LEFT
from gonghui.honors.models import Allowance, Honor, HonorLevel
from gonghui.honors.rounds.services import honor_revoke
from gonghui.honors.rounds.services.decision import ALREADY_REVOKED, REVOKE_SCOPE

JSON = "application/json"
NO = "甘总工发〔2026〕30号"
PAY = {"kind": "condolence", "period": "2026年春节", "fund_source": "own"}


def _revoke_url(honoree, honor):
    return f"/honors/honorees/{honoree.pk}/honors/{honor.pk}/revoke/"


def test_the_page_revokes_an_honor_after_confirmation(
    staff, tree, types, make_honoree, province_admin
):
    honoree = make_honoree(tree.base_a, types.national, name="张秀兰")
    honor = honoree.honors.get()
    client = login(province_admin)
    page = client.get(f"/honors/honorees/{honoree.pk}/").content.decode()
    assert "撤销荣誉" in page and "data-confirm" in page
    done = client.post(_revoke_url(honoree, honor), {"decision_no": NO, "reason": "弄虚作假"})
    assert done.status_code == 302
    honor.refresh_from_db()
    assert honor.revoked and honor.revoke_decision_no == NO and honor.revoke_reason == "弄虚作假"
    page = client.get(f"/honors/honorees/{honoree.pk}/").content.decode()
    assert "已撤销" in page and NO in page
    assert AuditLog.objects.filter(action="honors.revoke", result="success").count() == 1


def test_the_page_shows_refusals_as_form_errors(staff, tree, types, make_honoree, province_admin):
    honoree = make_honoree(tree.base_a, types.national)
    honor = honoree.honors.get()
    client = login(province_admin)
    bad = client.post(_revoke_url(honoree, honor), {"decision_no": "第1号", "reason": "x"})
    assert bad.status_code == 400
    assert "请填写表彰决定文号" in bad.content.decode()
    client.post(_revoke_url(honoree, honor), {"decision_no": NO, "reason": "弄虚作假"})
    again = client.post(_revoke_url(honoree, honor), {"decision_no": NO, "reason": "再次"})
    assert again.status_code == 400 and ALREADY_REVOKED in again.content.decode()


def test_only_the_conferrers_scope_may_revoke(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.national)
    honor = honoree.honors.get()
    # 兰州 sees the honoree, but the honor was conferred by the province.
    client = login(staff.city_admin)
    assert "撤销荣誉" in client.get(f"/honors/honorees/{honoree.pk}/").content.decode()
    refused = client.post(_revoke_url(honoree, honor), {"decision_no": NO, "reason": "x"})
    assert refused.status_code == 400
    assert REVOKE_SCOPE.format(org=tree.province.name) in refused.content.decode()
    # Staff without the rounds' manage permission: forbidden, and no action shown.
    assert (
        "撤销荣誉"
        not in login(staff.county_staff).get(f"/honors/honorees/{honoree.pk}/").content.decode()
    )
    assert (
        login(staff.county_staff)
        .post(_revoke_url(honoree, honor), {"decision_no": NO, "reason": "x"})
        .status_code
        == 403
    )
    # Outside the user's subtree: as missing.
    outside = login(staff.tianshui_admin).post(
        _revoke_url(honoree, honor), {"decision_no": NO, "reason": "x"}
    )
    assert outside.status_code == 404
    # Another honoree's honor under this honoree's address: as missing.
    other = make_honoree(tree.base_a, types.medal)
    crossed = login(staff.sysadmin).post(
        _revoke_url(other, honor), {"decision_no": NO, "reason": "x"}
    )
    assert crossed.status_code == 404
    honor.refresh_from_db()
    assert not honor.revoked


def _token(client, user):
    return client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type=JSON,
    ).json()["token"]


def test_api_revokes_once_within_scope(client, staff, tree, types, make_honoree, province_admin):
    honoree = make_honoree(tree.base_a, types.national)
    honor = honoree.honors.get()
    url = f"/api/v1/honors/honors/{honor.pk}/revoke"
    body = {"decision_no": NO, "reason": "弄虚作假"}
    city = _token(client, staff.city_admin)
    refused = client.post(url, body, content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {city}")
    assert refused.status_code == 400
    assert refused.json()["message"] == REVOKE_SCOPE.format(org=tree.province.name)
    outside = _token(client, staff.tianshui_admin)
    missing = client.post(url, body, content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {outside}")
    assert missing.status_code == 404
    token = _token(client, province_admin)
    done = client.post(url, body, content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert done.status_code == 200 and done.json()["revoked"] is True
    again = client.post(url, body, content_type=JSON, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert again.status_code == 400 and again.json()["message"] == ALREADY_REVOKED
    assert Honor.objects.get().revoke_decision_no == NO


def test_no_allowance_after_the_last_honor_is_revoked(
    staff, tree, types, make_honoree, province_admin, paid_on
):
    honoree = make_honoree(tree.base_a, types.national)
    honor_revoke(actor=province_admin, honor=honoree.honors.get(), decision_no=NO, reason="x")
    with pytest.raises(ApplicationError) as err:
        allowance_create(
            actor=staff.city_admin, honoree=honoree, amount="500", paid_on=paid_on, **PAY
        )
    assert err.value.message == NO_HONOR_LEFT.format(name=honoree.name)
    assert not Allowance.objects.exists()


def test_an_honoree_keeping_another_honor_is_still_paid(
    staff, tree, types, make_honoree, province_admin, paid_on
):
    honoree = make_honoree(tree.base_a, types.national)
    kept = make_honoree(tree.base_a, types.medal, id_number=honoree.id_number)
    assert kept == honoree and honoree.honors.count() == 2
    first = honoree.honors.get(honor_type=types.national)
    honor_revoke(actor=province_admin, honor=first, decision_no=NO, reason="x")
    allowance_create(actor=staff.city_admin, honoree=honoree, amount="500", paid_on=paid_on, **PAY)
    assert Allowance.objects.filter(honoree=honoree).count() == 1


def test_the_batch_skips_a_revoked_honoree(staff, tree, types, make_honoree, province_admin):
    paid = make_honoree(tree.base_a, types.national)
    revoked = make_honoree(tree.base_a, types.national)
    honor_revoke(actor=province_admin, honor=revoked.honors.get(), decision_no=NO, reason="x")
    _, added = allowance_batch_generate(
        actor=staff.city_admin,
        key="2026-spring",
        title="2026年春节慰问金",
        org=tree.lanzhou,
        amount="3000",
        paid_on=date(2026, 1, 20),
        level=HonorLevel.NATIONAL,
        **PAY,
    )
    assert added == 1
    assert list(Allowance.objects.values_list("honoree_id", flat=True)) == [paid.pk]


def test_each_honor_rows_revoke_form_has_its_own_ids(
    staff, tree, types, make_honoree, province_admin
):
    import re
    from collections import Counter

    honoree = make_honoree(tree.base_a, types.national, name="张秀兰")
    make_honoree(tree.base_a, types.medal, id_number=honoree.id_number)
    first, second = honoree.honors.order_by("pk")
    client = login(province_admin)
    page = client.get(f"/honors/honorees/{honoree.pk}/").content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    for honor in (first, second):
        assert f'id="id_revoke{honor.pk}_decision_no"' in page
        assert f'<label for="id_revoke{honor.pk}_reason">' in page
    # A refused form comes back with its errors in its own row only, ids still unique.
    bad = client.post(_revoke_url(honoree, second), {"decision_no": "第1号", "reason": "x"})
    page = bad.content.decode()
    assert bad.status_code == 400
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    assert f'id="id_revoke{second.pk}_decision_no"' in page and 'value="第1号"' in page
