"""The supervision sweep, with time frozen by passing `now`."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.permissions import ROLE_STAFF
from gonghui.hotline import tasks
from gonghui.hotline.models import Case
from gonghui.hotline.tests.conftest import beijing
from gonghui.inbox.services import refresh
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.notifications.selectors import unread_count
from gonghui.notifications.services import notification_mark_all_read, notification_mark_read

RECEIVED = beijing(2026, 3, 2, 9, 0)  # a Monday
DEADLINE = beijing(2026, 3, 6, 23, 59, 59)


def put(case: Case, **fields) -> Case:
    """Move a case's timestamps to the frozen clock of the test (its 待办 items follow, as
    after a service). The notices the steps themselves sent on the way (new work, decisions)
    are cleared: these tests count what the sweep sends, which is never of those kinds."""
    fields.setdefault("received_at", RECEIVED)
    fields.setdefault("deadline", DEADLINE)
    Case.objects.filter(pk=case.pk).update(**fields)
    refresh(case)
    Notification.objects.filter(kind__in=[NotificationKind.WORK, NotificationKind.DECIDED]).delete()
    return Case.objects.select_related("holder").get(pk=case.pk)


@pytest.fixture
def accepted(case_in):
    """Accepted at 城关区 (under 兰州市) in time."""
    case = case_in("accepted")
    return put(
        case,
        dispatched_at=RECEIVED + timedelta(minutes=10),
        accepted_at=RECEIVED + timedelta(minutes=40),
    )


def kinds(**filters) -> list[tuple[str, str]]:
    rows = Notification.objects.filter(**filters).order_by("recipient_org__path", "kind")
    return list(rows.values_list("recipient_org__name", "kind"))


def test_overdue_case_notifies_holder_and_parent(tree, accepted):
    counts = tasks.sweep(DEADLINE + timedelta(seconds=1))
    assert counts[NotificationKind.CASE_OVERDUE] == 2  # notifications: holder and parent
    assert counts["notifications"] == 2
    assert kinds() == [
        ("兰州市总工会", NotificationKind.CASE_OVERDUE),
        ("城关区总工会", NotificationKind.CASE_OVERDUE),
    ]
    n = Notification.objects.get(recipient_org=tree.chengguan)
    assert n.ref == accepted.number and n.due_at == DEADLINE
    assert n.title == f"工单 {accepted.number} 已超过办理时限"
    assert n.body == "当前承办单位：城关区总工会。请尽快办理。"


def test_case_not_yet_due_is_not_flagged(accepted):
    assert tasks.sweep(DEADLINE - timedelta(seconds=1))["notifications"] == 0
    assert not Notification.objects.exists()


def test_closed_case_past_deadline_is_not_flagged(case_in):
    put(case_in("closed"), dispatched_at=RECEIVED, accepted_at=RECEIVED)
    assert tasks.sweep(DEADLINE + timedelta(days=3))["notifications"] == 0


def test_second_sweep_notifies_nobody_twice(accepted):
    late = DEADLINE + timedelta(hours=1)
    assert tasks.sweep(late)["notifications"] == 2
    assert tasks.sweep(late + timedelta(hours=5)) == {
        NotificationKind.CASE_OVERDUE: 0,
        NotificationKind.DISPATCH_LATE: 0,
        NotificationKind.ACCEPT_LATE: 0,
        "notifications": 0,
    }
    assert Notification.objects.count() == 2


def test_a_new_deadline_is_notified_again(accepted):
    tasks.sweep(DEADLINE + timedelta(hours=1))
    put(accepted, deadline=DEADLINE + timedelta(days=3))  # reopened after a callback
    assert tasks.sweep(DEADLINE + timedelta(days=4))[NotificationKind.CASE_OVERDUE] == 2
    assert Notification.objects.count() == 4


def test_a_new_holder_is_notified_and_the_parent_not_twice(tree, accepted):
    tasks.sweep(DEADLINE + timedelta(hours=1))
    put(accepted, holder=tree.donggang)  # 转派 to a township of 城关区
    tasks.sweep(DEADLINE + timedelta(hours=2))
    assert kinds() == [
        ("兰州市总工会", NotificationKind.CASE_OVERDUE),
        ("城关区总工会", NotificationKind.CASE_OVERDUE),
        ("东岗西路街道工会", NotificationKind.CASE_OVERDUE),
    ]


def test_not_dispatched_within_30_minutes(tree, case_in):
    case = put(case_in("received"))
    assert tasks.sweep(RECEIVED + timedelta(minutes=29))["notifications"] == 0
    counts = tasks.sweep(RECEIVED + timedelta(minutes=31))
    assert counts[NotificationKind.DISPATCH_LATE] == 1
    # Waiting at the call centre, the root: no level above.
    assert kinds() == [("甘肃省总工会", NotificationKind.DISPATCH_LATE)]
    assert Notification.objects.get().due_at == RECEIVED + timedelta(minutes=30)
    assert tasks.sweep(RECEIVED + timedelta(hours=1))["notifications"] == 0
    assert case.number in Notification.objects.get().title


def test_dispatched_case_is_not_flagged_for_dispatch(case_in):
    put(case_in("dispatched"), dispatched_at=RECEIVED + timedelta(minutes=50))
    counts = tasks.sweep(RECEIVED + timedelta(hours=1))
    assert counts[NotificationKind.DISPATCH_LATE] == 0


def test_not_accepted_within_2_hours_of_dispatch(tree, case_in):
    dispatched = RECEIVED + timedelta(minutes=10)
    put(case_in("dispatched"), dispatched_at=dispatched)
    assert tasks.sweep(dispatched + timedelta(minutes=119))["notifications"] == 0
    counts = tasks.sweep(dispatched + timedelta(minutes=121))
    assert counts[NotificationKind.ACCEPT_LATE] == 2
    assert kinds() == [
        ("兰州市总工会", NotificationKind.ACCEPT_LATE),
        ("城关区总工会", NotificationKind.ACCEPT_LATE),
    ]
    assert tasks.sweep(dispatched + timedelta(hours=3))["notifications"] == 0


def test_accepted_case_is_not_flagged_for_acceptance(accepted):
    counts = tasks.sweep(RECEIVED + timedelta(hours=5))
    assert counts[NotificationKind.ACCEPT_LATE] == 0


def test_late_on_every_count(tree, case_in):
    """A case both overdue and never dispatched gets both notices, the overdue one also for
    the level above when there is one."""
    put(case_in("received"))
    counts = tasks.sweep(DEADLINE + timedelta(days=1))
    assert counts[NotificationKind.CASE_OVERDUE] == 1  # the call centre: no parent
    assert counts[NotificationKind.DISPATCH_LATE] == 1


def test_the_sweep_runs_few_queries_whatever_the_number_of_cases(case_in):
    put(case_in("accepted"), dispatched_at=RECEIVED, accepted_at=RECEIVED)
    with CaptureQueriesContext(connection) as one:
        tasks.sweep(DEADLINE + timedelta(hours=1))
    Notification.objects.all().delete()
    for _ in range(6):
        put(case_in("accepted"), dispatched_at=RECEIVED, accepted_at=RECEIVED)
    with CaptureQueriesContext(connection) as seven:
        counts = tasks.sweep(DEADLINE + timedelta(hours=1))
    assert counts[NotificationKind.CASE_OVERDUE] == 14
    # One INSERT ... SELECT per rule, the savepoint around them, SET LOCAL jit on PostgreSQL.
    assert len(seven) == len(one) <= 6


def test_unread_count_for_users_of_the_notified_orgs_only(tree, staff, make_user, accepted):
    city_user = staff.city_admin
    county_users = [staff.county_admin, staff.county_staff]
    others = [staff.sibling_admin, staff.base_admin, staff.sysadmin]
    tasks.sweep(DEADLINE + timedelta(hours=1))
    assert [unread_count(user=u) for u in [city_user, *county_users]] == [1, 1, 1]
    assert [unread_count(user=u) for u in others] == [0, 0, 0]
    # A user created after the notice sees it too (no per-user fan-out).
    late_comer = make_user("cg_new", tree.chengguan, ROLE_STAFF)
    assert unread_count(user=late_comer) == 1


def test_mark_read_is_per_user(tree, staff, accepted):
    tasks.sweep(DEADLINE + timedelta(hours=1))
    n = Notification.objects.get(recipient_org=tree.chengguan)
    notification_mark_read(user=staff.county_admin, notification_id=n.pk)
    notification_mark_read(user=staff.county_admin, notification_id=n.pk)  # again: no-op
    assert unread_count(user=staff.county_admin) == 0
    assert unread_count(user=staff.county_staff) == 1
    assert notification_mark_all_read(user=staff.county_staff) == 1
    assert unread_count(user=staff.county_staff) == 0
    assert unread_count(user=staff.city_admin) == 1


def test_the_task_runs_through_the_backend(accepted, settings):
    result = tasks.sweep_overdue.enqueue()  # ImmediateBackend in tests: real clock, long past
    assert result.return_value[NotificationKind.CASE_OVERDUE] == 2


def test_the_command_runs_once(accepted, capsys):
    call_command("hotline_sweep", "--inline")
    assert "case_overdue" in capsys.readouterr().out
    call_command("hotline_sweep")  # enqueued; ImmediateBackend runs it at once
    assert Notification.objects.count() == 2


def test_the_badge_and_the_page(client, tree, staff, accepted):
    tasks.sweep(DEADLINE + timedelta(hours=1))
    client.force_login(staff.county_staff)
    page = client.get(reverse("notifications:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert accepted.number in html and 'aria-label="未读通知">1<' in html
    n = Notification.objects.get(recipient_org=tree.chengguan)
    client.post(reverse("notifications:read", args=[n.pk]))
    html = client.get(reverse("notifications:list")).content.decode()
    assert 'aria-label="未读通知"' not in html


def test_the_notification_links_to_the_case_page(tree, accepted):
    tasks.sweep(DEADLINE + timedelta(hours=1))
    n = Notification.objects.get(recipient_org=tree.chengguan)
    assert n.link == reverse("hotline:detail", args=[accepted.number])
