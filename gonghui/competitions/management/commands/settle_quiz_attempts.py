from django.core.management.base import BaseCommand
from django.utils import timezone

from gonghui.competitions.models.quiz import AttemptStatus, Quiz
from gonghui.competitions.quiz.attempts import quiz_settle_expired

DONE = "网上练兵：{settled} 份超时答卷已自动交卷并计入统计（{quizzes} 场练兵）。"


class Command(BaseCommand):
    help = (
        "把已过截止时间、仍未交卷的网上练兵答卷按已保存的答案评分、交卷并计入统计"
        "（页面和接口的读取不写数据库）。可由 cron 或 systemd 定时器每隔几分钟运行。"
    )

    def handle(self, *args, **options):
        quizzes = Quiz.objects.filter(
            attempts__status=AttemptStatus.ACTIVE, attempts__deadline__lte=timezone.now()
        ).distinct()
        settled = touched = 0
        for quiz in quizzes:
            touched += 1
            settled += quiz_settle_expired(quiz=quiz)
        self.stdout.write(self.style.SUCCESS(DONE.format(settled=settled, quizzes=touched)))
