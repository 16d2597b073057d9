"""Selection rounds (评选批次): quotas down the tree, nominations and their review, 公示 with
objections, and the decision that confers the honors."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core import crypto
from gonghui.core.masking import mask_phone
from gonghui.honors.models.catalogue import HonorSubject


class RoundStatus(models.TextChoices):
    OPEN = "open", "申报评审中"
    CONSULTING = "consulting", "征求意见中"
    COMMITTEE = "committee", "评审委员会评审中"
    PUBLICITY = "publicity", "公示中"
    DECIDED = "decided", "已决定"


class Step(models.TextChoices):
    """A level of the review chain: the nominating base union, then the regional unions."""

    BASE = "base", "基层工会"
    COUNTY = "county", "县区总工会"
    CITY = "city", "市州总工会"
    PROVINCE = "province", "省总工会"


class Round(models.Model):
    org = models.ForeignKey(
        "orgs.Org", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("批次名称", max_length=100)
    year = models.PositiveSmallIntegerField("年度")
    honor_types = models.ManyToManyField(
        "honors.HonorType", verbose_name="评选荣誉", related_name="+"
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    # Levels below the conferring union may put forward ratio × their places (差额).
    ratio = models.DecimalField("差额比例", max_digits=3, decimal_places=2, default=1)
    front_line_pct = models.PositiveSmallIntegerField(
        "一线职工占比不低于（%）", null=True, blank=True
    )
    women_pct = models.PositiveSmallIntegerField("女性占比不低于（%）", null=True, blank=True)
    new_form_min = models.PositiveSmallIntegerField("新就业形态劳动者不少于", null=True, blank=True)
    migrant_min = models.PositiveSmallIntegerField("农民工不少于", null=True, blank=True)
    skilled_min = models.PositiveSmallIntegerField("高技能人才不少于", null=True, blank=True)
    recommend_upward = models.BooleanField("向上级推荐", default=False)
    # Optional steps: a staff vote at the base before a nomination goes up; at the round's own
    # union, 征求意见 (departments' opinions) and the 评审委员会 before 公示.
    base_vote = models.BooleanField("基层职工投票", default=False)
    consult = models.BooleanField("征求意见", default=False)
    committee = models.BooleanField("评审委员会评审", default=False)
    publicity_days = models.PositiveSmallIntegerField("公示工作日数", default=5)
    publicity_from = models.DateField("公示开始", null=True, blank=True)
    publicity_until = models.DateField("公示截止", null=True, blank=True)
    decision_no = models.CharField("表彰决定文号", max_length=60, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评选批次"
        verbose_name_plural = "评选批次"
        ordering = ["-year", "-id"]
        permissions = [("review_nomination", "审核荣誉推荐"), ("decide_round", "公示与表彰决定")]

    def __str__(self) -> str:
        return self.title


class Deadline(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="deadlines")
    step = models.CharField("层级", max_length=10, choices=Step.choices)
    due = models.DateField("截止日期")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "step"], name="honor_deadline_once")
        ]


class Quota(models.Model):
    """The places of one honor type given to one union in a round (the round's own union holds
    the total; each level splits its places to its children)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="quotas")
    honor_type = models.ForeignKey("honors.HonorType", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    places = models.PositiveIntegerField("名额")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "honor_type", "org"], name="honor_quota_once")
        ]


class NominationStatus(models.TextChoices):
    DRAFT = "draft", "草稿（未上报）"
    PENDING = "pending", "待审核"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "拟表彰"
    REJECTED = "rejected", "不予推荐"
    WITHDRAWN = "withdrawn", "已撤回"
    AWARDED = "awarded", "已表彰"


# A nomination still in the running (it takes a place).
LIVE_STATUSES = (
    NominationStatus.PENDING,
    NominationStatus.RETURNED,
    NominationStatus.APPROVED,
    NominationStatus.AWARDED,
)


