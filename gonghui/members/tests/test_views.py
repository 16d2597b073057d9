from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.core.masking import mask_id_number
from gonghui.members.idnumber import ID_CHECKSUM
from gonghui.members.models import Member, Transfer, TransferStatus
from gonghui.members.selectors import MEMBER_NOT_FOUND
from gonghui.members.services import REASON_REQUIRED, TRANSFER_OWN_REQUEST, transfer_request
from gonghui.members.services.common import DATE_IN_FUTURE, WRONG_STATUS
from gonghui.orgs.pickers.fields import PICK_MANY_FOUND
from gonghui.orgs.tests.picking import picker_offers

pytestmark = pytest.mark.django_db

FULL_ID = VALID_IDS[1]
MASKED_ID = mask_id_number(FULL_ID)


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, name="王小红", id_number=VALID_IDS[1], phone="13987654321")


def html(response) -> str:
    return response.content.decode()


# List


def test_list_shows_masked_values_only(client, staff, member):
    client.force_login(staff.county_admin_pii)
    response = client.get(reverse("members:list"))
    assert response.status_code == 200
    page = html(response)
    assert "王小红" in page
    assert MASKED_ID in page
    assert "139****4321" in page
    assert VALID_IDS[1] not in page
    assert "13987654321" not in page


def test_list_finds_by_exact_id_number_and_by_partial_name(
    client, staff, member, make_member, tree
):
    make_member(tree.base_b, name="李大山")
    client.force_login(staff.county_admin)
    page = html(client.get(reverse("members:list"), {"q": VALID_IDS[1]}))
    assert "王小红" in page and "李大山" not in page
    page = html(client.get(reverse("members:list"), {"q": "大山"}))
    assert "李大山" in page and "王小红" not in page


def test_list_filters_by_category_status_and_org(client, staff, member, make_member, tree):
    make_member(tree.base_b, name="快递小哥", category="nf_courier")
    client.force_login(staff.county_admin)
    url = reverse("members:list")
    page = html(client.get(url, {"category": "new_forms"}))
    assert "快递小哥" in page and "王小红" not in page
    page = html(client.get(url, {"status": "left"}))
    assert "快递小哥" not in page and "王小红" not in page
    page = html(client.get(url, {"org": tree.base_a.pk}))
    assert "王小红" in page and "快递小哥" not in page
    assert "兰州甲公司工会（含下级）" in page


def test_list_filter_by_org_outside_scope_is_not_found(client, staff, tree):
    client.force_login(staff.county_admin)
    response = client.get(reverse("members:list"), {"org": tree.base_c.pk})
    assert response.status_code == 404


def test_list_only_shows_own_subtree(client, staff, member, make_member, tree):
    make_member(tree.base_c, name="七里河会员")
    client.force_login(staff.county_admin)
    page = html(client.get(reverse("members:list")))
    assert "王小红" in page and "七里河会员" not in page


def test_list_query_count_does_not_grow_with_rows(
    client, staff, make_member, tree, django_assert_max_num_queries
):
    client.force_login(staff.county_admin)
    url = reverse("members:list")
    make_member(tree.base_a)
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url).status_code == 200
    for _ in range(12):
        make_member(tree.base_b)
    with django_assert_max_num_queries(len(one_row)):
        page = html(client.get(url))
    assert page.count("兰州乙公司工会") >= 12


def test_list_paginates(client, staff, make_member, tree, settings):
    settings.MEMBERS_PAGE_SIZE = 2
    for _ in range(3):
        make_member(tree.base_a)
    client.force_login(staff.county_admin)
    page = html(client.get(reverse("members:list")))
    assert "第 1 / 2 页" in page
    page = html(client.get(reverse("members:list"), {"page": 2}))
    assert "第 2 / 2 页" in page


# Detail and unmasking


def test_detail_shows_masked_values_and_history(client, staff, member):
    client.force_login(staff.county_admin)
    response = client.get(reverse("members:detail", args=[member.pk]))
    assert response.status_code == 200
    page = html(response)
    assert MASKED_ID in page and "139****4321" in page
    assert VALID_IDS[1] not in page and "13987654321" not in page
    assert "入会" in page and "兰州甲公司工会" in page
    assert "显示完整信息" not in page  # no PII permission, no button


