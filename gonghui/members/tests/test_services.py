"""Member registry writes: join, lifecycle, transfers, edits."""

import re
import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.audit.models import AuditLog
from gonghui.conftest import id_with_check
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.members import services
from gonghui.members.codes import Category, ChangeType, MemberStatus
from gonghui.members.models import Member, MembershipEvent, Transfer, TransferStatus
from gonghui.members.selectors import transfer_list
from gonghui.orgs.services import org_dissolve

CJK = re.compile(r"[\u4e00-\u9fff]")
ID_1970 = id_with_check("62010219700115002")  # female, born 1970-01-15
ID_OTHER = id_with_check("62010319800220003")  # male, born 1980-02-20


def counts() -> tuple[int, int, int, int]:
    return (
        Member.objects.count(),
        MembershipEvent.objects.count(),
        Transfer.objects.count(),
        AuditLog.objects.count(),
    )


def create(actor, org, **overrides) -> Member:
    kwargs = dict(
        name="王芳",
        id_number=ID_1970,
        phone="13912345678",
        category=Category.EMPLOYED,
        joined_on=date(2021, 3, 1),
    )
    kwargs.update(overrides)
    return services.member_create(actor=actor, org=org, **kwargs)


def event_types(member: Member) -> list[str]:
    return list(member.events.values_list("change_type", flat=True))


# --- 入会 -------------------------------------------------------------------------------------


def test_create_issues_card_number_and_reads_gender_and_birth_from_id(staff, tree):
    member = create(staff.county_admin, tree.base_a)
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    assert member.gender == "2"
    assert member.birth_date == date(1970, 1, 15)
    assert member.joined_on == date(2021, 3, 1)
    assert member.id_number == ID_1970
    assert member.phone == "13912345678"
    assert re.fullmatch(r"620102\d{10}", member.card_number)

    other = create(
        staff.sibling_admin, tree.base_c, name="赵强", id_number=ID_OTHER, phone="13800000000"
    )
    assert other.gender == "1"
    assert other.card_number.startswith("620103")
    assert other.card_number != member.card_number

    [event] = member.events.all()
    assert event.change_type == ChangeType.JOIN
    assert (event.org, event.actor, event.changed_on) == (
        tree.base_a,
        staff.county_admin,
        date(2021, 3, 1),
    )
    row = AuditLog.objects.get(action="member.create", object_id=str(member.pk))
    assert row.changes["id_number"] == "620102********0023"
    assert row.changes["phone"] == "139****5678"


def test_create_joined_on_defaults_to_today(staff, tree):
    member = create(staff.county_admin, tree.base_a, joined_on=None)
    assert member.joined_on == timezone.localdate()


def test_create_normalises_the_typed_id_number(staff, tree):
    full_width = ID_1970.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    member = create(staff.county_admin, tree.base_a, id_number=f" {full_width} ")
    assert member.id_number == ID_1970

    legacy = create(
        staff.county_admin,
        tree.base_b,
        id_number="620121100101013",
        name="老李",
        phone="13900000001",
    )
    assert legacy.id_number == "620121191001010137"


def _bad_inputs():
    wrong_check = ID_1970[:17] + ("1" if ID_1970[17] != "1" else "2")
    return [
        pytest.param({"name": ""}, "name", id="name-empty"),
        pytest.param({"name": "   "}, "name", id="name-blank"),
        pytest.param({"name": "张" * 41}, "name", id="name-too-long"),
        pytest.param({"id_number": ""}, "id_number", id="id-empty"),
        pytest.param({"id_number": wrong_check}, "id_number", id="id-checksum"),
        pytest.param({"id_number": "62010219701315002X"}, "id_number", id="id-date"),
        pytest.param({"phone": "1391234567"}, "phone", id="phone-short"),
        pytest.param({"phone": ""}, "phone", id="phone-empty"),
        pytest.param({"category": "teacher"}, "category", id="category"),
        pytest.param({"category": ""}, "category", id="category-empty"),
        pytest.param(
            {"joined_on": date.today() + timedelta(days=2)}, "joined_on", id="joined-future"
        ),
        pytest.param({"joined_on": date(1969, 12, 31)}, "joined_on", id="joined-before-birth"),
        pytest.param({"ethnicity": "99"}, "ethnicity", id="ethnicity-code"),
        pytest.param({"education": "55"}, "education", id="education-code"),
        pytest.param({"email": "not-an-email"}, "email", id="email"),
        pytest.param({"employer": "单位" * 61}, "employer", id="employer-too-long"),
        pytest.param({"work_start_year": "去年"}, "work_start_year", id="work-year-text"),
    ]


