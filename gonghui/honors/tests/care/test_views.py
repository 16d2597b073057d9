from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD, login
from gonghui.honors.care.services import allowance_create
from gonghui.honors.models import Allowance, AllowanceBatch

JSON = "application/json"


def test_list_is_scoped_searchable_and_filtered(staff, tree, types, make_honoree):
    make_honoree(tree.base_a, types.national, name="张秀兰", year=2020)
    make_honoree(tree.base_c, types.medal, name="李建国", year=2017)
    make_honoree(tree.base_d, types.national, name="天水劳模")
    client = login(staff.city_admin)
    page = client.get("/honors/honorees/").content.decode()
    assert "张秀兰" in page and "李建国" in page and "天水劳模" not in page
    page = client.get("/honors/honorees/", {"q": "秀兰"}).content.decode()
    assert "张秀兰" in page and "李建国" not in page
    page = client.get("/honors/honorees/", {"level": "national"}).content.decode()
    assert "张秀兰" in page and "李建国" not in page
    page = client.get("/honors/honorees/", {"year": 2017}).content.decode()
    assert "张秀兰" not in page and "李建国" in page
    page = client.get("/honors/honorees/", {"honor_type": types.medal.pk}).content.decode()
    assert "张秀兰" not in page and "李建国" in page
    page = login(staff.county_admin).get("/honors/honorees/").content.decode()
    assert "张秀兰" in page and "李建国" not in page


def test_detail_masks_and_answers_out_of_scope_as_missing(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.national, name="张秀兰")
    page = login(staff.county_admin).get(f"/honors/honorees/{honoree.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert honoree.id_number_masked in text and honoree.id_number not in text
    assert "显示完整信息" not in text
    assert (
        "显示完整信息"
        in login(staff.county_admin_pii).get(f"/honors/honorees/{honoree.pk}/").content.decode()
    )
    outside = login(staff.tianshui_admin).get(f"/honors/honorees/{honoree.pk}/")
    missing = login(staff.tianshui_admin).get("/honors/honorees/999999/")
    assert outside.status_code == missing.status_code == 404
    assert AuditLog.objects.filter(action="access.denied", actor=staff.tianshui_admin).exists()


def test_unmask_view(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.national)
    refused = login(staff.county_admin).post(f"/honors/honorees/{honoree.pk}/unmask/")
    assert refused.status_code == 403
    shown = login(staff.county_admin_pii).post(f"/honors/honorees/{honoree.pk}/unmask/")
    assert honoree.id_number in shown.content.decode()
    assert AuditLog.objects.filter(action="honoree.unmask", result="success").count() == 1


def test_death_form_shows_the_refusal(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.national)
    client = login(staff.county_admin)
    bad = client.post(f"/honors/honorees/{honoree.pk}/death/", {"died_on": "2999-01-01"})
    assert bad.status_code == 400
    assert "去世日期不能晚于今天" in bad.content.decode()
    done = client.post(f"/honors/honorees/{honoree.pk}/death/", {"died_on": "2025-02-01"})
    assert done.status_code == 302
    honoree.refresh_from_db()
    assert not honoree.alive and honoree.died_on == date(2025, 2, 1)


def test_staff_without_allowance_permission_cannot_pay(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.national)
    data = {
        "kind": "condolence",
        "period": "2026年春节",
        "amount": "3000",
        "fund_source": "own",
        "paid_on": "2026-01-20",
    }
    assert (
        login(staff.county_staff)
        .post(f"/honors/honorees/{honoree.pk}/allowances/", data)
        .status_code
        == 403
    )
    assert (
        login(staff.county_admin)
        .post(f"/honors/honorees/{honoree.pk}/allowances/", data)
        .status_code
        == 302
    )
    assert Allowance.objects.count() == 1


def test_batch_preview_then_confirm(staff, tree, types, make_honoree):
    for _ in range(3):
        make_honoree(tree.base_a, types.national)
    make_honoree(tree.base_a, types.medal)
    client = login(staff.city_admin)
    data = {
        "key": "2026-spring-lz",
        "title": "2026年春节慰问金",
        "org": tree.lanzhou.pk,
        "level": "national",
        "kind": "condolence",
        "period": "2026年春节",
        "amount": "3000",
        "fund_source": "own",
        "paid_on": "2026-01-20",
    }
    preview = client.post("/honors/honorees/batch/", data)
    text = preview.content.decode()
    assert "将向 3 名健在劳模发放" in text and "合计 9000.00 元" in text
    assert not AllowanceBatch.objects.exists()
    done = client.post("/honors/honorees/batch/", {**data, "confirm": "1"})
    assert done.status_code == 302
    assert Allowance.objects.count() == 3
    again = client.post("/honors/honorees/batch/", data).content.decode()
    assert "将向 0 名健在劳模发放" in again and "此前已发放 3 人" in again


def test_batch_needs_the_allowance_permission(staff, tree):
    assert login(staff.county_staff).get("/honors/honorees/batch/").status_code == 403


def test_ledger_export_is_masked_and_audited(staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.national)
    other = make_honoree(tree.base_d, types.national)
    for h in (honoree, other):
        allowance_create(
            actor=staff.sysadmin,
            honoree=h,
            kind="sanjin",
            period="2025年",
            amount="7000",
            fund_source="higher",
            paid_on=date(2025, 12, 1),
        )
    response = login(staff.city_admin).get("/honors/honorees/allowances/export/")
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(rows) == 2
    assert rows[1][0] == honoree.name
    assert rows[1][1] == honoree.id_number_masked
    assert AuditLog.objects.filter(action="honoree.export").exists()
    page = login(staff.city_admin).get("/honors/honorees/allowances/").content.decode()
    assert "共 1 笔，合计 7000.00 元" in page


def test_api_lists_the_subtree_masked(client, staff, tree, types, make_honoree):
    honoree = make_honoree(tree.base_a, types.national, name="张秀兰")
    make_honoree(tree.base_d, types.national, name="天水劳模")
    token = client.post(
        "/api/v1/auth/token",
        {"username": staff.city_admin.username, "password": PASSWORD},
        content_type=JSON,
    ).json()["token"]
    body = client.get(
        "/api/v1/honors/honorees", {"q": "劳模"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()
    assert body["count"] == 0
    body = client.get("/api/v1/honors/honorees", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["name"] == "张秀兰" and item["id_number"] == honoree.id_number_masked
    assert item["honors"][0]["level"] == "national"


def test_a_hardship_honoree_who_is_a_member_links_to_the_archive_application(
    staff, tree, types, make_honoree, make_member
):
    from django.urls import reverse

    from gonghui.honors.care.services import honoree_set_hardship

    member = make_member(tree.base_a, name="马建国")
    honoree = make_honoree(tree.base_a, types.province, id_number=member.id_number)
    assert honoree.member_id == member.pk
    client = login(staff.county_admin)
    apply_url = reverse("assistance:archive_apply_member", args=[member.pk])
    assert apply_url not in client.get(f"/honors/honorees/{honoree.pk}/").content.decode()
    honoree_set_hardship(actor=staff.county_admin, honoree=honoree, hardship=True)
    assert apply_url in client.get(f"/honors/honorees/{honoree.pk}/").content.decode()
    page = client.get(apply_url).content.decode()
    assert member.id_number_masked in page and member.id_number not in page
    assert "申请人身份证号" not in page
    assert login(staff.tianshui_admin).get(apply_url).status_code == 404