def test_detail_offers_unmask_to_pii_holder(client, staff, member):
    client.force_login(staff.county_admin_pii)
    page = html(client.get(reverse("members:detail", args=[member.pk])))
    assert "显示完整信息" in page
    assert VALID_IDS[1] not in page


def test_unmask_shows_full_values_and_is_audited(client, staff, member):
    client.force_login(staff.county_admin_pii)
    response = client.post(reverse("members:unmask", args=[member.pk]))
    assert response.status_code == 200
    page = html(response)
    assert VALID_IDS[1] in page and "13987654321" in page
    row = AuditLog.objects.get(action="member.unmask")
    assert row.actor == staff.county_admin_pii
    assert row.object_id == str(member.pk)
    assert row.result == "success"
    assert "no-cache" in response["Cache-Control"]


def test_unmask_with_htmx_returns_the_fragment(client, staff, member):
    client.force_login(staff.county_admin_pii)
    response = client.post(reverse("members:unmask", args=[member.pk]), HTTP_HX_REQUEST="true")
    page = html(response)
    assert VALID_IDS[1] in page and "<html" not in page


def test_unmask_without_pii_permission_is_forbidden(client, staff, member):
    client.force_login(staff.county_admin)
    response = client.post(reverse("members:unmask", args=[member.pk]))
    assert response.status_code == 403
    assert VALID_IDS[1] not in html(response)
    assert "无权访问" in html(response)
    assert AuditLog.objects.filter(action="access.denied", result="denied").exists()
    assert not AuditLog.objects.filter(action="member.unmask", result="success").exists()


def test_unmask_needs_post(client, staff, member):
    client.force_login(staff.county_admin_pii)
    assert client.get(reverse("members:unmask", args=[member.pk])).status_code == 405


def test_sibling_county_member_is_not_found_and_audited(client, staff, make_member, tree):
    other = make_member(tree.base_c, name="七里河会员")
    client.force_login(staff.county_admin)
    for name in ("members:detail", "members:edit", "members:member_transfer"):
        response = client.get(reverse(name, args=[other.pk]))
        assert response.status_code == 404
        assert MEMBER_NOT_FOUND in html(response)
        assert "七里河会员" not in html(response)
    denied = AuditLog.objects.filter(action="access.denied", object_id=str(other.pk))
    assert denied.count() == 3
    assert {row.result for row in denied} == {"denied"}
    assert {row.actor_username for row in denied} == {"cg_admin"}


def test_missing_member_is_not_found(client, staff):
    client.force_login(staff.county_admin)
    assert client.get(reverse("members:detail", args=[999999])).status_code == 404