@pytest.mark.parametrize(("overrides", "field"), _bad_inputs())
def test_create_refuses_bad_input_in_chinese_and_writes_nothing(staff, tree, overrides, field):
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        create(staff.county_admin, tree.base_a, **overrides)
    assert exc.value.field == field
    assert exc.value.status == 400
    assert CJK.search(exc.value.message), exc.value.message
    assert counts() == before


def test_create_refuses_a_union_that_cannot_hold_members(staff, tree):
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        create(staff.county_admin, tree.chengguan)
    assert exc.value.message == services.ORG_NOT_HOLDING.format(name="城关区总工会")
    assert counts() == before


def test_create_refuses_a_dissolved_union(staff, tree):
    org_dissolve(actor=staff.county_admin, org=tree.base_b)
    tree.base_b.refresh_from_db()
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        create(staff.county_admin, tree.base_b)
    assert exc.value.message == services.ORG_INACTIVE.format(name="兰州乙公司工会")
    assert counts() == before


def test_create_outside_scope_is_forbidden_and_the_attempt_audited(staff, tree):
    members, events, transfers, audits = counts()
    with pytest.raises(Forbidden) as exc:
        create(staff.county_admin, tree.base_c)
    assert exc.value.message == services.OUT_OF_SCOPE
    assert counts() == (members, events, transfers, audits + 1)
    row = AuditLog.objects.get()
    assert (row.action, row.result, row.actor) == ("access.denied", "denied", staff.county_admin)
    assert row.object_id == str(tree.base_c.pk)
    assert row.org_path == tree.base_c.path


# --- one membership per person --------------------------------------------------------------


def test_duplicate_person_refused_naming_the_union_with_masked_id(staff, tree):
    create(staff.tianshui_admin, tree.base_d)
    before = counts()
    with pytest.raises(Conflict) as exc:
        create(staff.county_admin, tree.base_a, name="王芳芳", phone="13700000000")
    assert exc.value.code == "duplicate_member"
    assert exc.value.status == 409
    assert "天水丁公司工会" in exc.value.message
    assert "620102********0023" in exc.value.message
    assert ID_1970 not in exc.value.message
    assert counts() == before


def test_duplicate_shows_the_full_id_to_an_actor_allowed_to_see_it(staff, tree):
    create(staff.tianshui_admin, tree.base_d)
    with pytest.raises(Conflict) as exc:
        create(staff.county_admin_pii, tree.base_a)
    assert ID_1970 in exc.value.message


@pytest.mark.parametrize(
    "typed",
    [ID_1970.lower(), " ".join([ID_1970[:6], ID_1970[6:14], ID_1970[14:]])],
)
def test_duplicate_detected_whatever_the_spelling(staff, tree, typed):
    create(staff.county_admin, tree.base_a)
    with pytest.raises(Conflict):
        create(staff.county_admin, tree.base_b, id_number=typed)


def test_duplicate_detected_from_the_15_digit_number(staff, tree):
    create(staff.county_admin, tree.base_a, id_number="620121191001010137")
    with pytest.raises(Conflict):
        create(staff.county_admin, tree.base_b, id_number="620121100101013")


def test_duplicate_detected_when_the_first_membership_is_retained(staff, tree):
    first = create(staff.county_admin, tree.base_a)
    services.member_retain(actor=staff.county_admin, member=first, reason="3")
    with pytest.raises(Conflict) as exc:
        create(staff.sibling_admin, tree.base_c)
    assert "保留会籍" in exc.value.message


