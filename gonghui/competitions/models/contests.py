"""劳动和技能竞赛: a contest hosted by a union, linked levels (a lower union's qualifier under a
higher one's contest), its entries (units, teams, members with a trade) and their results.

Counting follows the reports: 项 = contests, 个次 = unit entries, 人次 = person entries (one per
entry in each contest of a chain), 人 = distinct persons across the chain
(`competitions.contests.counting`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ContestKind(models.TextChoices):
    THEME = "theme", "主题劳动竞赛"
    SKILL = "skill", "职业技能竞赛"
    PROJECT = "project", "重点工程竞赛"
    SPECIAL = "special", "专项竞赛"
    ENERGY = "energy", "节能减排竞赛"
    ANKANG = "ankang", "安康杯竞赛"
    WOMEN = "women", "女职工技能竞赛"
    KNOWLEDGE = "knowledge", "知识竞赛"


class ContestLevel(models.TextChoices):
    """Follows the host union (`contests.rules.level_of`): never above it."""

    NATIONAL = "national", "全国"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    ENTERPRISE = "enterprise", "企业级"


class ContestClass(models.TextChoices):
    FIRST = "1", "一类"
    SECOND = "2", "二类"
    THIRD = "3", "三类"


class ContestStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    ENROLLING = "enrolling", "报名中"
    RUNNING = "running", "进行中"
    JUDGING = "judging", "评定中"
    AWARDED = "awarded", "已表彰"
    ARCHIVED = "archived", "已归档"


class Competition(models.Model):
    name = models.CharField("竞赛名称", max_length=120)
    kind = models.CharField("竞赛类型", max_length=10, choices=ContestKind.choices)
    level = models.CharField("竞赛级别", max_length=10, choices=ContestLevel.choices)
    level_label = models.CharField("级别标注", max_length=20, blank=True)
    contest_class = models.CharField("竞赛类别", max_length=1, choices=ContestClass.choices)
    # Scope: staff of the host's subtree manage it; those below it see it once published.
    host = models.ForeignKey(
        "orgs.Org", verbose_name="主办工会", on_delete=models.PROTECT, related_name="+"
    )
    co_organisers = models.CharField("协办单位", max_length=300, blank=True)
    industry_chain = models.CharField("产业链/重点工程", max_length=120, blank=True)
    trades = models.JSONField("竞赛工种", default=list, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    entry_deadline = models.DateField("报名截止日期", null=True, blank=True)
    results_due = models.DateField("成绩录入截止日期", null=True, blank=True)
    rules = models.TextField("竞赛方案", blank=True)
    prizes = models.TextField("奖励办法", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ContestStatus.choices, default=ContestStatus.DRAFT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级竞赛",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "<parent's chain>0000042/": the contest and every sub-contest below it share the prefix.
    chain = models.CharField(max_length=255, db_index=True, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "劳动和技能竞赛"
        verbose_name_plural = "劳动和技能竞赛"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["status", "starts_on"], name="contest_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="contest_dates_order"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level_text(self) -> str:
        return self.level_label or self.get_level_display()


class ContestDocument(models.Model):
    """方案 or 奖励办法 file, kept in the database as the site photos are (a few, size-capped)."""

    class Kind(models.TextChoices):
        RULES = "rules", "竞赛方案"
        PRIZES = "prizes", "奖励办法"

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("文件类别", max_length=10, choices=Kind.choices)
    filename = models.CharField("文件名", max_length=120)
    data = models.BinaryField()
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "竞赛文件"
        verbose_name_plural = "竞赛文件"
        ordering = ["kind", "id"]


class EntryKind(models.TextChoices):
    UNIT = "unit", "参赛单位"
    TEAM = "team", "参赛班组"
    MEMBER = "member", "参赛职工"


class EntryStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    WITHDRAWN = "withdrawn", "已退出"


class Prize(models.TextChoices):
    FIRST = "1", "一等奖"
    SECOND = "2", "二等奖"
    THIRD = "3", "三等奖"
    MERIT = "9", "优秀奖"


class Title(models.TextChoices):
    TECH_EXPERT = "expert", "技术能手"
    TECH_MODEL = "model", "技术标兵"
    SERVICE_STAR = "star", "服务明星"
    TOP_SCORER = "top", "技术状元"


class Entry(models.Model):
    """One unit, team or member entered in one contest. A person entered in a qualifier and in
    the final above it has two entries (two 人次, one 人)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("参赛类别", max_length=10, choices=EntryKind.choices)
    # The entering union: the unit itself for a unit entry, the team's or member's union else.
    org = models.ForeignKey(
        "orgs.Org", verbose_name="所在工会", on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "members.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    trade = models.CharField("工种", max_length=60, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=EntryStatus.choices, default=EntryStatus.CONFIRMED
    )
    applied_online = models.BooleanField("职工网上报名", default=False)
    score = models.DecimalField("成绩", max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    prize = models.CharField("奖项", max_length=1, choices=Prize.choices, blank=True)
    title = models.CharField("所获称号", max_length=10, choices=Title.choices, blank=True)
    promoted_to = models.CharField("晋升技术等级", max_length=1, blank=True)
    put_forward = models.BooleanField("已推荐荣誉", default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "参赛登记"
        verbose_name_plural = "参赛登记"
        ordering = ["rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "member"],
                condition=Q(member__isnull=False) & ~Q(status="withdrawn"),
                name="entry_member_once",
            ),
            models.UniqueConstraint(
                fields=["competition", "team"],
                condition=Q(team__isnull=False) & ~Q(status="withdrawn"),
                name="entry_team_once",
            ),
            models.UniqueConstraint(
                fields=["competition", "org"],
                condition=Q(kind="unit") & ~Q(status="withdrawn"),
                name="entry_unit_once",
            ),
        ]

    def __str__(self) -> str:
        return self.entrant_name

    @property
    def entrant_name(self) -> str:
        if self.kind == EntryKind.MEMBER and self.member_id:
            return self.member.name
        if self.kind == EntryKind.TEAM and self.team_id:
            return self.team.name
        return self.org.name
