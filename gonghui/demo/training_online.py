"""Demo online courses of 工匠学院 (全总: "在线技能学习…30万人次，时长超过50万小时", scaled down):
two published courses with the sample video (`data/course_sample.webm`, 60 s, made by
`data/make_course_video.py`; each course stores its own copy under MEDIA_ROOT) and the progress
of about 40 workers of 兰州's unions over the last months, two in three watched to the end.

The courses go to the first active academy (the offline side's demo makes them); without one,
「甘肃省工匠学院（线上）」 is created. Written once (nothing when the demo courses exist). Rows
are written directly, as a loader would; `seed_demo` rebuilds the roll-ups afterwards.
"""

import random
import secrets
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from gonghui.competitions.models.training import (
    Academy,
    AcademyLevel,
    AcademyStatus,
    Course,
    CourseMode,
    LessonProgress,
)
from gonghui.competitions.training.online.learning import seconds_to_complete
from gonghui.demo.accounts import demo_orgs
from gonghui.members.models import Member
from gonghui.orgs.models import MEMBER_HOLDING_TYPES, OrgStatus

SAMPLE = Path(__file__).resolve().parent / "data" / "course_sample.webm"
SAMPLE_SECONDS = 60
COURSES = (
    ("电焊工安全操作规范", "焊工", Decimal("2.0"), "焊接作业前检查、个人防护与动火作业审批。"),
    ("低压电工安全用电", "电工", Decimal("1.5"), "低压配电、漏电保护和触电急救的基本要求。"),
)
LEARNERS = 40


def _academy(orgs) -> Academy | None:
    academy = Academy.objects.filter(status=AcademyStatus.ACTIVE).order_by("named_on", "pk").first()
    if academy is not None or orgs["province"] is None:
        return academy
    academy, _ = Academy.objects.get_or_create(
        org=orgs["province"],
        name="甘肃省工匠学院（线上）",
        defaults={
            "level": AcademyLevel.PROVINCE,
            "naming_org": orgs["province"],
            "named_on": date(2024, 4, 28),
            "intro": "省总工会依托职工教育阵地开设的线上技能课程。",
        },
    )
    return academy


@transaction.atomic
def seed_training_online(seed: int = 7) -> int:
    """Create the demo online courses and learners; returns the number of learners (人次)."""
    if Course.objects.filter(mode=CourseMode.ONLINE, title=COURSES[0][0]).exists():
        return 0
    orgs = demo_orgs()
    academy = _academy(orgs)
    if academy is None or orgs["lanzhou"] is None:
        return 0
    courses = []
    for title, trade, hours, intro in COURSES:
        course = Course(
            academy=academy,
            title=title,
            mode=CourseMode.ONLINE,
            trade=trade,
            hours=hours,
            intro=intro,
            video_seconds=SAMPLE_SECONDS,
            published=True,
        )
        with SAMPLE.open("rb") as sample:
            course.video.save(f"{secrets.token_hex(16)}.webm", File(sample), save=False)
        course.save()
        courses.append(course)
    members = list(
        Member.objects.filter(
            org__path__startswith=orgs["lanzhou"].path,
            org__org_type__in=MEMBER_HOLDING_TYPES,
            org__status=OrgStatus.ACTIVE,
        ).order_by("pk")[: LEARNERS * 2]
    )
    rng = random.Random(seed)
    rng.shuffle(members)
    now = timezone.now()
    count = 0
    for n, member in enumerate(members[:LEARNERS]):
        course = courses[n % len(courses)]
        started = now - timedelta(days=rng.randint(1, 120), minutes=rng.randint(0, 600))
        done = rng.random() < 2 / 3
        seconds = SAMPLE_SECONDS if done else rng.randint(15, seconds_to_complete(course) - 1)
        progress = LessonProgress.objects.create(
            course=course,
            member=member,
            org_id=member.org_id,
            seconds_credited=seconds,
            position=seconds,
            last_beat_at=started + timedelta(seconds=seconds),
            completed_at=started + timedelta(seconds=seconds) if done else None,
        )
        LessonProgress.objects.filter(pk=progress.pk).update(started_at=started)
        count += 1
    return count
