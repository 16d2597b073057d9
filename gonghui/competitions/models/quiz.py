"""网上练兵: an online quiz with its question bank, the members' timed attempts and answers.

A quiz is hosted by a union and open to the members of its subtree. The server fixes each
attempt's draw of questions and its deadline when it starts; answers are saved one by one (one
row per question, upserted) and the attempt is scored on the server when it is submitted or, past
its deadline, when it is next read. The answer keys never leave the server: only `Question.text`
and `options` are shown to a worker.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    JUDGE = "judge", "判断题"


class QuizStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class AttemptStatus(models.TextChoices):
    ACTIVE = "active", "答题中"
    SUBMITTED = "submitted", "已交卷"
    EXPIRED = "expired", "超时自动交卷"


# The options of a 判断题, in this order (its key is "A" or "B").
JUDGE_OPTIONS = ["正确", "错误"]
OPTION_LETTERS = "ABCDEFGH"


class Quiz(models.Model):
    host = models.ForeignKey(
        "orgs.Org", verbose_name="主办工会", on_delete=models.PROTECT, related_name="+"
    )
    # The contest whose question bank this is, if it belongs to one.
    contest = models.ForeignKey(
        "competitions.Competition",
        verbose_name="所属竞赛",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quizzes",
    )
    title = models.CharField("名称", max_length=80)
    description = models.TextField("说明", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=QuizStatus.choices, default=QuizStatus.DRAFT
    )
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("结束时间")
    duration_minutes = models.PositiveSmallIntegerField("答题时长（分钟）", default=20)
    attempts_allowed = models.PositiveSmallIntegerField("可答次数", default=1)
    # How many questions each attempt draws from the bank (0: all of them).
    draw_count = models.PositiveSmallIntegerField("每次抽题数", default=0)
    certificate_top = models.PositiveSmallIntegerField("前几名发证书", default=10)
    # An attempt scoring at least this passes (及格); None: the quiz has no pass mark.
    pass_score = models.PositiveSmallIntegerField("及格分", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "网上练兵"
        verbose_name_plural = "网上练兵"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="quiz_window_order"
            ),
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="quiz_duration"),
            models.CheckConstraint(condition=Q(attempts_allowed__gt=0), name="quiz_attempts"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    quiz = models.ForeignKey(
        Quiz, verbose_name="网上练兵", on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField("题型", max_length=10, choices=QuestionKind.choices)
    text = models.TextField("题目")
    options = models.JSONField("选项", default=list)
    # The letters of the right options, in order: "B", "ACD"; a 判断题's is "A" (正确) or "B".
    answer = models.CharField("答案", max_length=8)
    score = models.PositiveSmallIntegerField("分值", default=1)
    position = models.PositiveIntegerField("题号", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "题目"
        verbose_name_plural = "题目"
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["quiz", "is_active", "position"], name="question_bank")]

    def __str__(self) -> str:
        return self.text[:30]


class Attempt(models.Model):
    quiz = models.ForeignKey(
        Quiz, verbose_name="网上练兵", on_delete=models.CASCADE, related_name="attempts"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="会员", on_delete=models.PROTECT, related_name="+"
    )
    # The member's union when he started: the leaderboard by union subtree counts him there.
    org = models.ForeignKey(
        "orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField("第几次")
    # The questions drawn for this attempt, in the order shown (fixed at the start).
    question_ids = models.JSONField("抽到的题目", default=list)
    status = models.CharField(
        "状态", max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.ACTIVE
    )
    started_at = models.DateTimeField("开始时间")
    deadline = models.DateTimeField("截止时间")
    finished_at = models.DateTimeField("交卷时间", null=True, blank=True)
    score = models.PositiveIntegerField("得分", null=True, blank=True)
    max_score = models.PositiveIntegerField("满分", default=0)
    correct = models.PositiveSmallIntegerField("答对题数", null=True, blank=True)
    seconds_used = models.PositiveIntegerField("用时（秒）", null=True, blank=True)

    class Meta:
        verbose_name = "答题记录"
        verbose_name_plural = "答题记录"
        constraints = [
            # One row per try: two concurrent starts cannot both become the first.
            models.UniqueConstraint(
                fields=["quiz", "member", "number"], name="attempt_once_per_number"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("started_at")), name="attempt_deadline"
            ),
        ]
        indexes = [
            models.Index(fields=["quiz", "status", "-score", "seconds_used"], name="attempt_board"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}/{self.member_id}#{self.number}"


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(
        Attempt, verbose_name="答题记录", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField("作答", max_length=8, blank=True)
    is_correct = models.BooleanField("是否正确", null=True, blank=True)
    answered_at = models.DateTimeField("作答时间")

    class Meta:
        verbose_name = "作答"
        verbose_name_plural = "作答"
        constraints = [
            # Saving an answer again replaces it (an upsert on this key): never two rows.
            models.UniqueConstraint(
                fields=["attempt", "question"], name="answer_once_per_question"
            ),
        ]
