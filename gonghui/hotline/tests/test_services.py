"""Hotline writes: intake, dispatch down the tree, handling, close, callback, supervision."""

import re
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.conftest import race
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.hotline import services
from gonghui.hotline.codes import (
    CaseStatus,
    Channel,
    Complexity,
    EventAction,
    Rating,
    Result,
)
from gonghui.hotline.deadlines import compute_deadline
from gonghui.hotline.models import Case, CaseEvent, CaseSequence
from gonghui.hotline.tests.conftest import ID_NUMBER, PHONE, beijing, intake
from gonghui.orgs.services import org_dissolve

CJK = re.compile(r"[\u4e00-\u9fff]")


def counts() -> tuple[int, int, int]:
    return Case.objects.count(), CaseEvent.objects.count(), AuditLog.objects.count()


def snapshot(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.status,
        case.holder_id,
        case.handler_id,
        case.version,
        case.deadline,
        case.supervise_count,
        case.events.count(),
    )


def actions(case: Case) -> list[str]:
    return list(case.events.values_list("action", flat=True))


def dispatch(actor, case, to_org, **kwargs):
    return services.case_dispatch(
        actor=actor, case=case, to_org=to_org, expected_version=case.version, **kwargs
    )


def accept(actor, case):
    return services.case_accept(actor=actor, case=case, expected_version=case.version)


def close(actor, case, **overrides):
    kwargs = dict(
        result=Result.RESOLVED,
        outcome="协调企业支付全部欠薪。",
        money_recovered="12000",
        workers_benefited=12,
        expected_version=case.version,
    )
    kwargs.update(overrides)
    return services.case_close(actor=actor, case=case, **kwargs)


# --- 登记 -----------------------------------------------------------------------------------


def test_intake_numbers_the_case_and_waits_at_the_call_centre(agent, tree):
    case = intake(agent, received_at=beijing(2026, 9, 30, 10, 0))
    case.refresh_from_db()
    assert case.number == "12351-20260930-0001"
    assert case.status == CaseStatus.RECEIVED
    assert case.holder == tree.province
    assert case.handler is None and case.created_by == agent
    assert case.deadline == beijing(2026, 10, 13, 23, 59, 59, 999999)
    assert case.deadline_from == case.received_at
    assert case.amount_involved == Decimal("80000.00")
    assert case.version == 1
    assert actions(case) == [EventAction.INTAKE]
    event = case.events.get()
    assert (event.actor, event.actor_org, event.to_org) == (agent, tree.province, tree.province)
    row = AuditLog.objects.get(action="case.intake")
    assert row.changes["caller_phone"] == "139****4321"
    assert row.changes["caller_name"] == "李**"


def test_numbers_run_per_day_of_receipt(agent):
    first = intake(agent, received_at=beijing(2026, 9, 30, 9, 0))
    second = intake(agent, received_at=beijing(2026, 9, 30, 23, 59))
    other_day = intake(agent, received_at=beijing(2026, 10, 1, 0, 1))
    assert [first.number, second.number, other_day.number] == [
        "12351-20260930-0001",
        "12351-20260930-0002",
        "12351-20261001-0001",
    ]
    assert CaseSequence.objects.get(day=date(2026, 9, 30)).last == 2


def test_caller_data_is_encrypted_at_rest_and_shown_masked(agent):
    case = intake(agent, id_number=ID_NUMBER, caller_phone="139-8765 4321")
    case.refresh_from_db()
    assert (case.caller_name, case.caller_phone, case.caller_id_number) == (
        "李建国",
        PHONE,
        ID_NUMBER,
    )
    assert case.caller_phone_masked == "139****4321"
    assert case.caller_name_masked == "李**"
    assert case.caller_id_number_masked == "620102********0044"
    for table in ("hotline_case", "hotline_caseevent", "audit_auditlog"):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dump = repr(cursor.fetchall())
        for secret in (PHONE, ID_NUMBER, "李建国", PHONE.encode().hex()):
            assert secret not in dump, (table, secret)


