"""工匠学院 and skills training: academies, courses, classes (班次) with enrolment, attendance and
hours, completion certificates, and online courses whose hours come from server-side heartbeats.

An academy is named by a union (`naming_org`) and hosted by a unit in its subtree (`org`). A
course belongs to an academy: offline courses are taught in classes (班次) whose sessions record
attendance; online courses carry a video and credit a worker the seconds the server saw him
watching (`LessonProgress`), never what his browser claims. A worker's learning record is his
enrolments plus his online progress.
"""

from django.conf import settings
from django.db import models

from gonghui.orgs.models import OrgLevel


class AcademyLevel(models.TextChoices):
    NATIONAL_SITE = "national_site", "全国工匠学院建设点"
    PROVINCE = "province", "省级工匠学院"
    CITY = "city", "市级工匠学院"


# The lowest tier (largest OrgLevel) of a union that may name an academy at each level: a 省级
# academy is named by the province; a 全国建设点 is the province's recommendation to 全总.
ACADEMY_LEVEL_MIN_TIER = {
    AcademyLevel.NATIONAL_SITE: OrgLevel.PROVINCE,
    AcademyLevel.PROVINCE: OrgLevel.PROVINCE,
    AcademyLevel.CITY: OrgLevel.CITY,
}


class AcademyStatus(models.TextChoices):
    ACTIVE = "active", "运行中"
    REVOKED = "revoked", "已撤销"


class Academy(models.Model):
    name = models.CharField("学院名称", max_length=80)
    level = models.CharField("级别", max_length=16, choices=AcademyLevel.choices)
    org = models.ForeignKey(
        "orgs.Org", verbose_name="依托单位", on_delete=models.PROTECT, related_name="+"
    )
    naming_org = models.ForeignKey(
        "orgs.Org", verbose_name="命名工会", on_delete=models.PROTECT, related_name="+"
    )
    batch = models.CharField("命名批次", max_length=40, blank=True)  # 第一批 / 2024年
    named_on = models.DateField("命名日期")
    status = models.CharField(
        "状态", max_length=10, choices=AcademyStatus.choices, default=AcademyStatus.ACTIVE
    )
    intro = models.TextField("简介", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "工匠学院"
        verbose_name_plural = verbose_name
        ordering = ["-named_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="academy_unique_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class CourseMode(models.TextChoices):
    ONLINE = "online", "线上"
    OFFLINE = "offline", "线下"


class Course(models.Model):
    academy = models.ForeignKey(
        Academy, verbose_name="工匠学院", on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField("课程名称", max_length=80)
    mode = models.CharField("形式", max_length=8, choices=CourseMode.choices)
    trade = models.CharField("工种", max_length=40, blank=True)
    # 学时 (a class hour); an online course credits them once the video is watched to the end.
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    intro = models.TextField("课程简介", blank=True)
    # Online courses only: the uploaded video and its length, which bounds the credit.
    video = models.FileField("课程视频", upload_to="training/videos/%Y/%m/", blank=True)
    video_seconds = models.PositiveIntegerField("视频时长（秒）", null=True, blank=True)
    published = models.BooleanField("已上架", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "课程"
        verbose_name_plural = verbose_name
        ordering = ["academy_id", "id"]

    def __str__(self) -> str:
        return self.title


class ClassStatus(models.TextChoices):
    OPEN = "open", "报名中"
    RUNNING = "running", "开班中"
    FINISHED = "finished", "已结业"
    CANCELLED = "cancelled", "已取消"


class TrainingClass(models.Model):
    """A 班次 of an offline course: dates, places, enrolment, sessions with attendance."""

    course = models.ForeignKey(
        Course, verbose_name="课程", on_delete=models.PROTECT, related_name="classes"
    )
    name = models.CharField("班次名称", max_length=80)
    org = models.ForeignKey(
        "orgs.Org", verbose_name="举办工会", on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField("开班日期")
    ends_on = models.DateField("结业日期")
    enrol_deadline = models.DateField("报名截止日期")
    capacity = models.PositiveIntegerField("名额")
    location = models.CharField("地点", max_length=120, blank=True)
    # Share of the sessions' hours a trainee must attend to complete (结业), in percent.
    pass_percent = models.PositiveSmallIntegerField("结业出勤比例（%）", default=80)
    status = models.CharField(
        "状态", max_length=10, choices=ClassStatus.choices, default=ClassStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "培训班次"
        verbose_name_plural = verbose_name
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name


class EnrollmentStatus(models.TextChoices):
    APPLIED = "applied", "待确认"  # a worker's portal application, confirmed by the union
    ENROLLED = "enrolled", "已报名"
    COMPLETED = "completed", "已结业"
    NOT_COMPLETED = "not_completed", "未结业"
    CANCELLED = "cancelled", "已取消"


class Enrollment(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, verbose_name="班次", on_delete=models.PROTECT, related_name="enrollments"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="学员", on_delete=models.PROTECT, related_name="+"
    )
    # The member's union when he enrolled: whose staff confirm his application, and whose 待办
    # it is (a later transfer does not move an enrolment).
    org = models.ForeignKey(
        "orgs.Org", verbose_name="报名工会", on_delete=models.PROTECT, null=True, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=14, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ENROLLED
    )
    # Hours attended: the sum of the attended sessions' hours, kept for the statistics.
    hours = models.DecimalField("已修学时", max_digits=6, decimal_places=1, default=0)
    certificate_no = models.CharField("结业证书编号", max_length=40, blank=True)
    completed_on = models.DateField("结业日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("报名时间", auto_now_add=True)

    class Meta:
        verbose_name = "培训报名"
        verbose_name_plural = verbose_name
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "member"], name="enrollment_once_per_class"
            ),
            models.UniqueConstraint(
                fields=["certificate_no"],
                condition=~models.Q(certificate_no=""),
                name="enrollment_unique_certificate",
            ),
        ]


class ClassSession(models.Model):
    """One teaching session (课次) of a class: its date and hours; attendance is per trainee."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name="班次", on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField("日期")
    topic = models.CharField("内容", max_length=80, blank=True)
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    attendees = models.ManyToManyField(Enrollment, verbose_name="出勤学员", blank=True)

    class Meta:
        verbose_name = "课次"
        verbose_name_plural = verbose_name
        ordering = ["held_on", "id"]


class LessonProgress(models.Model):
    """A worker's progress through an online course, credited from server-side heartbeats.

    The player posts a heartbeat every few seconds; the server credits the time since the last
    heartbeat it accepted, capped at the heartbeat interval (a tab left open and a client that
    fakes its clock earn no more than real time), and never more than the video's length.
    """

    course = models.ForeignKey(
        Course, verbose_name="课程", on_delete=models.PROTECT, related_name="progress"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name="学员", on_delete=models.PROTECT, related_name="+"
    )
    # The worker's union when he started: the statistics count him there (as a contest entry
    # keeps its org), so a later transfer does not move what was already counted.
    org = models.ForeignKey(
        "orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+"
    )
    seconds_credited = models.PositiveIntegerField("已计学习时长（秒）", default=0)
    position = models.PositiveIntegerField("播放位置（秒）", default=0)
    last_beat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    started_at = models.DateTimeField("开始学习", auto_now_add=True)
    completed_at = models.DateTimeField("学完时间", null=True, blank=True)

    class Meta:
        verbose_name = "线上学习记录"
        verbose_name_plural = verbose_name
        permissions = [("manage_online_course", "管理线上课程")]
        constraints = [
            models.UniqueConstraint(fields=["course", "member"], name="progress_once_per_course")
        ]
