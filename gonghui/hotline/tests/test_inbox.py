"""The hotline's 待办: after every step of a case, each affected user's inbox is right (the item
with the right org, kind and due time; nobody else sees it), the table agrees with the kinds'
own queries, and each event sends one notice to the side it concerns.

The autouse `inbox_consistent` (conftest) also checks the table after every hotline test."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.conftest import login
from gonghui.hotline import services
from gonghui.hotline.codes import CaseStatus, Rating, Result
from gonghui.hotline.models import Case
from gonghui.hotline.tests.conftest import beijing, intake
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import check_items, inbox_count, visible_items
from gonghui.notifications.models import Notification, NotificationKind


def items(user) -> list[tuple[str, str]]:
    """The user's items as (kind, case number)."""
    numbers = dict(Case.objects.values_list("pk", "number"))
    return sorted((i.kind, numbers[int(i.ref)]) for i in visible_items(user))


def notices(kind=None) -> list[tuple[str, str]]:
    """(recipient org, title) of the notices sent, oldest first; then forgotten."""
    rows = Notification.objects.order_by("pk")
    if kind is not None:
        rows = rows.filter(kind=kind)
    sent = list(rows.values_list("recipient_org__name", "title"))
    Notification.objects.all().delete()
    return sent


def dispatch(actor, case, to_org):
    return services.case_dispatch(
        actor=actor, case=case, to_org=to_org, expected_version=case.version
    )


def accept(actor, case):
    return services.case_accept(actor=actor, case=case, expected_version=case.version)


def transfer(actor, case, to_org):
    return services.case_transfer(
        actor=actor, case=case, to_org=to_org, expected_version=case.version
    )


def close(actor, case):
    return services.case_close(
        actor=actor,
        case=case,
        result=Result.RESOLVED,
        outcome="协调企业支付全部欠薪。",
        expected_version=case.version,
    )


@pytest.fixture
def people(staff, agent, township_staff):
    """Who acts on a case dispatched to 城关区 and passed down to 东岗西路街道, and who must not
    see it."""
    staff.agent, staff.township_staff = agent, township_staff
    return staff


def test_every_step_leaves_each_inbox_right(people, tree):
    p = people
    bystanders = [p.sibling_admin, p.city_admin, p.base_admin, p.county_auditor]

    case = intake(p.agent)
    n = case.number
    assert items(p.agent) == [("hotline.dispatch", n)]
    item = OpenItem.objects.get()
    assert item.org_id == tree.province.pk
    assert item.due_at == case.received_at + timedelta(minutes=30)
    assert item.link == reverse("hotline:dispatch", args=[n])
    assert "待派单" in item.summary and "李建国" not in item.summary
    assert [inbox_count(u) for u in [p.county_admin, *bystanders]] == [0] * 5
    assert notices() == [], "a case the agent wrote himself is no news to him"
    assert check_items() == []

    case = dispatch(p.agent, case, tree.chengguan)
    assert items(p.agent) == []
    assert items(p.county_admin) == items(p.county_staff) == [("hotline.accept", n)]
    assert OpenItem.objects.get().due_at == case.dispatched_at + timedelta(hours=2)
    assert [inbox_count(u) for u in [p.township_staff, *bystanders]] == [0] * 5
    assert notices() == [("城关区总工会", "新待办：待接单工单")]
    assert check_items() == []

    case = accept(p.county_staff, case)
    assert items(p.county_admin) == [("hotline.handle", n)]
    assert OpenItem.objects.get().due_at == case.deadline
    assert notices() == []
    assert check_items() == []

    case = transfer(p.county_staff, case, tree.donggang)
    assert items(p.county_admin) == []
    assert items(p.township_staff) == [("hotline.accept", n)]
    assert notices() == [("东岗西路街道工会", "新待办：待接单工单")]

    case = accept(p.township_staff, case)
    case = close(p.township_staff, case)
    assert items(p.township_staff) == []
    assert items(p.agent) == [("hotline.callback", n)]
    callback = OpenItem.objects.get()
    assert callback.org_id == tree.province.pk and callback.due_at is None
    assert callback.link.endswith("#callback")
    # Decided: the centre that dispatched it and 城关, which passed it down.
    assert notices(NotificationKind.DECIDED) == [
        ("甘肃省总工会", f"工单 {n} 已由「东岗西路街道工会」办结"),
        ("城关区总工会", f"工单 {n} 已由「东岗西路街道工会」办结"),
    ]
    assert check_items() == []

    case = services.case_callback(
        actor=p.agent, case=case, rating=Rating.UNSATISFIED, comment="只发了一半", reopen=True
    )
    assert items(p.agent) == []
    assert items(p.township_staff) == [("hotline.handle", n)]
    assert "重新办理" in OpenItem.objects.get().summary
    assert OpenItem.objects.get().due_at == case.deadline
    assert notices() == [("东岗西路街道工会", f"工单 {n} 回访不满意，退回本会重新办理")]

    case = close(p.township_staff, case)
    services.case_callback(actor=p.agent, case=case, rating=Rating.SATISFIED)
    assert not OpenItem.objects.exists()
    assert [inbox_count(u) for u in [p.agent, p.county_admin, p.township_staff]] == [0, 0, 0]
    assert check_items() == []