def test_intake_links_the_callers_membership(agent, tree, make_member):
    member = make_member(tree.base_a, id_number=ID_NUMBER)
    linked = intake(agent, id_number=ID_NUMBER.lower())
    unlinked = intake(agent, id_number="620103197702280038")
    anonymous = intake(agent)
    assert linked.member == member
    assert unlinked.member is None and unlinked.caller_id_hash
    assert anonymous.member is None and anonymous.caller_id_enc is None


def test_intake_takes_a_fixed_line_with_area_code(agent):
    case = intake(agent, caller_phone="0931-8123456")
    assert case.caller_phone == "09318123456"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"channel": "fax"}, "channel"),
        ({"caller_name": "  "}, "caller_name"),
        ({"caller_name": "张" * 41}, "caller_name"),
        ({"caller_phone": "12345"}, "caller_phone"),
        ({"kind": "complaint"}, "kind"),
        ({"category": "劳动报酬"}, "category"),
        ({"complexity": "urgent"}, "complexity"),
        ({"description": ""}, "description"),
        ({"workers_affected": -1}, "workers_affected"),
        ({"workers_affected": "3.5"}, "workers_affected"),
        ({"amount_involved": "-1"}, "amount_involved"),
        ({"amount_involved": "12.345"}, "amount_involved"),
        ({"amount_involved": "一万"}, "amount_involved"),
        ({"amount_involved": "NaN"}, "amount_involved"),
        ({"id_number": "620102198506060045"}, "id_number"),
        ({"received_at": timezone.now() + timedelta(hours=1)}, "received_at"),
    ],
)
def test_intake_refuses_bad_input_in_chinese_and_writes_nothing(agent, overrides, field):
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        intake(agent, **overrides)
    assert exc.value.field == field
    assert CJK.search(exc.value.message)
    assert counts() == before
    assert not CaseSequence.objects.exists()


def test_intake_refuses_a_workplace_that_is_not_a_county(agent, tree):
    with pytest.raises(ApplicationError) as exc:
        intake(agent, county=tree.lanzhou)
    assert exc.value.field == "county"
    assert intake(agent, county=tree.chengguan).county == tree.chengguan


def test_only_agents_take_calls_and_the_refusal_is_audited(staff):
    before = Case.objects.count()
    with pytest.raises(Forbidden) as exc:
        intake(staff.county_admin)
    assert exc.value.message == services.AGENT_ONLY.format(action="登记工单")
    assert Case.objects.count() == before
    row = AuditLog.objects.get(action="access.denied")
    assert (row.actor, row.result) == (staff.county_admin, "denied")


@pytest.mark.parametrize("worker", [None, AnonymousUser()])
def test_a_worker_may_file_online_without_an_account(tree, worker):
    case = intake(worker, channel=Channel.ONLINE)
    assert case.holder == tree.province and case.created_by is None
    with pytest.raises(Forbidden):
        intake(worker, channel=Channel.PHONE)


# --- 派单 / 接单 ----------------------------------------------------------------------------


def test_dispatch_sends_the_case_down_and_records_the_service_target(agent, tree):
    case = intake(agent)
    case = dispatch(agent, case, tree.chengguan, note="请城关区总工会核实处理")
    case.refresh_from_db()
    assert case.status == CaseStatus.DISPATCHED
    assert case.holder == tree.chengguan
    assert case.version == 2
    assert case.dispatch_in_time is True
    event = case.events.last()
    assert (event.action, event.from_org, event.to_org) == (
        EventAction.DISPATCH,
        tree.province,
        tree.chengguan,
    )
    assert event.note == "请城关区总工会核实处理"
    assert AuditLog.objects.filter(action="case.dispatch", object_id=str(case.pk)).exists()


