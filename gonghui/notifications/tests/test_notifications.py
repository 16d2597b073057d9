from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.notifications.models import Notification, NotificationKind
from gonghui.notifications.selectors import UNREAD_WINDOW_DAYS, notification_list, unread_count
from gonghui.notifications.services import notify_orgs, notify_user


def org_notice(org, ref="12351-20260302-0001", due=None, **fields):
    return Notification(
        recipient_org=org,
        kind=NotificationKind.CASE_OVERDUE,
        title=f"工单 {ref} 已超过办理时限",
        ref=ref,
        due_at=due,
        **fields,
    )


def test_dedupe_on_case_kind_deadline_and_org(tree):
    due = timezone.now()
    notify_orgs([org_notice(tree.chengguan, due=due), org_notice(tree.lanzhou, due=due)])
    notify_orgs([org_notice(tree.chengguan, due=due), org_notice(tree.chengguan, due=due)])
    assert Notification.objects.count() == 2
    notify_orgs([org_notice(tree.chengguan, due=due + timedelta(days=1))])
    assert Notification.objects.count() == 3


def test_user_notice_is_for_that_user_only(tree, staff):
    notify_user(user=staff.county_admin, kind=NotificationKind.OTHER, title="您有一条督办")
    assert unread_count(user=staff.county_admin) == 1
    assert unread_count(user=staff.county_staff) == 0
    assert notification_list(user=staff.county_staff).count() == 0


def test_old_notices_no_longer_count_as_unread(tree, staff):
    old = timezone.now() - timedelta(days=UNREAD_WINDOW_DAYS + 1)
    notify_orgs([org_notice(tree.chengguan, created_at=old)])
    assert unread_count(user=staff.county_admin) == 0
    assert notification_list(user=staff.county_admin).count() == 1


def test_unread_count_is_one_query(tree, staff):
    notify_orgs([org_notice(tree.chengguan, ref=f"12351-20260302-{i:04d}") for i in range(30)])
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(user=staff.county_admin) == 30
    assert len(queries) == 1


def test_badge_costs_one_query_and_only_when_rendered(client, tree, staff):
    from gonghui.notifications.context_processors import notifications

    class Request:
        user = staff.county_admin

    context = notifications(Request())
    with CaptureQueriesContext(connection) as queries:
        pass
    assert len(queries) == 0
    notify_orgs([org_notice(tree.chengguan)])
    with CaptureQueriesContext(connection) as queries:
        assert int(str(context["notifications_unread"])) == 1
        assert bool(context["notifications_unread"])
    assert len(queries) == 1


def test_page_lists_marks_and_marks_all(client, tree, staff):
    notify_orgs([org_notice(tree.chengguan, ref=f"12351-20260302-{i:04d}") for i in range(3)])
    notify_orgs([org_notice(tree.qilihe, ref="12351-20260302-0999")])
    client.force_login(staff.county_staff)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "12351-20260302-0002" in html and "12351-20260302-0999" not in html
    assert 'aria-label="未读通知">3<' in html
    first = Notification.objects.filter(recipient_org=tree.chengguan).first()
    assert client.post(reverse("notifications:read", args=[first.pk])).status_code == 302
    assert unread_count(user=staff.county_staff) == 2
    html = client.get(reverse("notifications:list") + "?unread=1").content.decode()
    assert html.count('data-id="') == 2
    client.post(reverse("notifications:read_all"))
    assert unread_count(user=staff.county_staff) == 0
    assert unread_count(user=staff.county_admin) == 3


def test_another_orgs_notice_cannot_be_marked(client, tree, staff):
    notify_orgs([org_notice(tree.qilihe)])
    client.force_login(staff.county_staff)
    n = Notification.objects.get()
    assert client.post(reverse("notifications:read", args=[n.pk])).status_code == 404


def test_open_goes_to_a_local_link_only(client, tree, staff):
    notify_orgs(
        [
            org_notice(tree.chengguan, ref="a", link="/hotline/cases/a/"),
            org_notice(tree.chengguan, ref="b", link="https://evil.example/"),
        ]
    )
    client.force_login(staff.county_staff)
    a, b = Notification.objects.get(ref="a"), Notification.objects.get(ref="b")
    r = client.post(reverse("notifications:read", args=[a.pk]), {"open": "1"})
    assert r["Location"] == "/hotline/cases/a/"
    r = client.post(reverse("notifications:read", args=[b.pk]), {"open": "1"})
    assert r["Location"] == reverse("notifications:list")


@pytest.mark.parametrize("method", ["get", "post"])
def test_login_and_permission_required(client, method):
    r = getattr(client, method)(reverse("notifications:list"))
    assert r.status_code == 302 and "/accounts/login" in r["Location"]


# --- background failures reach the 系统管理员 ------------------------------------------------


def _failing_receiver(sender, **kwargs):
    raise ValueError("620102197503021056")


def test_receiver_failures_notify_each_active_sysadmin_only(tree, staff, make_user, caplog):
    from gonghui.accounts.permissions import ROLE_SYSADMIN
    from gonghui.notifications.services import FAILURE_TITLE, report_receiver_failures

    retired = make_user("old_sysadmin", tree.lanzhou, ROLE_SYSADMIN)
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    results = [(notify_user, None), (_failing_receiver, ValueError("620102197503021056"))]

    assert report_receiver_failures(what="某项调整后的后续处理", results=results) == 1

    (notice,) = Notification.objects.all()
    assert notice.recipient_user == staff.sysadmin
    assert notice.recipient_org == staff.sysadmin.org
    assert notice.title == FAILURE_TITLE.format(what="某项调整后的后续处理")
    assert "test_notifications._failing_receiver" in notice.body and "ValueError" in notice.body
    assert "620102197503021056" not in notice.title + notice.body
    assert unread_count(user=staff.sysadmin) == 1
    assert unread_count(user=staff.county_admin) == 0
    assert "test_notifications._failing_receiver failed" in caplog.text


def test_no_failure_notifies_nobody(staff):
    from gonghui.notifications.services import report_receiver_failures

    assert report_receiver_failures(what="x", results=[(notify_user, 3)]) == 0
    assert not Notification.objects.exists()