def test_a_return_goes_back_to_the_agents_and_tells_them_why(people, tree):
    p = people
    case = dispatch(p.agent, intake(p.agent), tree.qilihe)
    notices()
    case = services.case_return(
        actor=p.sibling_admin, case=case, reason="企业注册地不在本区", expected_version=case.version
    )
    assert items(p.sibling_admin) == []
    assert items(p.agent) == [("hotline.dispatch", case.number)]
    item = OpenItem.objects.get()
    assert "已退单" in item.summary and item.due_at == case.deadline
    assert notices() == [("甘肃省总工会", f"工单 {case.number} 被「七里河区总工会」退单")]
    assert Notification.objects.count() == 0

    case = dispatch(p.agent, case, tree.chengguan)
    assert items(p.county_admin) == [("hotline.accept", case.number)]
    assert notices() == [("城关区总工会", "新待办：待接单工单")]


def test_a_return_after_a_transfer_tells_the_union_that_passed_it_down(people, tree):
    p = people
    case = dispatch(p.agent, intake(p.agent), tree.chengguan)
    case = transfer(p.county_admin, case, tree.donggang)
    notices()
    services.case_return(
        actor=p.township_staff, case=case, reason="不属本街道", expected_version=case.version
    )
    title = f"工单 {case.number} 被「东岗西路街道工会」退单"
    decided = Notification.objects.filter(kind=NotificationKind.DECIDED)
    assert sorted(decided.values_list("recipient_org__name", "title", "body")) == [
        ("城关区总工会", title, "不属本街道"),
        ("甘肃省总工会", title, "不属本街道"),
    ]


def test_a_transfer_before_acceptance_is_new_work_for_the_new_holder(people, tree):
    p = people
    case = dispatch(p.agent, intake(p.agent), tree.chengguan)
    notices()
    case = transfer(p.county_admin, case, tree.donggang)
    assert items(p.county_admin) == []
    assert items(p.township_staff) == [("hotline.accept", case.number)]
    assert OpenItem.objects.get().due_at == case.dispatched_at + timedelta(hours=2)
    assert notices() == [("东岗西路街道工会", "新待办：待接单工单")]


def test_the_accept_target_never_runs_past_the_deadline(people, tree):
    case = intake(people.agent)
    Case.objects.filter(pk=case.pk).update(deadline=case.received_at + timedelta(minutes=20))
    case = dispatch(people.agent, Case.objects.get(pk=case.pk), tree.chengguan)
    assert OpenItem.objects.get().due_at == case.deadline


def test_supervision_is_answered_by_the_holding_union(people, tree):
    p = people
    case = accept(p.county_staff, dispatch(p.agent, intake(p.agent), tree.chengguan))
    notices()
    services.case_supervise(actor=p.city_admin, case=case, note="请加快办理")
    assert items(p.county_admin) == [
        ("hotline.handle", case.number),
        ("hotline.supervised", case.number),
    ]
    supervised = OpenItem.objects.get(kind="hotline.supervised")
    assert "第 1 次" in supervised.summary and supervised.due_at == case.deadline
    assert items(p.city_admin) == [], "the supervising union sees who is behind, not the item"
    # One notice for the 督办: the hotline's own, no second 新待办.
    assert notices() == [("城关区总工会", f"工单 {case.number} 被「兰州市总工会」督办")]
    assert check_items() == []

    # Notes by others (an agent, the supervising union) do not answer it.
    services.case_note(actor=p.agent, case=case, note="来电人再次来电催办")
    services.case_note(actor=p.city_admin, case=case, note="已电话督促")
    assert OpenItem.objects.filter(kind="hotline.supervised").exists()

    services.case_note(actor=p.county_staff, case=case, note="已约谈企业，下周付清")
    assert items(p.county_admin) == [("hotline.handle", case.number)]
    assert check_items() == []

    # A second 督办 opens it again; closing the case answers it.
    services.case_supervise(actor=p.city_admin, case=case, note="仍未办结")
    assert "第 2 次" in OpenItem.objects.get(kind="hotline.supervised").summary
    close(p.county_staff, case)
    assert items(p.county_admin) == []
    assert check_items() == []