def test_dispatch_may_regrade_the_complexity_and_the_deadline_follows(agent, tree):
    # An online complaint arrives graded 一般; the agent finds it 较难 when dispatching.
    received = beijing(2026, 9, 30, 10, 0)
    case = intake(agent, complexity=Complexity.SIMPLE, received_at=received)
    assert case.deadline == compute_deadline(received, Complexity.SIMPLE, case.category)
    case = dispatch(agent, case, tree.chengguan, complexity=Complexity.HARD)
    case.refresh_from_db()
    assert case.complexity == Complexity.HARD
    assert case.deadline == compute_deadline(received, Complexity.HARD, case.category)
    assert timezone.localtime(case.deadline).date() == date(2026, 10, 13)
    assert case.events.last().data["complexity"] == [Complexity.SIMPLE, Complexity.HARD]


def test_dispatch_refuses_an_unknown_complexity_and_changes_nothing(agent, tree):
    case = intake(agent)
    before = snapshot(case)
    with pytest.raises(ApplicationError) as exc:
        dispatch(agent, case, tree.chengguan, complexity="urgent")
    assert exc.value.field == "complexity"
    assert snapshot(case) == before


def test_dispatch_later_than_30_minutes_misses_the_target(agent, tree):
    case = intake(agent, received_at=timezone.now() - timedelta(minutes=31))
    case = dispatch(agent, case, tree.chengguan)
    assert case.dispatch_in_time is False


def test_only_an_agent_dispatches(agent, staff, tree):
    case = intake(agent)
    before = snapshot(case)
    for actor in (staff.county_admin, staff.city_admin):
        with pytest.raises(Forbidden):
            dispatch(actor, case, tree.chengguan)
    assert snapshot(case) == before


def test_dispatch_refuses_a_dissolved_union(agent, staff, tree):
    org_dissolve(actor=staff.sysadmin, org=tree.base_b)
    tree.base_b.refresh_from_db()
    case = intake(agent)
    before = snapshot(case)
    with pytest.raises(ApplicationError) as exc:
        dispatch(agent, case, tree.base_b)
    assert exc.value.message == services.TARGET_INACTIVE.format(name="兰州乙公司工会")
    assert snapshot(case) == before


