"""Code lists of the 12351 hotline (STANDARDS.md, "12351 hotline practice")."""

from django.db import models


class Channel(models.TextChoices):
    PHONE = "phone", "电话"
    ONLINE = "online", "网上"
    VISIT = "visit", "来访"
    LETTER = "letter", "信件"


class Kind(models.TextChoices):
    CONSULT = "consult", "咨询类"
    DEMAND = "demand", "求决类"
    SUGGEST = "suggest", "意见建议类"


class Category(models.TextChoices):
    WAGES = "wages", "劳动报酬（欠薪）"
    CONTRACT = "contract", "劳动合同"
    SOCIAL_INSURANCE = "social_insurance", "社会保险"
    INJURY = "injury", "工伤"
    REST = "rest", "休息休假"
    SAFETY = "safety", "劳动安全卫生"
    WOMEN = "women", "女职工权益"
    DEMOCRATIC = "democratic", "民主管理"
    HARDSHIP = "hardship", "困难帮扶"
    POLICY = "policy", "政策咨询"
    OTHER = "other", "其他"


class Complexity(models.TextChoices):
    SIMPLE = "simple", "一般"
    HARD = "hard", "较难"
    COMPLEX = "complex", "复杂"


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "待派单"
    DISPATCHED = "dispatched", "已派单"
    ACCEPTED = "accepted", "办理中"
    RETURNED = "returned", "已退单"
    CLOSED = "closed", "已办结"
    EVALUATED = "evaluated", "已回访"


# At the call centre, waiting for an agent to dispatch.
AT_CENTRE = (CaseStatus.RECEIVED, CaseStatus.RETURNED)
# Still being handled: the deadline runs.
OPEN_STATUSES = (*AT_CENTRE, CaseStatus.DISPATCHED, CaseStatus.ACCEPTED)


class Result(models.TextChoices):
    RESOLVED = "resolved", "解决"
    PARTLY = "partly", "部分解决"
    UNRESOLVED = "unresolved", "未解决"
    LEGAL_AID = "legal_aid", "转法律援助"
    MEDIATION = "mediation", "转劳动争议调解"
    NOT_ACCEPTED = "not_accepted", "不予受理"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class EventAction(models.TextChoices):
    INTAKE = "intake", "登记"
    DISPATCH = "dispatch", "派单"
    ACCEPT = "accept", "接单"
    RETURN = "return", "退单"
    TRANSFER = "transfer", "转派"
    NOTE = "note", "办理进展"
    CONTACT = "contact", "联系来电人"
    CLOSE = "close", "办结"
    CALLBACK = "callback", "回访"
    REOPEN = "reopen", "重新办理"
    SUPERVISE = "supervise", "督办"
    DEADLINE = "deadline", "办理时限调整"
    ATTACH = "attach", "上传附件"


class RuleKind(models.TextChoices):
    SAME_DAY = "same_day", "当日办结（截止时间后顺延至下一工作日）"
    WORKING_DAYS = "working_days", "工作日"
    CALENDAR_DAYS = "calendar_days", "自然日"


# Service targets (Gansu, 2025): "30 分钟派单、2 小时响应".
DISPATCH_TARGET_MINUTES = 30
ACCEPT_TARGET_MINUTES = 120
