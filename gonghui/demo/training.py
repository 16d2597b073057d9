"""Demo 工匠学院 and training, scaled from the Gansu figures ("申报全国工匠学院建设点2个,
建成省级工匠学院28个"; 来宾 "开设钳工、焊工…等27门培训课程"):

- 甘肃省工匠学院 (全国工匠学院建设点, hosted by 兰州市总工会) and a 省级 academy at each city
  union (one per city: 14 at full size), named in 2024 by the province; 兰州's 市级 学院 at
  城关区总工会;
- courses: 钳工, 焊工, 电工 … offline and two online ones at 甘肃省工匠学院, two offline ones at
  each other academy;
- classes: a finished 焊工 class of 兰州 (last month, with attendance, 结业 and certificates),
  a 电工 class of 城关区 under way (its 班次待结业 falls due within the week), a 钳工 class of
  城关区 taking enrolments with one portal application to confirm, and a finished class of
  every other academy's city.

Written once (nothing when an academy exists). Rows are written directly, as a loader would;
`seed_demo` rebuilds the roll-ups and the 待办 afterwards.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.competitions.models.training import (
    Academy,
    AcademyLevel,
    ClassSession,
    ClassStatus,
    Course,
    CourseMode,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from gonghui.competitions.training.services.classes import CERTIFICATE_NO
from gonghui.demo.accounts import demo_orgs
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org, OrgType

NAMED_ON = date(2024, 6, 18)
OFFLINE = (("钳工", 24), ("焊工", 32), ("电工", 24), ("数控车工", 40), ("叉车司机", 16))
ONLINE = (("安全生产基础知识", Decimal("4")), ("班组长管理实务", Decimal("6")))
OTHER_TRADES = ("焊工", "电工", "化工总控工", "汽车维修工", "电梯安装维修工", "中式烹调师")
SESSION_HOURS = Decimal("4")


def _members(org: Org, n: int, rng: random.Random) -> list[Member]:
    found = list(
        Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES)
        .select_related("org")
        .order_by("pk")[: n * 4]
    )
    rng.shuffle(found)
    return found[:n]


def _class(course, org, name, starts_on, days, status, capacity=40) -> TrainingClass:
    return TrainingClass.objects.create(
        course=course,
        org=org,
        name=name,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        enrol_deadline=starts_on - timedelta(days=3),
        capacity=capacity,
        location=f"{org.short_name or org.name}职工培训中心",
        pass_percent=80,
        status=status,
    )


def _trainees(training_class, members, *, sessions: int, finished: bool, rng) -> int:
    """Enrol the members, hold `sessions` sessions with attendance, finish if asked."""
    enrollments = [
        Enrollment.objects.create(
            training_class=training_class,
            member=m,
            org=m.org,
            status=EnrollmentStatus.ENROLLED,
        )
        for m in members
    ]
    for k in range(sessions):
        session = ClassSession.objects.create(
            training_class=training_class,
            held_on=training_class.starts_on + timedelta(days=k),
            topic=("理论讲授", "实操训练", "安全规程", "技能考核")[k % 4],
            hours=SESSION_HOURS,
        )
        # Most come to every session; about one in six misses a few.
        present = [e for e in enrollments if rng.random() < (0.95 if e.pk % 6 else 0.5)]
        session.attendees.set(present)
        for e in present:
            e.hours += SESSION_HOURS
    total = SESSION_HOURS * sessions
    for e in enrollments:
        if finished:
            if e.hours * 100 >= total * training_class.pass_percent:
                e.status = EnrollmentStatus.COMPLETED
                e.completed_on = training_class.ends_on
                e.certificate_no = CERTIFICATE_NO.format(year=e.completed_on.year, id=e.pk)
            else:
                e.status = EnrollmentStatus.NOT_COMPLETED
        e.save()
    return len(enrollments)


@transaction.atomic
def seed_training(seed: int = 7) -> tuple[int, int, int]:
    """Create the academies, courses, classes and enrolments; returns (academies, classes,
    enrolments), all 0 when there is nothing to do."""
    if Academy.objects.exists():
        return 0, 0, 0
    orgs = demo_orgs()
    province, lanzhou, chengguan = orgs["province"], orgs["lanzhou"], orgs["chengguan"]
    if province is None or lanzhou is None or chengguan is None:
        return 0, 0, 0
    rng = random.Random(seed)
    today = timezone.localdate()
    gansu = Academy.objects.create(
        name="甘肃省工匠学院",
        level=AcademyLevel.NATIONAL_SITE,
        org=lanzhou,
        naming_org=province,
        batch="全国工匠学院建设点",
        named_on=NAMED_ON,
        intro="依托兰州市总工会建设，面向全省产业工人开展技能培训和线上学习。",
    )
    courses = {
        title: Course.objects.create(
            academy=gansu,
            title=f"{title}技能提升",
            mode=CourseMode.OFFLINE,
            trade=title,
            hours=hours,
        )  # fmt: skip
        for title, hours in OFFLINE
    }
    for title, hours in ONLINE:
        Course.objects.create(
            academy=gansu, title=title, mode=CourseMode.ONLINE, hours=hours, published=False
        )
    cities = list(
        Org.objects.filter(org_type=OrgType.CITY, path__startswith=province.path).order_by("path")
    )
    academies = [gansu]
    classes = enrolled = 0
    for n, city in enumerate(cities):
        short = (city.short_name or city.name).removesuffix("总工会")
        academy = Academy.objects.create(
            name=f"{short}工匠学院",
            level=AcademyLevel.PROVINCE,
            org=city,
            naming_org=province,
            batch="第一批" if n % 2 == 0 else "第二批",
            named_on=NAMED_ON if n % 2 == 0 else date(2025, 5, 20),
        )
        academies.append(academy)
        trades = rng.sample(OTHER_TRADES, 2)
        first = None
        for trade in trades:
            course = Course.objects.create(
                academy=academy, title=f"{trade}培训", mode=CourseMode.OFFLINE, trade=trade,
                hours=Decimal(rng.choice((16, 24, 32))),
            )  # fmt: skip
            first = first or course
        if city.pk == lanzhou.pk:
            continue
        members = _members(city, 10, rng)
        if members:
            done = _class(first, city, f"{first.title}（2026年第1期）", date(2026, 4, 13), 4,
                          ClassStatus.FINISHED)  # fmt: skip
            enrolled += _trainees(done, members, sessions=4, finished=True, rng=rng)
            classes += 1
    academies.append(
        Academy.objects.create(
            name="城关区职工技能培训学院",
            level=AcademyLevel.CITY,
            org=chengguan,
            naming_org=lanzhou,
            batch="2025年",
            named_on=date(2025, 9, 1),
        )
    )
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=10)
    welding = _class(courses["焊工"], lanzhou, "焊工技能提升班（第1期）", last_month, 7,
                     ClassStatus.FINISHED)  # fmt: skip
    enrolled += _trainees(welding, _members(lanzhou, 16, rng), sessions=6, finished=True, rng=rng)
    electric = _class(courses["电工"], chengguan, "电工实操培训班（第2期）",
                      today - timedelta(days=3), 6, ClassStatus.RUNNING, capacity=30)  # fmt: skip
    enrolled += _trainees(electric, _members(chengguan, 10, rng), sessions=3, finished=False,
                          rng=rng)  # fmt: skip
    fitter = _class(courses["钳工"], chengguan, "钳工入门培训班", today + timedelta(days=14), 5,
                    ClassStatus.OPEN, capacity=20)  # fmt: skip
    waiting = _members(chengguan, 6, random.Random(seed + 1))
    enrolled += _trainees(fitter, waiting[:5], sessions=0, finished=False, rng=rng)
    if len(waiting) > 5:
        applicant = waiting[5]
        Enrollment.objects.create(
            training_class=fitter,
            member=applicant,
            org=applicant.org,
            status=EnrollmentStatus.APPLIED,
        )
    classes += 3
    return len(academies), classes, enrolled