def test_accept_makes_the_user_the_handler(agent, staff, tree):
    case = dispatch(agent, intake(agent), tree.chengguan)
    case = accept(staff.county_staff, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert case.handler == staff.county_staff
    assert case.accept_in_time is True
    assert actions(case)[-1] == EventAction.ACCEPT


def test_accept_later_than_2_hours_after_dispatch_misses_the_target(agent, staff, tree):
    case = dispatch(agent, intake(agent), tree.chengguan)
    Case.objects.filter(pk=case.pk).update(dispatched_at=timezone.now() - timedelta(hours=3))
    case = accept(staff.county_staff, case)
    assert case.accept_in_time is False


def test_an_ancestor_of_the_holder_may_act(agent, staff, tree):
    case = dispatch(agent, intake(agent), tree.chengguan)
    case = accept(staff.city_admin, case)
    assert case.handler == staff.city_admin


@pytest.mark.parametrize(
    ("who", "message_key"),
    [
        ("sibling_admin", "NOT_HOLDER"),  # 七里河区: a sibling of the holder
        ("tianshui_admin", "NOT_HOLDER"),  # another city
        ("base_admin", "NOT_HOLDER"),  # below the holder is not enough
        ("county_auditor", "NO_PERMISSION"),  # in scope, but may only look
        ("agent", "NO_PERMISSION"),  # the province is above, but agents do not handle
    ],
)
def test_only_the_holder_or_an_ancestor_with_the_permission_may_accept(
    agent, staff, tree, who, message_key
):
    actor = agent if who == "agent" else getattr(staff, who)
    case = dispatch(agent, intake(agent), tree.chengguan)
    before = snapshot(case)
    with pytest.raises(Forbidden) as exc:
        accept(actor, case)
    template = getattr(services, message_key)
    assert exc.value.message == template.format(holder="城关区总工会", action="接单")
    assert snapshot(case) == before
    row = AuditLog.objects.filter(action="access.denied").latest("id")
    assert (row.actor, row.result, row.object_id) == (actor, "denied", str(case.pk))


# --- 退单 / 转派 -----------------------------------------------------------------------------


def test_return_goes_back_to_the_call_centre_and_can_be_dispatched_again(agent, staff, tree):
    case = dispatch(agent, intake(agent), tree.qilihe)
    with pytest.raises(ApplicationError) as exc:
        services.case_return(
            actor=staff.sibling_admin, case=case, reason=" ", expected_version=case.version
        )
    assert exc.value.field == "reason"
    case = services.case_return(
        actor=staff.sibling_admin,
        case=case,
        reason="用人单位在城关区，请改派",
        expected_version=case.version,
    )
    assert (case.status, case.holder, case.handler) == (CaseStatus.RETURNED, tree.province, None)
    event = case.events.last()
    assert (event.action, event.from_org, event.to_org, event.note) == (
        EventAction.RETURN,
        tree.qilihe,
        tree.province,
        "用人单位在城关区，请改派",
    )
    case = dispatch(agent, case, tree.chengguan)
    assert (case.status, case.holder) == (CaseStatus.DISPATCHED, tree.chengguan)
    assert case.dispatch_in_time is True  # judged on the first dispatch


def test_transfer_down_to_a_township_which_closes_it(agent, staff, tree, township_staff):
    case = accept(staff.county_admin, dispatch(agent, intake(agent), tree.chengguan))
    case = services.case_transfer(
        actor=staff.county_admin,
        case=case,
        to_org=tree.donggang,
        note="请街道工会上门核实",
        expected_version=case.version,
    )
    assert (case.status, case.holder, case.handler) == (
        CaseStatus.DISPATCHED,
        tree.donggang,
        None,
    )
    case = accept(township_staff, case)
    case = close(township_staff, case, money_recovered="12000", lawyer="王律师")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.money_recovered == Decimal("12000.00")
    assert (case.lawyer_involved, case.lawyer_name) == (True, "王律师")
    assert actions(case) == ["intake", "dispatch", "accept", "transfer", "accept", "close"]
    assert case.events.get(action="close").data["on_time"] is True


@pytest.mark.parametrize("target", ["qilihe", "chengguan", "lanzhou"])
def test_transfer_only_to_a_descendant_of_the_holder(agent, staff, tree, target):
    case = dispatch(agent, intake(agent), tree.chengguan)
    before = snapshot(case)
    with pytest.raises(ApplicationError) as exc:
        services.case_transfer(
            actor=staff.city_admin,
            case=case,
            to_org=getattr(tree, target),
            expected_version=case.version,
        )
    assert exc.value.message == services.TRANSFER_NOT_BELOW.format(holder="城关区总工会")
    assert snapshot(case) == before


# --- 办理进展 / 办结 -------------------------------------------------------------------------


def test_notes_and_contacts_are_logged_without_changing_the_version(agent, staff, tree):
    case = accept(staff.county_staff, dispatch(agent, intake(agent), tree.chengguan))
    services.case_note(actor=staff.county_staff, case=case, note="已约谈企业负责人")
    services.case_note(actor=staff.county_staff, case=case, note="电话告知来电人进展", contact=True)
    services.case_note(actor=agent, case=case, note="来电人来电询问进度", contact=True)
    assert actions(case)[-3:] == [EventAction.NOTE, EventAction.CONTACT, EventAction.CONTACT]
    assert Case.objects.get(pk=case.pk).version == case.version
    with pytest.raises(ApplicationError) as exc:
        services.case_note(actor=staff.county_staff, case=case, note="")
    assert exc.value.field == "note"
    with pytest.raises(Forbidden):
        services.case_note(actor=staff.sibling_admin, case=case, note="越权")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"result": "done"}, "result"),
        ({"result": Result.NOT_ACCEPTED}, "reason"),  # 不予受理 needs its reason
        ({"result": Result.LEGAL_AID, "reason": ""}, "reason"),
        ({"outcome": ""}, "outcome"),
        ({"money_recovered": "-5"}, "money_recovered"),
        ({"money_recovered": "1.005"}, "money_recovered"),
        ({"workers_benefited": -2}, "workers_benefited"),
    ],
)
def test_close_refuses_bad_input_and_changes_nothing(agent, staff, tree, overrides, field):
    case = accept(staff.county_staff, dispatch(agent, intake(agent), tree.chengguan))
    before = snapshot(case)
    with pytest.raises(ApplicationError) as exc:
        close(staff.county_staff, case, **overrides)
    assert exc.value.field == field
    assert CJK.search(exc.value.message)
    assert snapshot(case) == before