def test_supervision_of_a_case_not_yet_accepted_is_answered_by_accepting(people, tree):
    p = people
    case = dispatch(p.agent, intake(p.agent), tree.chengguan)
    services.case_supervise(actor=p.city_admin, case=case, note="请尽快接单")
    assert items(p.county_admin) == [
        ("hotline.accept", case.number),
        ("hotline.supervised", case.number),
    ]
    accept(p.county_admin, case)
    assert items(p.county_admin) == [("hotline.handle", case.number)]


def test_a_transferred_case_leaves_the_supervision_with_the_union_that_answered(people, tree):
    p = people
    case = accept(p.county_staff, dispatch(p.agent, intake(p.agent), tree.chengguan))
    services.case_supervise(actor=p.city_admin, case=case, note="请加快办理")
    transfer(p.county_staff, case, tree.donggang)
    assert items(p.county_admin) == []
    assert items(p.township_staff) == [("hotline.accept", case.number)]


def test_online_complaints_and_the_callers_own_rating(people, tree):
    p = people
    case = services.case_intake_online(
        caller_name="王芳",
        caller_phone="13912345678",
        kind="demand",
        category="wages",
        description="公司拖欠三个月工资。",
    )
    assert items(p.agent) == [("hotline.dispatch", case.number)]
    case = close(p.county_admin, accept(p.county_admin, dispatch(p.agent, case, tree.chengguan)))
    assert items(p.agent) == [("hotline.callback", case.number)]
    services.case_rate_by_caller(case=case, rating=Rating.SATISFIED)
    assert items(p.agent) == []
    assert Case.objects.get(pk=case.pk).status == CaseStatus.EVALUATED


@pytest.fixture
def in_january_2027():
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=beijing(2027, 1, 4, 9, 0)):
        yield


@pytest.mark.usefixtures("in_january_2027")
def test_a_calendar_change_moves_the_items_due_times(
    people, tree, django_capture_on_commit_callbacks
):
    from gonghui.workcalendar.services import calendar_day_set

    case = accept(people.county_admin, dispatch(people.agent, intake(people.agent), tree.chengguan))
    old = OpenItem.objects.get().due_at
    assert old == case.deadline
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(actor=people.sysadmin, day=date(2027, 1, 6), kind="holiday", name="调休")
    case.refresh_from_db()
    assert case.deadline > old
    assert OpenItem.objects.get().due_at == case.deadline
    assert check_items() == []


def test_check_and_rebuild_find_and_fix_the_hotline_items(people, tree, capsys):
    p = people
    cases = [intake(p.agent) for _ in range(3)]
    dispatch(p.agent, cases[1], tree.chengguan)
    OpenItem.objects.filter(kind="hotline.accept").delete()
    OpenItem.objects.filter(kind="hotline.dispatch").update(org=tree.lanzhou)
    differences = check_items()
    assert f"hotline.accept {cases[1].pk}: 缺少" in differences
    assert len(differences) == 3
    with pytest.raises(SystemExit):
        call_command("inbox_check")
    call_command("inbox_rebuild")
    assert "hotline.dispatch：2 项" in capsys.readouterr().out
    assert check_items() == []
    assert items(p.county_admin) == [("hotline.accept", cases[1].number)]


def test_the_inbox_page_lists_the_cases_in_a_bounded_number_of_queries(people, tree):
    p = people

    def cases(n: int) -> None:
        for _ in range(n):
            case = dispatch(p.agent, intake(p.agent), tree.chengguan)
            case = accept(p.county_staff, dispatch(p.agent, intake(p.agent), tree.chengguan))
            services.case_supervise(actor=p.city_admin, case=case, note="请加快办理")

    def page(client) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("inbox:home")).content.decode()
        return len(queries), html

    client = login(p.county_admin)
    cases(1)
    client.get(reverse("inbox:home"))
    few, html = page(client)
    assert html.count('data-kind="hotline.') == 3
    cases(10)
    many, html = page(client)
    assert html.count('data-kind="hotline.accept"') == 8  # the first rows of each kind
    assert "查看全部 11 项" in html
    assert many == few <= 12


def test_the_agent_lands_on_the_console_with_the_badge(people, tree):
    intake(people.agent)
    intake(people.agent)
    html = login(people.agent).get(reverse("hotline:console")).content.decode()
    assert 'id="inbox-badge"' in html
    assert '<span class="badge badge-rejected" aria-label="待办事项">2</span>' in html