def test_a_person_who_left_can_join_again(staff, tree):
    first = create(staff.county_admin, tree.base_a)
    services.member_leave(actor=staff.county_admin, member=first)
    again = create(staff.sibling_admin, tree.base_c)
    first.refresh_from_db()
    assert first.status == MemberStatus.LEFT
    assert again.status == MemberStatus.ACTIVE
    assert again.pk != first.pk
    assert again.card_number != first.card_number
    assert Member.objects.filter(id_number_hash=first.id_number_hash).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_registrations_of_one_person_make_one_member(staff, tree):
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[object] = []

    def register(actor, org):
        try:
            barrier.wait()
            outcomes.append(create(actor, org))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=register, args=(staff.county_admin, tree.base_a)),
        threading.Thread(target=register, args=(staff.sibling_admin, tree.base_c)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    created = [o for o in outcomes if isinstance(o, Member)]
    refused = [o for o in outcomes if not isinstance(o, Member)]
    assert len(created) == 1, outcomes
    assert len(refused) == 1 and isinstance(refused[0], Conflict), outcomes
    assert refused[0].code == "duplicate_member"
    assert Member.objects.count() == 1
    assert MembershipEvent.objects.count() == 1
    assert AuditLog.objects.filter(action="member.create").count() == 1


# --- 保留 / 退会 / 除名 -------------------------------------------------------------------------


def test_retain_then_leave_keeps_history_in_order(staff, tree, make_member):
    member = make_member(tree.base_a)
    services.member_retain(
        actor=staff.county_admin, member=member, on=date(2022, 1, 10), reason="3", note="失业"
    )
    member.refresh_from_db()
    assert member.status == MemberStatus.RETAINED
    assert member.status_changed_on == date(2022, 1, 10)
    services.member_leave(actor=staff.county_admin, member=member, on=date(2023, 6, 1))
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT
    assert event_types(member) == [ChangeType.JOIN, ChangeType.RETAIN, ChangeType.LEAVE]
    retain_event = member.events.get(change_type=ChangeType.RETAIN)
    assert (retain_event.reason, retain_event.note) == ("3", "失业")
    assert list(
        AuditLog.objects.filter(object_id=str(member.pk))
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["member.create", "member.retain", "member.leave"]


def test_expel_requires_a_reason(staff, tree, make_member):
    member = make_member(tree.base_a)
    before = counts()
    for note in ("", "   "):
        with pytest.raises(ApplicationError) as exc:
            services.member_expel(actor=staff.county_admin, member=member, note=note)
        assert exc.value.message == services.REASON_REQUIRED
    assert counts() == before
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE


def test_expel_with_reason(staff, tree, make_member):
    member = make_member(tree.base_a)
    services.member_expel(actor=staff.county_admin, member=member, note="因犯罪被判刑")
    member.refresh_from_db()
    assert member.status == MemberStatus.EXPELLED
    assert event_types(member)[-1] == ChangeType.EXPEL


@pytest.mark.parametrize(
    ("first", "then", "status_label"),
    [
        ("member_retain", "member_retain", "保留会籍"),
        ("member_leave", "member_leave", "已退会"),
        ("member_leave", "member_retain", "已退会"),
        ("member_leave", "member_expel", "已退会"),
        ("member_expel", "member_leave", "已除名"),
    ],
)
def test_wrong_state_actions_are_refused_and_change_nothing(
    staff, tree, make_member, first, then, status_label
):
    member = make_member(tree.base_a)
    getattr(services, first)(actor=staff.county_admin, member=member, note="原因")
    member.refresh_from_db()
    status = member.status
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        getattr(services, then)(actor=staff.county_admin, member=member, note="原因")
    assert exc.value.code == "wrong_status"
    assert f"「{status_label}」" in exc.value.message
    assert counts() == before
    member.refresh_from_db()
    assert member.status == status


def test_status_change_cannot_predate_the_current_status(staff, tree, make_member):
    member = make_member(tree.base_a)  # joined 2020-05-01
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.member_leave(actor=staff.county_admin, member=member, on=date(2019, 12, 31))
    assert exc.value.field == "on"
    assert "2020-05-01" in exc.value.message
    with pytest.raises(ApplicationError):
        services.member_leave(
            actor=staff.county_admin, member=member, on=timezone.localdate() + timedelta(days=1)
        )
    assert counts() == before


def test_status_change_outside_scope_is_forbidden_and_audited(staff, tree, make_member):
    member = make_member(tree.base_c)
    with pytest.raises(Forbidden):
        services.member_leave(actor=staff.county_admin, member=member)
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE
    assert (
        AuditLog.objects.filter(
            action="access.denied", result="denied", actor=staff.county_admin
        ).count()
        == 1
    )


def test_status_change_refused_while_a_transfer_is_pending(staff, tree, make_member):
    member = make_member(tree.base_a)
    services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_c)
    with pytest.raises(ApplicationError) as exc:
        services.member_leave(actor=staff.county_admin, member=member)
    assert exc.value.code == "transfer_pending"


# --- 转会 -------------------------------------------------------------------------------------


def _assert_transferred(member: Member, from_org, to_org, approver) -> None:
    member.refresh_from_db()
    assert member.org == to_org
    assert member.status == MemberStatus.ACTIVE
    out_event, in_event = member.events.order_by("id")[1:]
    assert (out_event.change_type, out_event.org, out_event.other_org) == (
        ChangeType.TRANSFER_OUT,
        from_org,
        to_org,
    )
    assert (in_event.change_type, in_event.org, in_event.other_org) == (
        ChangeType.TRANSFER_IN,
        to_org,
        from_org,
    )
    assert out_event.actor == in_event.actor == approver


def test_transfer_requested_by_out_side_and_approved_by_in_side(staff, tree, make_member):
    member = make_member(tree.base_a)
    transfer = services.transfer_request(
        actor=staff.base_admin, member=member, to_org=tree.base_c, note="调动"
    )
    assert transfer.initiated_by == "out"
    assert transfer.status == TransferStatus.PENDING
    member.refresh_from_db()
    assert member.org == tree.base_a  # nothing moves before approval
    services.transfer_approve(actor=staff.base_c_admin, transfer=transfer, note="同意")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.APPROVED
    assert (transfer.decided_by, transfer.decision_note) == (staff.base_c_admin, "同意")
    _assert_transferred(member, tree.base_a, tree.base_c, staff.base_c_admin)


def test_transfer_requested_by_in_side_and_approved_by_out_side(staff, tree, make_member):
    member = make_member(tree.base_a)
    transfer = services.transfer_request(
        actor=staff.base_c_admin, member=member, to_org=tree.base_c
    )
    assert transfer.initiated_by == "in"
    services.transfer_approve(actor=staff.base_admin, transfer=transfer)
    _assert_transferred(member, tree.base_a, tree.base_c, staff.base_admin)


@pytest.mark.parametrize("initiator", ["base_admin", "base_c_admin"])
def test_initiating_side_cannot_approve_its_own_request(staff, tree, make_member, initiator):
    member = make_member(tree.base_a)
    actor = getattr(staff, initiator)
    transfer = services.transfer_request(actor=actor, member=member, to_org=tree.base_c)
    before = counts()
    with pytest.raises(Forbidden) as exc:
        services.transfer_approve(actor=actor, transfer=transfer)
    deciding = tree.base_c if initiator == "base_admin" else tree.base_a
    assert exc.value.message == services.TRANSFER_OWN_REQUEST.format(org=deciding.name)
    assert counts()[:3] == before[:3]
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


def test_another_account_of_the_asking_side_cannot_approve(staff, tree, make_member, make_user):
    """Not the asker, but of the asking side only: the deciding side is out of its scope."""
    colleague = make_user("base_a_admin2", tree.base_a, ROLE_UNION_ADMIN)
    member = make_member(tree.base_a)
    transfer = services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_c)
    with pytest.raises(Forbidden) as exc:
        services.transfer_approve(actor=colleague, transfer=transfer)
    assert exc.value.message == services.TRANSFER_WRONG_SIDE.format(side="转出方")
    assert AuditLog.objects.filter(action="access.denied", actor=colleague).count() == 1


