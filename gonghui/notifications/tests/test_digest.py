"""The notification digest: one e-mail per staff user with new unread notifications (locmem
backend in tests), only what is newer than the last digest, read ones left out, the SMS hook
and the extra-lines registry."""

from io import StringIO

from django.core import mail
from django.core.management import call_command

from gonghui.notifications.digest import (
    SMS_TEXT,
    register_digest_lines,
    send_digests,
    unregister_digest_lines,
)
from gonghui.notifications.models import DigestWatermark, Notification, NotificationKind
from gonghui.notifications.services import notification_mark_read, notify_orgs, notify_user

sms_sent = []


def fake_sms(user, text):
    sms_sent.append((user.username, text))


def notice(org, title, link=""):
    notify_orgs(
        [Notification(recipient_org=org, kind=NotificationKind.WORK, title=title, link=link)]
    )
    return Notification.objects.get(title=title)


def with_email(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


def test_digest_sends_new_unread_notifications_once(tree, staff, settings):
    settings.GONGHUI_SITE_URL = "https://gh.example.cn"
    admin = with_email(staff.county_admin, "cg@example.cn")
    with_email(staff.sibling_admin, "qlh@example.cn")  # nothing for 七里河: no mail
    # 城关's other users have no address: no mail for them, whatever is unread.
    first = notice(tree.chengguan, "新待办：困难职工档案待终审", "/assistance/archives/1/")
    read = notice(tree.chengguan, "已读的通知")
    notification_mark_read(user=admin, notification_id=read.pk)

    out = StringIO()
    call_command("notifications_digest", stdout=out)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cg@example.cn"]
    assert "1 条" in message.subject
    assert (
        first.title in message.body
        and "https://gh.example.cn/assistance/archives/1/" in message.body
    )
    assert "已读的通知" not in message.body
    assert "发送邮件 1 封" in out.getvalue()
    assert DigestWatermark.objects.get(user=admin).last_notification_id == first.pk

    # Again: nothing new, nothing sent; a new one (to the user himself) goes out alone.
    send_digests()
    assert len(mail.outbox) == 1
    notify_user(user=admin, kind=NotificationKind.DECIDED, title="超限救助申请已批准：张三")
    result = send_digests()
    assert (result.sent, len(mail.outbox)) == (1, 2)
    assert "超限救助申请已批准" in mail.outbox[1].body and first.title not in mail.outbox[1].body


def test_inactive_users_and_users_without_org_get_nothing(tree, staff):
    with_email(staff.county_staff, "staff@example.cn")
    staff.county_staff.is_active = False
    staff.county_staff.save(update_fields=["is_active"])
    notice(tree.chengguan, "一条通知")
    assert send_digests().sent == 0
    assert mail.outbox == []


def test_sms_hook_and_extra_lines(tree, staff, settings):
    settings.GONGHUI_DIGEST_SMS = "gonghui.notifications.tests.test_digest.fake_sms"
    sms_sent.clear()
    with_email(staff.county_admin, "cg@example.cn")
    notice(tree.chengguan, "一条通知")
    notice(tree.chengguan, "两条通知")

    def lines(user):
        return [f"待办：{user.username} 有 3 项"]

    register_digest_lines(lines)
    try:
        result = send_digests()
    finally:
        unregister_digest_lines(lines)
    assert result.sms == 1
    assert sms_sent == [("cg_admin", SMS_TEXT.format(n=2))]
    assert "待办：cg_admin 有 3 项" in mail.outbox[0].body