def test_anonymous_is_sent_to_login(client, member):
    response = client.get(reverse("members:detail", args=[member.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_auditor_cannot_open_the_create_form(client, staff):
    client.force_login(staff.county_auditor)
    assert client.get(reverse("members:create")).status_code == 403


# Create and edit


def _create_data(tree, **overrides):
    data = {
        "name": "赵六",
        "id_number": VALID_IDS[3],
        "phone": "13600001111",
        "org": tree.base_a.pk,
        "joined_on": "2021-03-01",
        "category": "employed",
        "member_type": "1",
        "ethnicity": "01",
        "employment_status": "1",
    }
    data.update(overrides)
    return data


def test_create_form_offers_only_member_holding_orgs_in_scope(client, staff, tree):
    client.force_login(staff.county_admin)
    form = client.get(reverse("members:create")).context["form"]
    offered = set(form.fields["org"].queryset)
    assert {tree.base_a, tree.base_b, tree.donggang} <= offered
    assert tree.chengguan not in offered  # a county federation holds no members
    assert tree.base_c not in offered  # another county


def test_create_member(client, staff, tree):
    client.force_login(staff.county_admin)
    response = client.post(reverse("members:create"), _create_data(tree))
    member = Member.objects.get(name="赵六")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:detail", args=[member.pk])
    assert member.org == tree.base_a and member.joined_on == date(2021, 3, 1)
    assert member.id_number == VALID_IDS[3]


def test_create_shows_service_error_on_the_field_and_keeps_input(client, staff, tree):
    client.force_login(staff.county_admin)
    bad_id = VALID_IDS[3][:-1] + ("0" if VALID_IDS[3][-1] != "0" else "1")
    response = client.post(reverse("members:create"), _create_data(tree, id_number=bad_id))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["id_number"] == [ID_CHECKSUM]
    page = html(response)
    assert ID_CHECKSUM in page
    assert 'value="赵六"' in page and f'value="{bad_id}"' in page
    assert 'value="13600001111"' in page
    assert not Member.objects.filter(name="赵六").exists()


def test_create_missing_fields_say_what_to_fill_in(client, staff, tree):
    client.force_login(staff.county_admin)
    response = client.post(reverse("members:create"), _create_data(tree, name="", phone=""))
    form = response.context["form"]
    assert form.errors["name"] == ["请填写姓名。"]
    assert form.errors["phone"] == ["请填写手机号。"]
    assert "请填写姓名。" in html(response)


def test_create_english_browser_still_gets_chinese(client, staff, tree):
    client.force_login(staff.county_admin)
    response = client.post(
        reverse("members:create"), _create_data(tree, name=""), HTTP_ACCEPT_LANGUAGE="en-US,en"
    )
    assert "请填写姓名。" in html(response)


def test_create_duplicate_is_reported_on_the_id_number(client, staff, tree, member):
    client.force_login(staff.county_admin)
    response = client.post(reverse("members:create"), _create_data(tree, id_number=VALID_IDS[1]))
    errors = response.context["form"].errors["id_number"]
    assert "一人只能有一个有效会籍" in errors[0]
    assert VALID_IDS[1] not in errors[0]  # masked: this user may not see it in full


def test_edit_never_puts_the_full_id_into_the_form(client, staff, member):
    client.force_login(staff.county_admin_pii)
    page = html(client.get(reverse("members:edit", args=[member.pk])))
    assert VALID_IDS[1] not in page and "13987654321" not in page
    assert MASKED_ID in page


def test_edit_member(client, staff, member):
    client.force_login(staff.county_admin)
    data = {
        "name": "王小红",
        "id_number": "",
        "phone": "13511112222",
        "category": "migrant",
        "member_type": "1",
        "ethnicity": "03",
        "employment_status": "1",
        "employer": "兰州甲公司",
    }
    response = client.post(reverse("members:edit", args=[member.pk]), data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone == "13511112222" and member.id_number == VALID_IDS[1]
    assert member.category == "migrant" and member.employer == "兰州甲公司"
    assert AuditLog.objects.filter(action="member.update", object_id=str(member.pk)).exists()


def test_edit_invalid_phone_is_shown_on_the_field(client, staff, member):
    client.force_login(staff.county_admin)
    data = {
        "name": "王小红",
        "phone": "12345",
        "category": "employed",
        "member_type": "1",
        "ethnicity": "01",
        "employment_status": "1",
    }
    response = client.post(reverse("members:edit", args=[member.pk]), data)
    assert response.status_code == 200
    assert "手机号应为11位数字" in response.context["form"].errors["phone"][0]
    assert 'value="12345"' in html(response)


# Retain and leave


def test_retain_then_leave(client, staff, member):
    client.force_login(staff.county_admin)
    assert client.get(reverse("members:retain", args=[member.pk])).status_code == 200
    response = client.post(
        reverse("members:retain", args=[member.pk]), {"on": "2024-01-02", "reason": "3"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == "retained" and member.status_changed_on == date(2024, 1, 2)
    response = client.post(
        reverse("members:leave", args=[member.pk]), {"on": "2024-02-01", "reason": "5"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == "left"


def test_leave_in_the_future_is_refused_on_the_date_field(client, staff, member):
    client.force_login(staff.county_admin)
    response = client.post(
        reverse("members:leave", args=[member.pk]), {"on": "2999-01-01", "reason": "5"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["on"] == [DATE_IN_FUTURE.format(label="会籍变化日期")]
    assert 'value="2999-01-01"' in html(response)


def test_expel_needs_a_reason_then_records_it(client, staff, member):
    from gonghui.members.models import MembershipEvent

    client.force_login(staff.county_admin)
    assert "除名" in html(client.get(reverse("members:detail", args=[member.pk])))
    url = reverse("members:expel", args=[member.pk])
    refused = client.post(url, {"on": "2024-02-01", "reason": "6", "note": ""})
    assert refused.status_code == 200
    assert REASON_REQUIRED in html(refused)
    member.refresh_from_db()
    assert member.status == "active"

    done = client.post(url, {"on": "2024-02-01", "reason": "6", "note": "因犯罪被判刑"})
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.status == "expelled"
    event = MembershipEvent.objects.filter(member=member).last()
    assert (event.change_type, event.note) == ("5", "因犯罪被判刑")


def test_retain_a_left_member_shows_the_service_message(client, staff, member):
    client.force_login(staff.county_admin)
    client.post(reverse("members:leave", args=[member.pk]), {"on": "2024-02-01", "reason": "5"})
    response = client.post(
        reverse("members:retain", args=[member.pk]), {"on": "2024-03-01", "reason": "3"}
    )
    assert WRONG_STATUS.format(status="已退会", action="保留") in html(response)


# Transfers


def test_transfer_search_returns_options(client, staff, member, tree):
    client.force_login(staff.county_admin)
    url = reverse("members:member_transfer", args=[member.pk])
    form = html(client.get(url))
    page = picker_offers(client, form, "to_org", "丙公司")
    assert "兰州丙公司工会" in page and "<html" not in page
    assert f'data-value="{tree.base_c.pk}"' in page
    page = picker_offers(client, form, "to_org", "公司")
    assert "兰州丙公司工会" in page and "天水丁公司工会" in page
    assert f'data-value="{tree.base_a.pk}"' not in page  # the member's own union is not offered


def test_transfer_request_through_the_form(client, staff, member, tree):
    client.force_login(staff.county_admin)
    url = reverse("members:member_transfer", args=[member.pk])
    response = client.post(url, {"to_org": tree.base_c.pk, "reason": "1", "note": "调动"})
    assert response.status_code == 302
    transfer = Transfer.objects.get(member=member)
    assert transfer.to_org == tree.base_c and transfer.status == TransferStatus.PENDING
    page = html(client.get(reverse("members:detail", args=[member.pk])))
    assert "转会待审批" in page


def test_transfer_request_without_target_keeps_input(client, staff, member, tree):
    client.force_login(staff.county_admin)
    url = reverse("members:member_transfer", args=[member.pk])
    response = client.post(url, {"reason": "1", "note": "调动工作"})
    assert response.status_code == 200
    assert "请先查找并选择转入工会。" in html(response)
    assert "调动工作" in html(response)
    # Typed but not picked (no script): the matches come back as choices, the input kept.
    response = client.post(url, {"to_org_q": "公司", "reason": "1", "note": "调动工作"})
    assert response.status_code == 200
    assert PICK_MANY_FOUND.format(q="公司") in html(response)
    assert "调动工作" in html(response) and "兰州丙公司工会" in html(response)
    assert f'type="radio" name="to_org" value="{tree.base_c.pk}"' in html(response)
    assert not Transfer.objects.exists()


@pytest.fixture
def pending(staff, member, tree):
    return transfer_request(actor=staff.county_admin, member=member, to_org=tree.base_c)


def test_both_sides_see_the_pending_transfer(client, staff, pending):
    client.force_login(staff.county_admin)
    page = html(client.get(reverse("members:transfers")))
    assert "兰州丙公司工会" in page and "王小红" in page
    assert "待转入方审批" in page and ">撤回</button>" in page and ">同意</button>" not in page
    client.force_login(staff.sibling_admin)
    page = html(client.get(reverse("members:transfers")))
    assert "待转入方审批" in page and ">同意</button>" in page and ">撤回</button>" not in page
    assert "王**" in page and "王小红" not in page  # not yet their member
    client.force_login(staff.tianshui_admin)
    page = html(client.get(reverse("members:transfers")))
    assert "兰州丙公司工会" not in page


def test_transfers_page_query_count_does_not_grow_with_rows(
    client, staff, make_member, tree, django_assert_max_num_queries
):
    def request(member):
        transfer_request(actor=staff.county_admin, member=member, to_org=tree.base_c)

    request(make_member(tree.base_a))
    client.force_login(staff.sibling_admin)
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("members:transfers"))
    for _ in range(8):
        request(make_member(tree.base_b))
    with django_assert_max_num_queries(len(one_row)):
        page = html(client.get(reverse("members:transfers")))
    assert page.count("<td>兰州乙公司工会</td>") == 8


def test_receiving_side_approves(client, staff, pending, member, tree):
    client.force_login(staff.sibling_admin)
    response = client.post(reverse("members:transfer_approve", args=[pending.pk]))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.org == tree.base_c
    pending.refresh_from_db()
    assert pending.status == TransferStatus.APPROVED
    page = html(client.get(reverse("members:detail", args=[member.pk])))
    assert "兰州丙公司工会" in page and "转入" in page


def test_requesting_side_cannot_approve(client, staff, pending, member, tree):
    client.force_login(staff.county_admin)
    response = client.post(reverse("members:transfer_approve", args=[pending.pk]), follow=True)
    assert TRANSFER_OWN_REQUEST.format(org=tree.base_c.name) in html(response)
    member.refresh_from_db()
    assert member.org == tree.base_a


def test_reject_needs_a_reason(client, staff, pending):
    client.force_login(staff.sibling_admin)
    url = reverse("members:transfer_reject", args=[pending.pk])
    response = client.post(url, {"note": ""}, follow=True)
    assert REASON_REQUIRED in html(response)
    pending.refresh_from_db()
    assert pending.status == TransferStatus.PENDING
    client.post(url, {"note": "本单位无此职工"})
    pending.refresh_from_db()
    assert pending.status == TransferStatus.REJECTED
    assert pending.decision_note == "本单位无此职工"


def test_requesting_side_cancels(client, staff, pending):
    client.force_login(staff.county_admin)
    response = client.post(reverse("members:transfer_cancel", args=[pending.pk]))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == TransferStatus.CANCELLED
    page = html(client.get(reverse("members:transfers"), {"status": "cancelled"}))
    assert "已撤回" in page


def test_transfer_of_another_region_is_not_found(client, staff, pending):
    client.force_login(staff.tianshui_admin)
    response = client.post(reverse("members:transfer_approve", args=[pending.pk]))
    assert response.status_code == 404
    assert AuditLog.objects.filter(action="access.denied", result="denied").exists()


def test_decision_redirects_only_to_local_pages(client, staff, pending):
    client.force_login(staff.sibling_admin)
    response = client.post(
        reverse("members:transfer_reject", args=[pending.pk]),
        {"note": "x", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("members:transfers")


# 转入方申请: the receiving union asks for a member of another county


def test_receiving_union_requests_transfer_in_and_the_releasing_side_approves(
    client, staff, member, tree
):
    client.force_login(staff.sibling_admin)  # 七里河区: cannot see the member
    assert client.get(reverse("members:detail", args=[member.pk])).status_code == 404
    response = client.post(
        reverse("members:transfer_in"),
        {"name": "王小红", "id_number": FULL_ID, "to_org": tree.base_c.pk, "reason": "1"},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get(member=member)
    assert (transfer.initiated_by, transfer.to_org, transfer.status) == (
        "in",
        tree.base_c,
        "pending",
    )
    pending = html(client.get(reverse("members:transfers")))
    assert "王**" in pending and "王小红" not in pending  # not theirs yet: name masked

    client.force_login(staff.county_admin)
    client.post(reverse("members:transfer_approve", args=[transfer.pk]))
    member.refresh_from_db()
    assert member.org == tree.base_c


def test_transfer_in_needs_matching_name_and_id_and_writes_nothing(client, staff, member, tree):
    from gonghui.members.selectors import TRANSFER_IN_NOT_FOUND

    client.force_login(staff.sibling_admin)
    response = client.post(
        reverse("members:transfer_in"),
        {"name": "王大红", "id_number": FULL_ID, "to_org": tree.base_c.pk, "reason": "1"},
    )
    assert response.status_code == 200
    assert TRANSFER_IN_NOT_FOUND in html(response)
    assert 'value="王大红"' in html(response)
    assert not Transfer.objects.exists()


def test_transfer_in_target_must_be_in_own_scope(client, staff, member, tree):
    client.force_login(staff.sibling_admin)
    form = html(client.get(reverse("members:transfer_in")))
    offered = picker_offers(client, form, "to_org", "公司")
    assert tree.base_c.name in offered and tree.base_b.name not in offered
    response = client.post(
        reverse("members:transfer_in"),
        {"name": "王小红", "id_number": FULL_ID, "to_org": tree.base_b.pk, "reason": "1"},
    )
    assert response.status_code == 200
    assert not Transfer.objects.exists()
