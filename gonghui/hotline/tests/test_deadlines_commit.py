"""The working-day calendar moves open deadlines once its change really commits: the signal
comes from `transaction.on_commit`, outside any transaction, and the receiver hands the work to a
background task (`hotline.tasks.recompute_deadlines`). These tests commit for real
(transaction=True), unlike pytest-django's default, which runs on-commit callbacks inside the
test's transaction and so hid a `TransactionManagementError` on PostgreSQL."""

from datetime import date
from unittest import mock

import pytest
from django.test import override_settings
from django_tasks import default_task_backend

from gonghui.accounts.permissions import ROLE_AGENT, ROLE_SYSADMIN
from gonghui.hotline import tasks
from gonghui.hotline.codes import EventAction
from gonghui.hotline.models import Case
from gonghui.hotline.tests.conftest import beijing, intake
from gonghui.notifications.models import Notification
from gonghui.workcalendar.services import calendar_day_set

pytestmark = pytest.mark.django_db(transaction=True)

OLD_DEADLINE = beijing(2027, 1, 7, 23, 59, 59, 999999)
NEW_DEADLINE = beijing(2027, 1, 8, 23, 59, 59, 999999)
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def in_january_2027():
    with mock.patch("django.utils.timezone.now", return_value=beijing(2027, 1, 20, 9, 0)):
        yield


@pytest.fixture
def people(tree, make_user):
    class People:
        agent = make_user("agent", tree.province, ROLE_AGENT)
        sysadmin = make_user("sysadmin", tree.province, ROLE_SYSADMIN)
        other_sysadmin = make_user("sysadmin2", tree.lanzhou, ROLE_SYSADMIN)

    return People


def _open_case(agent) -> Case:
    case = intake(agent, received_at=beijing(2026, 12, 31, 10, 0))
    assert case.deadline == OLD_DEADLINE
    return case


def test_a_committed_calendar_change_moves_open_deadlines(people):
    case = _open_case(people.agent)

    calendar_day_set(actor=people.sysadmin, day=date(2027, 1, 1), kind="holiday", name="元旦")

    case.refresh_from_db()
    assert case.deadline == NEW_DEADLINE
    event = case.events.get(action=EventAction.DEADLINE)
    assert event.actor is None and event.data["new"] == "2027-01-08T23:59:59.999999+08:00"
    assert not Notification.objects.exists()


def test_the_calendar_edit_only_enqueues_the_recompute(people):
    case = _open_case(people.agent)
    with override_settings(TASKS=DUMMY_TASKS):
        default_task_backend.clear()
        calendar_day_set(actor=people.sysadmin, day=date(2027, 1, 1), kind="holiday", name="元旦")
        (result,) = default_task_backend.results
        assert result.task.func is tasks.recompute_deadlines.func
        assert result.args == [["2027-01-01"]]
        case.refresh_from_db()
        assert case.deadline == OLD_DEADLINE  # the request did not do the work
        assert result.task.call(*result.args) == 1
    case.refresh_from_db()
    assert case.deadline == NEW_DEADLINE


def test_recompute_in_chunks_moves_every_case(people, monkeypatch):
    from gonghui.hotline import services

    monkeypatch.setattr(services.deadlines, "RECOMPUTE_CHUNK", 2)
    cases = [_open_case(people.agent) for _ in range(5)]
    calendar_day_set(actor=people.sysadmin, day=date(2027, 1, 1), kind="holiday", name="元旦")
    assert {Case.objects.get(pk=c.pk).deadline for c in cases} == {NEW_DEADLINE}


def test_a_failing_recompute_is_reported_to_every_sysadmin(people, caplog):
    case = _open_case(people.agent)
    with mock.patch(
        "gonghui.hotline.services.cases_recompute_deadlines", side_effect=RuntimeError("boom")
    ):
        calendar_day_set(actor=people.sysadmin, day=date(2027, 1, 1), kind="holiday", name="元旦")

    case.refresh_from_db()
    assert case.deadline == OLD_DEADLINE
    notices = Notification.objects.order_by("recipient_user__username")
    assert [n.recipient_user for n in notices] == [people.sysadmin, people.other_sysadmin]
    assert {n.title for n in notices} == {f"后台处理失败：{tasks.RECOMPUTE_FAILED}"}
    assert "RuntimeError" in notices[0].body and "boom" not in notices[0].body
    assert "gonghui.hotline.tasks.recompute_deadlines failed" in caplog.text


def test_the_recompute_moves_the_inbox_items_with_the_deadlines(people, tree):
    from gonghui.hotline import services
    from gonghui.inbox.models import OpenItem
    from gonghui.inbox.selectors import check_items

    case = _open_case(people.agent)
    case = services.case_dispatch(
        actor=people.agent, case=case, to_org=tree.chengguan, expected_version=case.version
    )
    # Dispatched after its deadline: to be accepted by the deadline, already past.
    assert OpenItem.objects.get(kind="hotline.accept").due_at == OLD_DEADLINE

    calendar_day_set(actor=people.sysadmin, day=date(2027, 1, 1), kind="holiday", name="元旦")

    assert OpenItem.objects.get(kind="hotline.accept").due_at == NEW_DEADLINE
    assert check_items() == []