def test_unrelated_union_cannot_request_or_approve(staff, tree, make_member):
    member = make_member(tree.base_a)
    with pytest.raises(Forbidden):
        services.transfer_request(actor=staff.tianshui_admin, member=member, to_org=tree.base_c)
    transfer = services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_c)
    with pytest.raises(Forbidden):
        services.transfer_approve(actor=staff.tianshui_admin, transfer=transfer)
    assert AuditLog.objects.filter(action="access.denied", actor=staff.tianshui_admin).count() == 2
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING


def test_both_sides_see_a_pending_transfer(staff, tree, make_member):
    member = make_member(tree.base_a)
    transfer = services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_c)
    for user in (
        staff.base_admin,
        staff.base_c_admin,
        staff.county_admin,
        staff.sibling_admin,
        staff.city_admin,
    ):
        assert list(transfer_list(user=user)) == [transfer], user
    assert list(transfer_list(user=staff.tianshui_admin)) == []
    services.transfer_approve(actor=staff.base_c_admin, transfer=transfer)
    assert list(transfer_list(user=staff.base_admin)) == []
    assert list(transfer_list(user=staff.base_admin, status=TransferStatus.APPROVED)) == [transfer]


def test_reject_requires_a_reason(staff, tree, make_member):
    member = make_member(tree.base_a)
    transfer = services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_c)
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.transfer_reject(actor=staff.base_c_admin, transfer=transfer, note=" ")
    assert exc.value.message == services.REASON_REQUIRED
    assert counts() == before
    services.transfer_reject(actor=staff.base_c_admin, transfer=transfer, note="不在本单位工作")
    transfer.refresh_from_db()
    member.refresh_from_db()
    assert transfer.status == TransferStatus.REJECTED
    assert transfer.decision_note == "不在本单位工作"
    assert member.org == tree.base_a
    assert event_types(member) == [ChangeType.JOIN]


