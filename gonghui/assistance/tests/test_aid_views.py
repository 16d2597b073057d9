from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.assistance.codes import ArchiveStatus, FundSource, Measure
from gonghui.assistance.models import (
    AidCap,
    AidException,
    AidRecord,
    ExceptionStatus,
    HelpMeasure,
    MeasureStatus,
)
from gonghui.assistance.services.aid import (
    aid_cap_set,
    aid_exception_request,
    measure_add,
    measure_note_add,
)
from gonghui.assistance.services.aid.common import (
    GOODS_REQUIRED,
    MEASURE_DROP_REASON,
    OPINION_REQUIRED,
)
from gonghui.assistance.tests.conftest import pay, today
from gonghui.assistance.views.aid import AID_MEASURE_ADD_DONE
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.conftest import login
from gonghui.orgs.tests.picking import picker_offers


@pytest.fixture
def archive(tree, make_member, make_archive):
    return make_archive(make_member(tree.base_a, name="王帮扶"))


def aid_post(**fields):
    data = {
        "form": "cash",
        "amount": "500.00",
        "goods": "",
        "fund_source": "special",
        "paid_on": today().isoformat(),
        "note": "",
    }
    data.update(fields)
    return data


# --- plan ---------------------------------------------------------------------------------------


def test_plan_page_adds_a_measure(staff, archive, tree):
    client = login(staff.base_admin)
    url = reverse("assistance:aid_plan", args=[archive.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "王帮扶" in response.text and "添加帮扶措施" in response.text
    assert "就业扶持" in response.text  # the 五个一批 choices
    data = {
        "kind": Measure.EMPLOYMENT,
        "content": "推荐到社区公益岗位",
        "responsible_org": tree.chengguan.pk,
        "target_date": (today() + timedelta(days=60)).isoformat(),
    }
    response = client.post(reverse("assistance:aid_measure_add", args=[archive.pk]), data)
    assert response.status_code == 302 and response.url == url
    response = client.get(url)
    assert AID_MEASURE_ADD_DONE.format(kind="就业扶持") in response.text
    assert "推荐到社区公益岗位" in response.text and "城关区总工会" in response.text


def test_measure_with_past_target_date_is_refused_on_the_page(staff, archive, tree):
    data = {
        "kind": Measure.RELIEF,
        "content": "临时救助",
        "responsible_org": tree.base_a.pk,
        "target_date": (today() - timedelta(days=1)).isoformat(),
    }
    response = login(staff.base_admin).post(
        reverse("assistance:aid_measure_add", args=[archive.pk]), data
    )
    assert response.status_code == 400
    assert "完成时限不能早于今天" in response.text
    assert not HelpMeasure.objects.exists()


def test_status_change_and_note_through_the_page(staff, archive, tree):
    measure = measure_add(
        actor=staff.base_admin,
        archive=archive,
        kind=Measure.SECURITY,
        content="办理医保",
        responsible_org=tree.base_a,
        target_date=today(),
    )
    client = login(staff.base_admin)
    status_url = reverse("assistance:aid_measure_status", args=[archive.pk, measure.pk])
    note_url = reverse("assistance:aid_measure_note", args=[archive.pk, measure.pk])
    response = client.post(status_url, {f"m{measure.pk}-status": "dropped"})
    assert response.status_code == 400 and MEASURE_DROP_REASON in response.text
    response = client.post(status_url, {f"m{measure.pk}-status": "active"})
    assert response.status_code == 302
    response = client.post(note_url, {f"n{measure.pk}-note": "已联系社保局"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE
    page = client.get(reverse("assistance:aid_plan", args=[archive.pk])).text
    assert "已联系社保局" in page and "实施中" in page


def test_plan_of_an_exited_archive_is_read_only(tree, staff, make_member, make_archive):
    archive = make_archive(make_member(tree.base_a), status=ArchiveStatus.EXITED)
    response = login(staff.base_admin).get(reverse("assistance:aid_plan", args=[archive.pk]))
    assert response.status_code == 200
    assert "只有已建档的档案才能制定帮扶措施" in response.text
    assert 'id="measure-form"' not in response.text


# --- aid ----------------------------------------------------------------------------------------


def test_aid_page_without_a_cap_says_no_limit(staff, archive):
    response = login(staff.base_admin).get(reverse("assistance:aid_records", args=[archive.pk]))
    assert response.status_code == 200
    assert "未设置救助上限：不限额" in response.text


def test_aid_is_recorded_through_the_page_within_the_cap(staff, archive):
    aid_cap_set(actor=staff.sysadmin, org=None, year=today().year, amount=Decimal("1000"))
    client = login(staff.base_admin)
    url = reverse("assistance:aid_records", args=[archive.pk])
    response = client.post(reverse("assistance:aid_record_add", args=[archive.pk]), aid_post())
    assert response.status_code == 302 and response.url == url
    page = client.get(url).text
    assert "已登记现金救助 500.00 元（专项资金）" in page
    assert 'data-testid="cap-remaining"><strong>500.00 元' in page

    response = client.post(
        reverse("assistance:aid_record_add", args=[archive.pk]), aid_post(amount="500.01")
    )
    assert response.status_code == 400
    assert "超出年度救助上限" in response.text and "还可发放 500.00 元" in response.text
    assert AidRecord.objects.count() == 1


def test_goods_without_description_is_refused_on_the_page(staff, archive):
    response = login(staff.base_admin).post(
        reverse("assistance:aid_record_add", args=[archive.pk]), aid_post(form="goods")
    )
    assert response.status_code == 400
    assert GOODS_REQUIRED in response.text
    assert not AidRecord.objects.exists()


def test_exception_request_queue_and_decision(staff, archive, township_admin):
    year = today().year
    aid_cap_set(actor=staff.sysadmin, org=None, year=year, amount=Decimal("100"))
    requester = login(staff.base_admin)
    response = requester.post(
        reverse("assistance:aid_exception_add", args=[archive.pk]),
        {"year": year, "extra_amount": "300", "reason": "子女上学费用"},
    )
    assert response.status_code == 302
    exception = AidException.objects.get()
    # The requesting union has nothing to decide, and may not decide its own request.
    assert "子女上学" not in requester.get(reverse("assistance:aid_exceptions")).text
    decide_url = reverse("assistance:aid_exception_decide", args=[exception.pk])
    assert 'id="decide-form"' not in requester.get(decide_url).text
    response = requester.post(decide_url, {"decision": "approve"})
    assert response.status_code == 403
    assert AuditLog.objects.filter(
        action="access.denied", object_id=str(exception.pk), result=AuditResult.DENIED
    ).exists()

    approver = login(township_admin)
    queue = approver.get(reverse("assistance:aid_exceptions")).text
    assert "王帮扶" in queue and decide_url in queue
    assert 'id="decide-form"' in approver.get(decide_url).text
    response = approver.post(decide_url, {"decision": "reject"})
    assert response.status_code == 400 and OPINION_REQUIRED in response.text
    response = approver.post(decide_url, {"decision": "approve", "opinion": "同意"})
    assert response.status_code == 302
    exception.refresh_from_db()
    assert exception.status == ExceptionStatus.APPROVED
    page = requester.get(reverse("assistance:aid_records", args=[archive.pk])).text
    assert "已批准" in page and "400.00 元" in page  # 100 + 300 still to pay


def test_caps_page_sets_and_deletes_a_cap(staff, tree):
    client = login(staff.county_admin)
    url = reverse("assistance:aid_caps")
    assert client.get(url).status_code == 200
    response = client.post(url, {"org": tree.chengguan.pk, "year": today().year, "amount": "2500"})
    assert response.status_code == 302
    cap = AidCap.objects.get()
    assert cap.org == tree.chengguan and cap.amount == Decimal("2500.00")
    # The province default is not the county's to set.
    response = client.post(url, {"org": "", "year": today().year, "amount": "2500"})
    assert response.status_code == 400 and "请选择适用工会" in response.text
    delete_url = reverse("assistance:aid_cap_delete", args=[cap.pk])
    assert "确认删除" in client.get(delete_url).text
    assert AidCap.objects.exists()  # a GET deletes nothing
    assert client.post(delete_url).status_code == 302
    assert not AidCap.objects.exists()


def test_province_sets_the_default_cap(staff):
    response = login(staff.sysadmin).post(
        reverse("assistance:aid_caps"), {"org": "", "year": today().year, "amount": "3000"}
    )
    assert response.status_code == 302
    assert AidCap.objects.get().org is None


def test_staff_without_review_permission_cannot_manage_caps(staff):
    response = login(staff.county_staff).get(reverse("assistance:aid_caps"))
    assert response.status_code == 403


def test_ledger_is_scoped_filtered_and_summed(tree, staff, make_member, make_archive, archive):
    pay(staff.base_admin, archive, "100.50")
    pay(staff.base_admin, archive, "200", fund_source=FundSource.DONATION)
    other = make_archive(make_member(tree.base_c, name="赵七里"))
    pay(staff.sibling_admin, other, "999")
    url = reverse("assistance:aid_ledger")

    page = login(staff.county_admin).get(url).text
    assert "王帮扶" in page and "赵七里" not in page
    assert 'data-testid="ledger-total">300.50' in page
    page = login(staff.county_admin).get(url, {"fund_source": "donation"}).text
    assert 'data-testid="ledger-total">200.00' in page
    page = login(staff.city_admin).get(url, {"county": tree.qilihe.pk}).text
    assert "赵七里" in page and "王帮扶" not in page
    # The county is a search box (no select of the counties); typed text alone filters too.
    client = login(staff.city_admin)
    assert '<select name="county"' not in page
    offered = picker_offers(client, page, "county", "区")
    assert 'data-label="城关区总工会"' in offered and "秦州区总工会" not in offered
    page = client.get(url, {"county_q": "城关"}).text
    assert "王帮扶" in page and "赵七里" not in page


def test_ledger_query_count_does_not_grow_with_rows(tree, staff, archive):
    client = login(staff.county_admin)
    url = reverse("assistance:aid_ledger")
    pay(staff.base_admin, archive, "1")
    client.get(url)  # warm: the session's once-a-minute save and the user's kept permissions
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(5):
        pay(staff.base_admin, archive, "1")
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).status_code == 200
    assert len(six) == len(one)


def test_other_subtree_is_not_found_and_audited(staff, archive):
    client = login(staff.sibling_admin)
    for name in ("aid_plan", "aid_records"):
        assert client.get(reverse(f"assistance:{name}", args=[archive.pk])).status_code == 404
    response = client.post(reverse("assistance:aid_record_add", args=[archive.pk]), aid_post())
    assert response.status_code == 404
    assert not AidRecord.objects.exists()
    assert (
        AuditLog.objects.filter(
            action="access.denied", actor=staff.sibling_admin, object_id=str(archive.pk)
        ).count()
        == 3
    )


def test_exception_of_another_subtree_is_not_found(staff, archive):
    aid_cap_set(actor=staff.sysadmin, org=None, year=today().year, amount=Decimal("100"))
    exception = aid_exception_request(
        actor=staff.base_admin, archive=archive, year=today().year, extra_amount=1, reason="x"
    )
    response = login(staff.sibling_admin).get(
        reverse("assistance:aid_exception_decide", args=[exception.pk])
    )
    assert response.status_code == 404


def test_archive_page_links_to_plan_and_aid(staff, archive):
    response = login(staff.base_admin).get(reverse("assistance:archive_detail", args=[archive.pk]))
    assert response.status_code == 200
    assert reverse("assistance:aid_plan", args=[archive.pk]) in response.text
    assert reverse("assistance:aid_records", args=[archive.pk]) in response.text


def test_plan_and_aid_pages_query_count_does_not_grow(staff, archive, tree):
    client = login(staff.base_admin)
    plan_url = reverse("assistance:aid_plan", args=[archive.pk])
    aid_url = reverse("assistance:aid_records", args=[archive.pk])

    def add_measure_and_payment():
        measure = measure_add(
            actor=staff.base_admin,
            archive=archive,
            kind=Measure.MUTUAL,
            content="互助金",
            responsible_org=tree.base_a,
            target_date=today(),
        )
        measure_note_add(actor=staff.base_admin, measure=measure, note="已发放")
        pay(staff.base_admin, archive, "1")

    add_measure_and_payment()
    client.get(plan_url)  # warm: the session's once-a-minute save and the user's kept permissions
    with CaptureQueriesContext(connection) as plan_one:
        client.get(plan_url)
    with CaptureQueriesContext(connection) as aid_one:
        client.get(aid_url)
    for _ in range(4):
        add_measure_and_payment()
    with CaptureQueriesContext(connection) as plan_five:
        assert "互助金" in client.get(plan_url).text
    with CaptureQueriesContext(connection) as aid_five:
        client.get(aid_url)
    assert len(plan_five) == len(plan_one)
    assert len(aid_five) == len(aid_one)