class Nomination(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="nominations")
    honor_type = models.ForeignKey(
        "honors.HonorType", verbose_name="荣誉", on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField("对象", max_length=12, choices=HonorSubject.choices)
    # The base union that nominates, and where the nomination waits now.
    org = models.ForeignKey(
        "orgs.Org", verbose_name="推荐单位", on_delete=models.PROTECT, related_name="+"
    )
    holder = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=NominationStatus.choices, default=NominationStatus.PENDING
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nominee_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "members.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who, by hash: the same person cannot be nominated twice in one round.
    nominee_key = models.CharField(max_length=80)
    # "p:" + the member's hash, re-hashed with its source (gonghui.core.pii).
    pii_hash_copies = {"nominee_key": "p:"}
    name = models.CharField("姓名/名称", max_length=120)
    gender = models.CharField("性别", max_length=1, blank=True)
    employer = models.CharField("工作单位", max_length=120, blank=True)
    post = models.CharField("岗位", max_length=60, blank=True)
    front_line = models.BooleanField("一线职工", default=False)
    new_form = models.BooleanField("新就业形态劳动者", default=False)
    migrant = models.BooleanField("农民工", default=False)
    skill_grade = models.CharField("技能等级", max_length=20, blank=True)
    skilled = models.BooleanField("高技能人才", default=False)
    innovations = models.TextField("创新成果", blank=True)
    deeds = models.TextField("主要事迹")
    prior_honors = models.TextField("曾获荣誉", blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    headcount = models.PositiveIntegerField("职工人数", null=True, blank=True)
    votes_for = models.PositiveIntegerField("赞成票", null=True, blank=True)
    votes_total = models.PositiveIntegerField("参加投票人数", null=True, blank=True)
    # The base's staff vote (services/vote.py): votes_total is 实到.
    vote_date = models.DateField("投票日期", null=True, blank=True)
    votes_expected = models.PositiveIntegerField("应到人数", null=True, blank=True)
    votes_against = models.PositiveIntegerField("反对票", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("弃权票", null=True, blank=True)
    reason = models.CharField("退回/不予推荐理由", max_length=200, blank=True)
    certificate_no = models.CharField("证书号", max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "荣誉推荐"
        verbose_name_plural = "荣誉推荐"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "nominee_key"],
                condition=~Q(status__in=["withdrawn"]),
                name="honor_nominee_once_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.honor_type}）"

    @property
    def deeds_summary(self) -> str:
        return self.deeds if len(self.deeds) <= 120 else self.deeds[:120] + "…"


class ReviewAction(models.TextChoices):
    NOMINATE = "nominate", "推荐"
    APPROVE = "approve", "同意上报"
    RETURN = "return", "退回修改"
    RESUBMIT = "resubmit", "修改后重新上报"
    REJECT = "reject", "不予推荐"
    WITHDRAW = "withdraw", "撤回"
    OPINION = "opinion", "征求意见"
    SCORE = "score", "评审委员会评审"
    DRAFT = "draft", "保存草稿"
    SUBMIT = "submit", "上报"
    VOTE = "vote", "职工投票"
    OVERRIDE = "override", "不同意意见不予采纳"


class ReviewStep(models.Model):
    """One step in a nomination's history, shown on its page."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=10, choices=ReviewAction.choices)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    department = models.CharField("部门", max_length=40, blank=True)
    note = models.CharField("意见", max_length=200, blank=True)
    score = models.DecimalField("评分/票数", max_digits=6, decimal_places=1, null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "待核查"
    UPHELD = "upheld", "反映属实"
    DISMISSED = "dismissed", "反映不实"


class Objection(models.Model):
    """A worker's objection to a candidate during 公示 (named, with a contact, kept encrypted)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="objections")
    name = models.CharField("反映人", max_length=40)
    contact_enc = models.BinaryField("联系方式（密文）")
    pii_encrypted = {"contact_enc": ""}  # rewritten by `manage.py reencrypt_pii`
    text = models.TextField("反映内容")
    status = models.CharField(
        max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    finding = models.CharField("核查结论", max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"对{self.nomination.name}的异议"

    @property
    def contact_masked(self) -> str:
        return mask_phone(crypto.decrypt(self.contact_enc))


class Candidate(models.Model):
    """候选人库: a member put forward by another domain (members.candidates), waiting for a base
    union to nominate them in a round."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("来源", max_length=30)
    source_ref = models.CharField(max_length=60)
    achievement = models.CharField("事迹摘要", max_length=200)
    deeds = models.TextField("事迹", blank=True)
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "荣誉候选人"
        verbose_name_plural = "荣誉候选人"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_ref"], name="honor_candidate_once")
        ]

    def __str__(self) -> str:
        return self.achievement