def test_cancel_only_by_the_initiator(staff, tree, make_member):
    member = make_member(tree.base_a)
    transfer = services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_c)
    with pytest.raises(Forbidden) as exc:
        services.transfer_cancel(actor=staff.base_c_admin, transfer=transfer)
    assert exc.value.message == services.TRANSFER_NOT_INITIATOR
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING
    services.transfer_cancel(actor=staff.base_admin, transfer=transfer)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED
    # a cancelled request frees the member for a new one
    services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_b)


def test_second_pending_transfer_refused(staff, tree, make_member):
    member = make_member(tree.base_a)
    services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_c)
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.transfer_request(actor=staff.county_admin, member=member, to_org=tree.base_b)
    assert exc.value.code == "transfer_pending"
    assert counts() == before


def test_approving_twice_is_refused(staff, tree, make_member):
    member = make_member(tree.base_a)
    transfer = services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_c)
    services.transfer_approve(actor=staff.base_c_admin, transfer=transfer)
    before = counts()
    for decide in (services.transfer_approve, services.transfer_cancel):
        with pytest.raises(ApplicationError) as exc:
            decide(actor=staff.base_c_admin, transfer=transfer)
        assert exc.value.code == "wrong_status"
        assert "已同意" in exc.value.message
    assert counts() == before


@pytest.mark.parametrize(
    ("to", "message"),
    [("base_a", "相同"), ("xiyuan", None), ("qilihe", "不能直接发展会员")],
)
def test_transfer_to_an_unsuitable_union_refused(staff, tree, make_member, to, message):
    member = make_member(tree.base_a)
    before = counts()
    if to == "xiyuan":  # a township union may hold members: this one is fine
        services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.xiyuan)
        return
    with pytest.raises(ApplicationError) as exc:
        services.transfer_request(actor=staff.base_admin, member=member, to_org=getattr(tree, to))
    assert message in exc.value.message
    assert counts() == before


def test_transfer_of_a_member_who_left_refused(staff, tree, make_member):
    member = make_member(tree.base_a)
    services.member_leave(actor=staff.county_admin, member=member)
    with pytest.raises(ApplicationError) as exc:
        services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_c)
    assert exc.value.code == "wrong_status"


def test_retained_member_can_transfer_and_becomes_active(staff, tree, make_member):
    member = make_member(tree.base_a)
    services.member_retain(actor=staff.county_admin, member=member)
    transfer = services.transfer_request(actor=staff.base_admin, member=member, to_org=tree.base_c)
    services.transfer_approve(actor=staff.base_c_admin, transfer=transfer)
    member.refresh_from_db()
    assert (member.org, member.status) == (tree.base_c, MemberStatus.ACTIVE)