def test_close_with_a_result_and_its_reason(agent, staff, tree):
    case = accept(staff.county_staff, dispatch(agent, intake(agent), tree.chengguan))
    case = close(
        staff.county_staff,
        case,
        result=Result.MEDIATION,
        reason="企业拒不支付，引导申请劳动争议调解",
        money_recovered=0,
        workers_benefited=0,
    )
    case.refresh_from_db()
    assert (case.result, case.result_reason) == (
        Result.MEDIATION,
        "企业拒不支付，引导申请劳动争议调解",
    )
    assert case.closed_at is not None and not case.lawyer_involved


# --- 回访 ----------------------------------------------------------------------------------


def test_satisfied_callback_finishes_the_case(agent, case_in):
    case = case_in("closed")
    case = services.case_callback(actor=agent, case=case, rating=Rating.SATISFIED, comment="很好")
    case.refresh_from_db()
    assert (case.status, case.rating, case.rating_comment) == (
        CaseStatus.EVALUATED,
        Rating.SATISFIED,
        "很好",
    )
    assert case.callback_at is not None
    with pytest.raises(ApplicationError) as exc:
        services.case_callback(actor=agent, case=case, rating=Rating.SATISFIED)
    assert exc.value.code == "wrong_status"


def test_unsatisfied_callback_reopens_at_the_same_handler_with_a_new_deadline(
    agent, staff, case_in
):
    case = case_in("closed")
    holder, handler = case.holder_id, case.handler_id
    case = services.case_callback(
        actor=agent, case=case, rating=Rating.UNSATISFIED, comment="只追回一半", reopen=True
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert (case.holder_id, case.handler_id) == (holder, handler)
    assert case.reopen_count == 1
    assert case.deadline_from > case.received_at
    assert case.deadline == compute_deadline(case.deadline_from, case.complexity, case.category)
    assert (case.closed_at, case.result) == (None, "")
    assert actions(case)[-2:] == [EventAction.CALLBACK, EventAction.REOPEN]
    # closed again and called back again: the count keeps growing
    case = close(staff.sysadmin, case)
    case = services.case_callback(actor=agent, case=case, rating=Rating.UNSATISFIED, reopen=True)
    assert case.reopen_count == 2


def test_unsatisfied_without_reopening_is_final(agent, case_in):
    case = services.case_callback(actor=agent, case=case_in("closed"), rating=Rating.UNSATISFIED)
    assert (case.status, case.reopen_count) == (CaseStatus.EVALUATED, 0)


def test_only_unsatisfied_may_reopen(agent, case_in):
    case = case_in("closed")
    before = snapshot(case)
    with pytest.raises(ApplicationError) as exc:
        services.case_callback(actor=agent, case=case, rating=Rating.BASIC, reopen=True)
    assert exc.value.message == services.REOPEN_NEEDS_UNSATISFIED
    assert snapshot(case) == before


def test_only_agents_call_back(staff, case_in):
    case = case_in("closed")
    with pytest.raises(Forbidden):
        services.case_callback(actor=staff.county_admin, case=case, rating=Rating.SATISFIED)


# --- 督办 ----------------------------------------------------------------------------------


def test_supervision_by_the_level_above(agent, staff, tree):
    case = accept(staff.county_staff, dispatch(agent, intake(agent), tree.chengguan))
    case = services.case_supervise(actor=staff.city_admin, case=case, note="请加快办理")
    services.case_supervise(actor=staff.sysadmin, case=case, note="省总督办")
    case.refresh_from_db()
    assert (case.supervised, case.supervise_count) == (True, 2)
    assert case.version == 3  # supervision leaves the handler's form valid
    event = case.events.filter(action=EventAction.SUPERVISE).first()
    assert (event.actor, event.actor_org, event.note) == (
        staff.city_admin,
        tree.lanzhou,
        "请加快办理",
    )


def test_supervision_notifies_the_holding_union(agent, staff, tree):
    from gonghui.notifications.selectors import unread, unread_count

    case = accept(staff.county_staff, dispatch(agent, intake(agent), tree.chengguan))
    before = unread_count(user=staff.county_staff)
    services.case_supervise(actor=staff.city_admin, case=case, note="请加快办理")
    assert unread_count(user=staff.county_staff) == before + 1
    notice = unread(user=staff.county_staff).get(kind="supervised")
    assert (notice.ref, notice.body) == (case.number, "请加快办理")
    assert "兰州市总工会" in notice.title
    assert unread_count(user=staff.sibling_admin) == 0


@pytest.mark.parametrize("who", ["county_admin", "county_staff", "sibling_admin", "base_admin"])
def test_supervision_refused_to_the_holder_itself_and_to_others(agent, staff, tree, who):
    case = dispatch(agent, intake(agent), tree.chengguan)
    before = snapshot(case)
    with pytest.raises(Forbidden):
        services.case_supervise(actor=getattr(staff, who), case=case, note="督办")
    assert snapshot(case) == before


# --- every state against every action --------------------------------------------------------

ALLOWED = {
    "dispatch": {"received", "returned"},
    "accept": {"dispatched"},
    "return": {"dispatched"},
    "transfer": {"dispatched", "accepted"},
    "note": {"received", "returned", "dispatched", "accepted", "closed"},
    "close": {"accepted"},
    "callback": {"closed"},
    "supervise": {"dispatched", "accepted"},
}
STATES = ["received", "dispatched", "accepted", "returned", "closed", "evaluated"]


def act(action: str, actor, case: Case, tree):
    version = case.version
    if action == "dispatch":
        return dispatch(actor, case, tree.chengguan)
    if action == "accept":
        return accept(actor, case)
    if action == "return":
        return services.case_return(actor=actor, case=case, reason="退回", expected_version=version)
    if action == "transfer":
        return services.case_transfer(
            actor=actor, case=case, to_org=tree.donggang, expected_version=version
        )
    if action == "note":
        return services.case_note(actor=actor, case=case, note="进展")
    if action == "close":
        return close(actor, case)
    if action == "callback":
        return services.case_callback(actor=actor, case=case, rating=Rating.SATISFIED)
    return services.case_supervise(actor=actor, case=case, note="督办")


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_every_action_in_every_state(staff, tree, case_in, state, action):
    # The system administrator holds every permission over the whole province, so the state
    # alone decides.
    case = case_in(state)
    if state in ALLOWED[action]:
        act(action, staff.sysadmin, case, tree)
        return
    before, audits = snapshot(case), AuditLog.objects.count()
    with pytest.raises(ApplicationError) as exc:
        act(action, staff.sysadmin, case, tree)
    assert exc.value.code == "wrong_status"
    assert f"「{CaseStatus(state).label}」" in exc.value.message
    assert snapshot(case) == before
    assert AuditLog.objects.count() == audits


# --- two people at once ----------------------------------------------------------------------


def test_a_stale_version_is_refused_and_changes_nothing(agent, staff, tree):
    case = dispatch(agent, intake(agent), tree.chengguan)
    seen = case.version
    accept(staff.county_staff, case)
    before = snapshot(case)
    with pytest.raises(Conflict) as exc:
        services.case_accept(actor=staff.county_admin, case=case, expected_version=seen)
    assert exc.value.message == services.STALE
    with pytest.raises(Conflict):
        services.case_return(
            actor=staff.county_admin, case=case, reason="退回", expected_version=seen
        )
    assert snapshot(case) == before
    assert Case.objects.get(pk=case.pk).handler == staff.county_staff


@pytest.mark.django_db(transaction=True)
def test_two_agents_saving_at_the_same_instant_get_different_numbers(agent, make_user, tree):
    from gonghui.accounts.permissions import ROLE_AGENT

    other = make_user("agent2", tree.province, ROLE_AGENT)
    received = beijing(2026, 9, 30, 10, 0)
    outcomes = race(
        lambda: intake(agent, received_at=received),
        lambda: intake(other, received_at=received),
    )
    assert all(isinstance(o, Case) for o in outcomes), outcomes
    assert sorted(o.number for o in outcomes) == ["12351-20260930-0001", "12351-20260930-0002"]
    assert CaseSequence.objects.get(day=date(2026, 9, 30)).last == 2


@pytest.mark.django_db(transaction=True)
def test_two_handlers_accepting_at_once_one_wins(agent, staff, tree):
    case = dispatch(agent, intake(agent), tree.chengguan)
    outcomes = race(
        lambda: accept(staff.county_staff, case),
        lambda: accept(staff.county_admin, case),
    )
    won = [o for o in outcomes if isinstance(o, Case)]
    lost = [o for o in outcomes if not isinstance(o, Case)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert isinstance(lost[0], Conflict)
    case.refresh_from_db()
    assert case.handler_id == won[0].handler_id
    assert case.version == 3
    assert case.events.filter(action=EventAction.ACCEPT).count() == 1


# --- the calendar changes --------------------------------------------------------------------


@pytest.fixture
def in_january_2027():
    with mock.patch("django.utils.timezone.now", return_value=beijing(2027, 1, 20, 9, 0)):
        yield


@pytest.mark.usefixtures("in_january_2027")
@pytest.mark.raw_inbox_writes  # a case closed by a raw write
def test_entering_next_years_holidays_moves_open_deadlines(
    agent, staff, tree, django_capture_on_commit_callbacks
):
    from gonghui.workcalendar.services import calendar_day_set

    received = beijing(2026, 12, 31, 10, 0)
    hard = intake(agent, received_at=received)
    simple = intake(agent, received_at=received, complexity=Complexity.SIMPLE)
    later = intake(agent, received_at=beijing(2027, 1, 11, 10, 0))
    done = intake(agent, received_at=received)
    Case.objects.filter(pk=done.pk).update(status=CaseStatus.CLOSED)
    assert hard.deadline == beijing(2027, 1, 7, 23, 59, 59, 999999)
    untouched = snapshot(later), snapshot(done)

    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(actor=staff.sysadmin, day=date(2027, 1, 1), kind="holiday", name="元旦")

    hard.refresh_from_db()
    simple.refresh_from_db()
    assert hard.deadline == beijing(2027, 1, 8, 23, 59, 59, 999999)
    assert simple.deadline == beijing(2026, 12, 31, 23, 59, 59, 999999)  # same day, unchanged
    assert (snapshot(later), snapshot(done)) == untouched
    event = hard.events.get(action=EventAction.DEADLINE)
    assert event.actor is None
    assert event.data["new"] == "2027-01-08T23:59:59.999999+08:00"
    assert hard.version == 1


@pytest.mark.usefixtures("in_january_2027")
def test_recompute_reaches_a_case_received_on_a_changed_day(agent):
    from gonghui.workcalendar.models import CalendarDay

    saturday = beijing(2027, 1, 2, 10, 0)
    simple = intake(agent, received_at=saturday, complexity=Complexity.SIMPLE)
    assert simple.deadline == beijing(2027, 1, 4, 23, 59, 59, 999999)
    CalendarDay.objects.create(day=date(2027, 1, 2), kind="workday", name="调休")
    assert services.cases_recompute_deadlines(days=[date(2027, 1, 2)]) == 1
    simple.refresh_from_db()
    assert simple.deadline == beijing(2027, 1, 2, 23, 59, 59, 999999)
    # already right: nothing moves, no timeline row
    assert services.cases_recompute_deadlines(days=[date(2027, 1, 2)]) == 0
    assert simple.events.filter(action=EventAction.DEADLINE).count() == 1


def test_every_timeline_action_reads_in_chinese_in_the_audit_log():
    from gonghui.audit.actions import ACTION_LABELS

    for action in EventAction.values:
        assert CJK.search(ACTION_LABELS[f"case.{action}"]), action
