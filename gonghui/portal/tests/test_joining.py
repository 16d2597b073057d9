"""Joining: search, apply, the refusals, and the union's decisions (services and pages)."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.members.codes import Category, ChangeType, MemberStatus
from gonghui.members.models import Member
from gonghui.members.services import member_leave
from gonghui.orgs.models import OrgType
from gonghui.orgs.services import level_for
from gonghui.portal.models import JoinApplication, RequestStatus
from gonghui.portal.selectors import (
    UNION_NOT_FOUND,
    fallback_areas,
    fallback_unions,
    union_search,
)
from gonghui.portal.services import joining
from gonghui.portal.services.joining import (
    join_apply,
    join_approve,
    join_bulk_approve,
    join_reject,
    join_withdraw,
)

USCC = "91350100M000100Y43"


@pytest.fixture
def worker(make_worker):
    return make_worker("13900000001", name="李四", id_number=VALID_IDS[1])


def apply(worker, org, **overrides):
    fields = dict(category=Category.NF_DELIVERY, employer="美团外卖兰州站")
    fields.update(overrides)
    return join_apply(worker=worker, org=org, **fields)


# --- search ---------------------------------------------------------------------------------------


def test_search_by_part_of_the_name_finds_unions_that_take_members(tree):
    names = [o.name for o in union_search(q="兰州")]
    assert names == sorted(["兰州甲公司工会", "兰州乙公司工会", "兰州丙公司工会"])
    # 兰州市总工会 does not hold members: it is not offered.
    assert "兰州市总工会" not in names


def test_search_within_a_subtree(tree):
    names = [o.name for o in union_search(q="公司", within=tree.qilihe)]
    assert names == ["兰州丙公司工会"]
    assert union_search(q="公司", within=tree.base_a) == [tree.base_a]


def test_search_by_exact_credit_code(tree):
    tree.base_b.uscc = USCC
    tree.base_b.save(update_fields=["uscc"])
    assert union_search(q=USCC.lower()) == [tree.base_b]
    assert union_search(q="") == []


def test_fallback_lists_townships_and_federations_of_the_county(tree):
    from gonghui.orgs.models import Org

    federation = Org.objects.add_child(
        tree.chengguan,
        create_kwargs=dict(
            name="城关区快递行业工会联合会",
            org_type=OrgType.FEDERATION,
            level=level_for(OrgType.FEDERATION, tree.chengguan),
        ),
    )
    unions = fallback_unions(area=tree.chengguan)
    assert tree.donggang in unions and federation in unions
    assert tree.base_a not in unions
    assert fallback_unions(area=tree.donggang) == []


def test_fallback_areas_are_counties_and_cities_with_townships_of_their_own(tree):
    from gonghui.orgs.models import Org

    # Like 嘉峪关 and 兰州新区: townships directly under the city.
    jyg = Org.objects.add_child(
        tree.province,
        create_kwargs=dict(name="嘉峪关市总工会", org_type=OrgType.CITY, level=2),
    )
    Org.objects.add_child(
        jyg, create_kwargs=dict(name="雄关街道工会", org_type=OrgType.TOWNSHIP, level=4)
    )
    labels = [a.label for a in fallback_areas()]
    assert "兰州市总工会 · 城关区总工会" in labels
    assert "天水市总工会 · 秦州区总工会" in labels
    assert "嘉峪关市总工会" in labels
    assert "兰州市总工会" not in labels and "天水市总工会" not in labels


# --- apply ----------------------------------------------------------------------------------------


def test_apply_records_the_application_and_audits_it(tree, worker):
    application = apply(worker, tree.base_a, employer_uscc=USCC.lower(), ethnicity="03")
    assert application.status == RequestStatus.PENDING
    assert application.employer_uscc == USCC
    log = AuditLog.objects.get(action="join.apply")
    assert log.object_id == str(application.pk)
    assert log.org_path == tree.base_a.path
    assert "李四" not in log.object_repr  # names masked in the audit trail


def test_uncertified_worker_cannot_apply(tree, make_worker):
    worker = make_worker("13900000002")
    with pytest.raises(ApplicationError) as exc:
        apply(worker, tree.base_a)
    assert exc.value.message == joining.NOT_CERTIFIED
    assert not JoinApplication.objects.exists()


def test_duplicate_application_refused(tree, worker):
    apply(worker, tree.base_a)
    with pytest.raises(Conflict) as exc:
        apply(worker, tree.base_b)
    assert exc.value.message == joining.DUPLICATE_APPLICATION.format(org="兰州甲公司工会")
    assert JoinApplication.objects.count() == 1


def test_after_a_withdrawal_the_worker_may_apply_again(tree, worker):
    first = apply(worker, tree.base_a)
    join_withdraw(worker=worker, application=first)
    second = apply(worker, tree.base_b)
    assert second.status == RequestStatus.PENDING
    first.refresh_from_db()
    assert first.status == RequestStatus.WITHDRAWN


def test_a_person_already_a_member_is_told_so(tree, make_worker, make_member):
    # The record exists (registered by the union), the account is not linked to it yet.
    make_member(tree.base_c, id_number=VALID_IDS[2], name="王五")
    worker = make_worker("13900000003", name="王五", id_number=VALID_IDS[2])
    with pytest.raises(Conflict) as exc:
        apply(worker, tree.base_a)
    assert exc.value.message == joining.ALREADY_MEMBER.format(org="兰州丙公司工会")


def test_someone_who_left_may_apply_again(staff, tree, make_worker, make_member):
    member = make_member(tree.base_c, id_number=VALID_IDS[2], name="王五")
    member_leave(actor=staff.sysadmin, member=member)
    worker = make_worker("13900000003", name="王五", id_number=VALID_IDS[2], member=member)
    assert apply(worker, tree.base_a).status == RequestStatus.PENDING


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"category": "worker"}, "category"),
        ({"employer": "  "}, "employer"),
        ({"employer": "单" * 121}, "employer"),
        ({"employer_uscc": "91350100M000100Y44"}, "employer_uscc"),
        ({"employer_uscc": "123"}, "employer_uscc"),
        ({"ethnicity": "99"}, "ethnicity"),
        ({"education": "x"}, "education"),
        ({"political_status": "77"}, "political_status"),
        ({"job": "工" * 61}, "job"),
    ],
)
def test_bad_input_refused_in_chinese_and_nothing_written(tree, worker, overrides, field):
    with pytest.raises(ApplicationError) as exc:
        apply(worker, tree.base_a, **overrides)
    assert exc.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)
    assert not JoinApplication.objects.exists()
    assert not AuditLog.objects.filter(action="join.apply").exists()


def test_a_union_that_holds_no_members_or_is_dissolved_is_refused(tree, worker):
    with pytest.raises(ApplicationError) as exc:
        apply(worker, tree.chengguan)
    assert exc.value.message == joining.UNION_NOT_HOLDING.format(name="城关区总工会")
    tree.base_b.status = "dissolved"
    tree.base_b.save(update_fields=["status"])
    with pytest.raises(ApplicationError) as exc:
        apply(worker, tree.base_b)
    assert exc.value.message == joining.UNION_CLOSED.format(name="兰州乙公司工会")


def test_fallback_must_name_a_township_or_federation(tree, worker):
    with pytest.raises(ApplicationError) as exc:
        apply(worker, tree.base_a, fallback=True)
    assert exc.value.message == joining.FALLBACK_WRONG_TYPE
    application = apply(worker, tree.donggang, fallback=True)
    assert application.fallback


# --- decisions ------------------------------------------------------------------------------------


def test_approve_creates_the_member_with_a_card_and_links_the_account(staff, tree, worker):
    application = apply(worker, tree.base_a, ethnicity="03", education="20", job="骑手")
    application = join_approve(actor=staff.base_admin, application=application)
    member = application.member
    assert member.org == tree.base_a
    assert member.name == "李四" and member.id_number == VALID_IDS[1]
    assert member.phone == "13900000001"
    assert member.category == Category.NF_DELIVERY
    assert (member.ethnicity, member.education, member.job) == ("03", "20", "骑手")
    assert member.card_number.startswith("620102") and len(member.card_number) == 16
    assert member.events.get().change_type == ChangeType.JOIN
    worker.refresh_from_db()
    assert worker.member == member
    assert application.status == RequestStatus.APPROVED
    assert application.decided_by == staff.base_admin
    assert AuditLog.objects.filter(action="join.approve", actor=staff.base_admin).exists()


def test_an_ancestor_union_may_approve(staff, tree, worker):
    application = join_approve(actor=staff.county_admin, application=apply(worker, tree.base_a))
    assert application.status == RequestStatus.APPROVED


def test_approve_outside_the_subtree_is_forbidden_and_audited(staff, tree, worker):
    application = apply(worker, tree.base_a)
    with pytest.raises(Forbidden):
        join_approve(actor=staff.sibling_admin, application=application)
    application.refresh_from_db()
    assert application.status == RequestStatus.PENDING
    assert not Member.objects.exists()
    log = AuditLog.objects.get(action="access.denied", actor=staff.sibling_admin)
    assert log.result == "denied" and log.object_id == str(application.pk)


def test_approve_twice_is_refused(staff, tree, worker):
    application = join_approve(actor=staff.base_admin, application=apply(worker, tree.base_a))
    with pytest.raises(ApplicationError) as exc:
        join_approve(actor=staff.base_admin, application=application)
    assert exc.value.message == joining.APPLICATION_NOT_PENDING.format(status="已通过")
    assert Member.objects.count() == 1


def test_reject_needs_a_reason_the_worker_sees(staff, tree, worker):
    application = apply(worker, tree.base_a)
    with pytest.raises(ApplicationError) as exc:
        join_reject(actor=staff.base_admin, application=application, reason=" ")
    assert exc.value.message == joining.REASON_REQUIRED
    join_reject(actor=staff.base_admin, application=application, reason="您不是本单位职工")
    application.refresh_from_db()
    assert application.status == RequestStatus.REJECTED
    assert application.reject_reason == "您不是本单位职工"
    with pytest.raises(Forbidden):
        join_reject(actor=staff.sibling_admin, application=application, reason="x")


def test_bulk_approve_reports_each_failing_row_and_keeps_the_others(
    staff, tree, make_worker, make_member
):
    ok = [
        apply(make_worker(f"1390000010{i}", name=f"职工{i}", id_number=VALID_IDS[i]), tree.base_a)
        for i in (0, 1)
    ]
    # This one became a member of another union after applying.
    late = apply(make_worker("13900000109", name="王五", id_number=VALID_IDS[2]), tree.base_b)
    make_member(tree.base_c, id_number=VALID_IDS[2], name="王五")
    # And this one is another county's.
    other = apply(make_worker("13900000108", name="赵六", id_number=VALID_IDS[4]), tree.base_d)

    ids = [ok[0].pk, late.pk, other.pk, ok[1].pk, 999_999]
    rows = join_bulk_approve(actor=staff.county_admin, application_ids=ids)

    assert [r.application_id for r in rows] == ids
    assert [bool(r.error) for r in rows] == [False, True, True, False, True]
    assert "已是「兰州丙公司工会」的会员" in rows[1].error
    assert rows[2].label == f"申请 #{other.pk}"  # another union's applicant is not named
    assert rows[0].card_number and rows[3].card_number
    statuses = dict(JoinApplication.objects.values_list("pk", "status"))
    assert statuses[ok[0].pk] == statuses[ok[1].pk] == RequestStatus.APPROVED
    assert statuses[late.pk] == statuses[other.pk] == RequestStatus.PENDING
    assert Member.objects.filter(org=tree.base_a, status=MemberStatus.ACTIVE).count() == 2
    assert AuditLog.objects.filter(action="access.denied", actor=staff.county_admin).exists()


# --- portal pages ---------------------------------------------------------------------------------


def test_join_pages_need_a_logged_in_worker(client, tree):
    response = client.get(f"/m/join/{tree.base_a.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/m/login/?next=")


def test_uncertified_worker_is_sent_to_certify_and_back(tree, make_worker, worker_client):
    client = worker_client(make_worker("13900000002"))
    response = client.get(f"/m/join/{tree.base_a.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/m/certify/?next=%2Fm%2Fjoin%2F{tree.base_a.pk}%2F"


def test_search_page_lists_unions_and_fallback_choices(tree, worker, worker_client):
    client = worker_client(worker)
    page = client.get("/m/join/", {"q": "甲公司"}).content.decode()
    assert f'href="/m/join/{tree.base_a.pk}/"' in page
    page = client.get("/m/join/", {"area": tree.chengguan.pk}).content.decode()
    assert f'href="/m/join/{tree.donggang.pk}/?fallback=1"' in page
    assert "城关区总工会" in page  # the county is offered in the list


def test_submit_the_form_then_follow_it(tree, worker, worker_client):
    client = worker_client(worker)
    url = f"/m/join/{tree.base_a.pk}/"
    page = client.get(url).content.decode()
    assert "兰州甲公司工会" in page and "李四" in page
    response = client.post(
        url,
        {"category": "nf_courier", "employer": "顺丰兰州", "ethnicity": "01", "job": "快递员"},
    )
    assert response.status_code == 302 and response["Location"] == "/m/requests/"
    application = JoinApplication.objects.get()
    assert application.org == tree.base_a and application.category == "nf_courier"
    page = client.get("/m/requests/").content.decode()
    assert "待审核" in page
    # A second visit to the join page says it is pending, not a new form.
    assert "入会申请审核中" in client.get(url).content.decode()


def test_form_errors_are_shown_and_nothing_saved(tree, worker, worker_client):
    client = worker_client(worker)
    response = client.post(
        f"/m/join/{tree.base_a.pk}/",
        {"category": "", "employer": "某公司", "employer_uscc": "91350100M000100Y44"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请选择职工类别。" in page
    assert not JoinApplication.objects.exists()
    page = client.post(
        f"/m/join/{tree.base_a.pk}/",
        {"category": "employed", "employer": "某公司", "employer_uscc": "91350100M000100Y44"},
    ).content.decode()
    assert joining.USCC_INVALID in page


def test_join_link_of_a_missing_or_dissolved_union_is_404(tree, worker, worker_client):
    client = worker_client(worker)
    assert client.get("/m/join/999999/").status_code == 404
    assert client.get("/m/join/abc/").status_code == 404
    tree.base_b.status = "dissolved"
    tree.base_b.save(update_fields=["status"])
    response = client.get(f"/m/join/{tree.base_b.pk}/")
    assert response.status_code == 404
    assert UNION_NOT_FOUND in response.content.decode()


@pytest.mark.parametrize("org_name", ["chengguan", "lanzhou"])
def test_join_link_of_a_union_that_takes_no_members_says_so_and_offers_the_search(
    tree, worker, make_worker, worker_client, org_name
):
    org = getattr(tree, org_name)
    # Shown before certification: nobody is sent to certify for a union he cannot join.
    response = worker_client(make_worker("13900000002")).get(f"/m/join/{org.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"「{org.name}」不直接发展会员" in page
    assert UNION_NOT_FOUND not in page and "join-form" not in page
    assert f'name="within" value="{org.pk}"' in page
    fallback = f'href="/m/join/?area={org.pk}#fallback"'
    assert (fallback in page) == (org.org_type == OrgType.COUNTY)  # 兰州 has no own townships
    # Posting the form to it changes nothing.
    worker_client(worker).post(f"/m/join/{org.pk}/", {"category": "employed", "employer": "某公司"})
    assert not JoinApplication.objects.exists()


def test_search_within_a_union_lists_only_its_subtree(tree, worker, worker_client):
    client = worker_client(worker)
    page = client.get("/m/join/", {"q": "公司", "within": tree.chengguan.pk}).content.decode()
    assert "兰州甲公司工会" in page and "兰州乙公司工会" in page
    assert "兰州丙公司工会" not in page and "天水丁公司工会" not in page
    assert "只搜索「城关区总工会」所属的工会" in page
    page = client.get("/m/join/", {"q": "公司"}).content.decode()
    assert "兰州丙公司工会" in page and "只搜索" not in page
    # A limit that names no active union is ignored, not an error.
    for within in ("abc", "999999"):
        page = client.get("/m/join/", {"q": "公司", "within": within}).content.decode()
        assert "兰州丙公司工会" in page and "只搜索" not in page


def test_rejected_reason_is_shown_to_the_worker(staff, tree, worker, worker_client):
    application = apply(worker, tree.base_a)
    join_reject(actor=staff.base_admin, application=application, reason="请先与单位签订劳动合同")
    page = worker_client(worker).get("/m/requests/").content.decode()
    assert "未通过" in page and "请先与单位签订劳动合同" in page


def test_worker_withdraws_from_the_requests_page(tree, worker, worker_client, make_worker):
    application = apply(worker, tree.base_a)
    other = make_worker("13900000005", name="钱七", id_number=VALID_IDS[3])
    # Another worker cannot touch it.
    response = worker_client(other).post(f"/m/join/applications/{application.pk}/withdraw/")
    assert response.status_code == 404
    worker_client(worker).post(f"/m/join/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == RequestStatus.WITHDRAWN


# --- workbench pages ------------------------------------------------------------------------------


def test_workbench_lists_only_the_subtree(client, staff, tree, worker, make_worker):
    mine = apply(worker, tree.base_a)
    theirs = apply(make_worker("13900000006", name="孙八", id_number=VALID_IDS[4]), tree.base_d)
    client.force_login(staff.county_admin)
    page = client.get("/portal-admin/applications/").content.decode()
    assert f"/portal-admin/applications/{mine.pk}/" in page
    assert "孙八" not in page
    assert "620102********0022" in page  # masked ID of the applicant
    response = client.get(f"/portal-admin/applications/{theirs.pk}/")
    assert response.status_code == 404
    assert AuditLog.objects.filter(
        action="access.denied", actor=staff.county_admin, object_id=str(theirs.pk)
    ).exists()


def test_workbench_approve_and_reject_pages(client, staff, tree, worker, make_worker):
    application = apply(worker, tree.base_a)
    client.force_login(staff.base_admin)
    response = client.post(f"/portal-admin/applications/{application.pk}/approve/", follow=True)
    application.refresh_from_db()
    assert application.status == RequestStatus.APPROVED
    assert f"会员卡号 {application.member.card_number}" in response.content.decode()

    other = apply(make_worker("13900000007", name="周九", id_number=VALID_IDS[3]), tree.base_a)
    page = client.post(
        f"/portal-admin/applications/{other.pk}/reject/", {"reason": ""}, follow=True
    ).content.decode()
    assert joining.REASON_REQUIRED in page
    client.post(f"/portal-admin/applications/{other.pk}/reject/", {"reason": "信息不符"})
    other.refresh_from_db()
    assert other.status == RequestStatus.REJECTED


def test_workbench_write_outside_subtree_is_404_before_anything(client, staff, tree, worker):
    application = apply(worker, tree.base_a)
    client.force_login(staff.sibling_admin)
    response = client.post(f"/portal-admin/applications/{application.pk}/approve/")
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == RequestStatus.PENDING


def test_workbench_bulk_page_reports_rows(client, staff, tree, make_worker, make_member):
    a = apply(make_worker("13900000011", name="甲", id_number=VALID_IDS[0]), tree.base_a)
    b = apply(make_worker("13900000012", name="乙", id_number=VALID_IDS[2]), tree.base_a)
    make_member(tree.base_c, id_number=VALID_IDS[2], name="乙")
    client.force_login(staff.base_admin)
    page = client.post(
        "/portal-admin/applications/bulk-approve/", {"ids": [a.pk, b.pk]}
    ).content.decode()
    assert 'data-testid="bulk-ok">1<' in page and 'data-testid="bulk-failed">1<' in page
    assert "已是「兰州丙公司工会」的会员" in page


def test_workbench_needs_the_add_member_permission(client, staff, tree):
    client.force_login(staff.county_auditor)
    assert client.get("/portal-admin/applications/").status_code == 403


def test_list_page_query_count_does_not_grow_with_rows(
    client, staff, tree, make_worker, django_assert_max_num_queries
):
    for i in range(4):
        apply(make_worker(f"1390000020{i}", name=f"职工{i}", id_number=VALID_IDS[i]), tree.base_a)
    client.force_login(staff.county_admin)
    with django_assert_max_num_queries(12):
        response = client.get("/portal-admin/applications/")
    assert response.content.decode().count('name="ids"') == 4