# --- edits -------------------------------------------------------------------------------------


def test_update_audits_changed_fields_with_personal_values_masked(staff, tree, make_member):
    member = make_member(tree.base_a, phone="13911112222", name="张三")
    old_id = member.id_number
    new_id = id_with_check("62010219880808123")
    services.member_update(
        actor=staff.county_admin,
        member=member,
        name="张叁",
        phone="+86 137 3333 4444",
        id_number=new_id,
        job="焊工",
        employer="",
    )
    member.refresh_from_db()
    assert (member.name, member.phone, member.id_number, member.job) == (
        "张叁",
        "13733334444",
        new_id,
        "焊工",
    )
    assert member.birth_date == date(1988, 8, 8)
    assert member.gender == "1"
    row = AuditLog.objects.get(action="member.update")
    assert row.changes == {
        "name": ["张三", "张叁"],
        "phone": ["139****2222", "137****4444"],
        "id_number": [old_id[:6] + "********" + old_id[-4:], "620102********1238"],
        "job": ["", "焊工"],
    }
    text = str(row.changes)
    for secret in (old_id, new_id, "13911112222", "13733334444"):
        assert secret not in text


def test_update_with_nothing_changed_writes_no_audit_row(staff, tree, make_member):
    member = make_member(tree.base_a, name="张三")
    before = counts()
    services.member_update(
        actor=staff.county_admin,
        member=member,
        name="张三",
        id_number=member.id_number.lower(),
        phone=member.phone,
    )
    assert counts() == before


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"id_number": "62010219880808123X"}, "id_number"),
        ({"id_number": "62010219881308123"}, "id_number"),
        ({"phone": "110"}, "phone"),
        ({"name": ""}, "name"),
        ({"name": "李" * 41}, "name"),
        ({"category": "boss"}, "category"),
        ({"ethnicity": "00"}, "ethnicity"),
        ({"email": "a@"}, "email"),
    ],
)
def test_update_revalidates_and_refuses_bad_input(staff, tree, make_member, fields, field):
    member = make_member(tree.base_a, name="张三")
    id_before, phone_before = member.id_number, member.phone
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.member_update(actor=staff.county_admin, member=member, **fields)
    assert exc.value.field == field
    assert CJK.search(exc.value.message)
    assert counts() == before
    member.refresh_from_db()
    assert (member.id_number, member.phone, member.name, member.category) == (
        id_before,
        phone_before,
        "张三",
        Category.EMPLOYED,
    )


def test_update_to_an_id_number_held_by_someone_else_is_a_conflict(staff, tree, make_member):
    first = make_member(tree.base_a)
    second = make_member(tree.base_b)
    with pytest.raises(Conflict):
        services.member_update(actor=staff.county_admin, member=second, id_number=first.id_number)


def test_update_outside_scope_is_forbidden_and_audited(staff, tree, make_member):
    member = make_member(tree.base_c, name="张三")
    with pytest.raises(Forbidden):
        services.member_update(actor=staff.county_admin, member=member, name="李四")
    member.refresh_from_db()
    assert member.name == "张三"
    assert AuditLog.objects.filter(action="access.denied", actor=staff.county_admin).exists()


def test_update_refuses_fields_that_are_not_editable(staff, tree, make_member):
    member = make_member(tree.base_a)
    with pytest.raises(ValueError):
        services.member_update(actor=staff.county_admin, member=member, status="left")
    with pytest.raises(ValueError):
        create(staff.county_admin, tree.base_a, card_number="1")


# --- showing personal data ---------------------------------------------------------------------


def test_unmask_needs_the_separate_grant_and_is_always_audited(staff, tree, make_member):
    member = make_member(tree.base_a, phone="13955556666")
    with pytest.raises(Forbidden):
        services.member_unmask(actor=staff.county_admin, member=member)
    shown = services.member_unmask(actor=staff.county_admin_pii, member=member)
    assert shown == {"id_number": member.id_number, "phone": "13955556666"}
    rows = AuditLog.objects.filter(action="member.unmask").order_by("id")
    assert [(r.actor, r.result) for r in rows] == [
        (staff.county_admin, "denied"),
        (staff.county_admin_pii, "success"),
    ]
