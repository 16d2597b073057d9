from django.core.management.base import BaseCommand

from gonghui.notifications.digest import send_digests

DONE = "通知摘要：查看 {users} 名用户，发送邮件 {sent} 封，短信 {sms} 条。"


class Command(BaseCommand):
    help = (
        "给有未读新通知的在职工作人员（须填写邮箱）各发一封通知摘要邮件；"
        "只发上次摘要之后的新通知。可由 cron 或 systemd 定时器每天运行。"
    )

    def handle(self, *args, **options):
        result = send_digests()
        self.stdout.write(
            self.style.SUCCESS(DONE.format(users=result.users, sent=result.sent, sms=result.sms))
        )
