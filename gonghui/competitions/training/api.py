"""/api/v1/training: academies, courses, classes (班次) and a class's enrolments.

Scope as on the workbench: outside the caller's subtree answers as missing (404, audited); a
union named in a body outside it is refused (403, audited). Enrolling a member twice or into a
full class is a 409."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from ninja import Field, Query, Router, Schema, Status

from gonghui.accounts.api import require
from gonghui.accounts.permissions import Perm
from gonghui.competitions.models.training import (
    Academy,
    AcademyLevel,
    ClassStatus,
    Course,
    CourseMode,
    Enrollment,
    TrainingClass,
)
from gonghui.competitions.training import selectors as sel
from gonghui.competitions.training import services
from gonghui.core.cleaning import Line, Text, code_of
from gonghui.core.paging import page_of
from gonghui.members.selectors import access_member_by_id
from gonghui.orgs.selectors import org_by_id

router = Router(tags=["工匠学院与职工培训"])


class AcademyIn(Schema):
    name: Line = Field(..., max_length=80)
    level: code_of(AcademyLevel)
    org_id: int = Field(..., description="依托单位（工会组织）id，须在命名工会范围内")
    named_on: date
    batch: Line = Field("", max_length=40, description="命名批次")
    intro: Text = Field("", max_length=20000)


class AcademyOut(Schema):
    id: int
    name: str
    level: str
    level_label: str
    org_id: int
    org_name: str
    naming_org_id: int
    batch: str
    named_on: date
    status: str


class AcademyPage(Schema):
    items: list[AcademyOut]
    count: int


class CourseIn(Schema):
    academy_id: int
    title: Line = Field(..., max_length=80)
    mode: code_of(CourseMode)
    hours: Decimal = Field(..., ge=Decimal("0.5"), le=999, description="学时（0.5的倍数）")
    trade: Line = Field("", max_length=40)
    intro: Text = Field("", max_length=20000)


class CourseOut(Schema):
    id: int
    academy_id: int
    title: str
    mode: str
    trade: str
    hours: Decimal


class CoursePage(Schema):
    items: list[CourseOut]
    count: int


class ClassIn(Schema):
    course_id: int
    org_id: int = Field(..., description="举办工会 id")
    name: Line = Field(..., max_length=80)
    starts_on: date
    ends_on: date
    enrol_deadline: date
    capacity: int = Field(..., ge=1, le=1000)
    location: Line = Field("", max_length=120)
    pass_percent: int = Field(80, ge=1, le=100, description="结业出勤比例（%）")


class ClassOut(Schema):
    id: int
    course_id: int
    org_id: int
    name: str
    starts_on: date
    ends_on: date
    enrol_deadline: date
    capacity: int
    location: str
    pass_percent: int
    status: str
    status_label: str


class ClassPage(Schema):
    items: list[ClassOut]
    count: int


class EnrollmentIn(Schema):
    member_id: int = Field(..., description="会员 id（须在您的范围内、举办工会范围内）")


class EnrollmentOut(Schema):
    id: int
    class_id: int
    member_id: int
    member_name: str
    status: str
    hours: Decimal
    certificate_no: str


def _academy(a: Academy) -> dict:
    return {
        "id": a.pk,
        "name": a.name,
        "level": a.level,
        "level_label": a.get_level_display(),
        "org_id": a.org_id,
        "org_name": a.org.name,
        "naming_org_id": a.naming_org_id,
        "batch": a.batch,
        "named_on": a.named_on,
        "status": a.status,
    }


def _course(c: Course) -> dict:
    fields = ("academy_id", "title", "mode", "trade", "hours")
    return {"id": c.pk, **{name: getattr(c, name) for name in fields}}


def _class(c: TrainingClass) -> dict:
    fields = ("course_id", "org_id", "name", "starts_on", "ends_on", "enrol_deadline")
    return {
        "id": c.pk,
        **{name: getattr(c, name) for name in fields},
        "capacity": c.capacity,
        "location": c.location,
        "pass_percent": c.pass_percent,
        "status": c.status,
        "status_label": c.get_status_display(),
    }


def _enrollment(e: Enrollment) -> dict:
    return {
        "id": e.pk,
        "class_id": e.training_class_id,
        "member_id": e.member_id,
        "member_name": e.member.name,
        "status": e.status,
        "hours": e.hours,
        "certificate_no": e.certificate_no,
    }


def _page(items, page: int, out) -> dict:
    one_page = page_of(items, page=page, size=settings.MEMBERS_PAGE_SIZE)
    return {"items": [out(item) for item in one_page], "count": one_page.paginator.count}


@router.get("/academies", response=AcademyPage, summary="工匠学院列表")
@require(Perm.TRAINING_VIEW)
def academies_list(
    request,
    q: str = Query("", max_length=40),
    level: code_of(AcademyLevel, blank=True, check=True) = "",
    page: int = Query(1, ge=1),
):
    academies = sel.academy_list(user=request.user, q=q.strip(), level=level)
    return _page(academies, page, _academy)


@router.post("/academies", response={201: AcademyOut}, summary="命名工匠学院")
@require(Perm.TRAINING_MANAGE)
def academies_create(request, payload: AcademyIn):
    """Named by the caller's own union, at a level its tier allows, hosted by a unit of its
    subtree (another union: 403, audited)."""
    data = payload.model_dump(exclude={"org_id"})
    org = org_by_id(payload.org_id, field="org_id")
    academy = services.academy_create(actor=request.user, org=org, **data)
    return Status(201, _academy(academy))


@router.get("/courses", response=CoursePage, summary="课程列表")
@require(Perm.TRAINING_VIEW)
def courses_list(
    request,
    academy_id: int | None = Query(None, description="工匠学院 id（不填：范围内全部学院）"),
    mode: code_of(CourseMode, blank=True, check=True) = "",
    page: int = Query(1, ge=1),
):
    academy = sel.access_academy_by_id(request.user, academy_id) if academy_id else None
    return _page(sel.course_list(user=request.user, academy=academy, mode=mode), page, _course)


@router.post(
    "/courses",
    response={201: CourseOut},
    summary="新增课程",
    openapi_extra={"responses": {404: {"description": ""}}},
)
@require(Perm.TRAINING_MANAGE)
def courses_create(request, payload: CourseIn):
    academy = sel.access_academy_by_id(request.user, payload.academy_id)
    course = services.course_create(
        actor=request.user, academy=academy, **payload.model_dump(exclude={"academy_id"})
    )
    return Status(201, _course(course))


@router.get("/classes", response=ClassPage, summary="培训班次列表")
@require(Perm.TRAINING_VIEW)
def classes_list(
    request,
    q: str = Query("", max_length=40),
    status: code_of(ClassStatus, blank=True, check=True) = "",
    page: int = Query(1, ge=1),
):
    classes = sel.class_list(user=request.user, q=q.strip(), status=status)
    return _page(classes, page, _class)


@router.post(
    "/classes",
    response={201: ClassOut},
    summary="开设培训班次",
    openapi_extra={"responses": {404: {"description": ""}}},
)
@require(Perm.TRAINING_MANAGE)
def classes_create(request, payload: ClassIn):
    course = sel.access_course_by_id(request.user, payload.course_id)
    org = org_by_id(payload.org_id, field="org_id")
    training_class = services.class_create(
        actor=request.user,
        course=course,
        org=org,
        **payload.model_dump(exclude={"course_id", "org_id"}),
    )
    return Status(201, _class(training_class))


@router.get("/classes/{class_id}/enrollments", response=list[EnrollmentOut], summary="班次学员")
@require(Perm.TRAINING_VIEW)
def enrollments_list(request, class_id: int):
    training_class = sel.access_class_by_id(request.user, class_id)
    enrollments = sel.class_enrollments(user=request.user, training_class=training_class)
    return [_enrollment(e) for e in enrollments]


@router.post(
    "/classes/{class_id}/enrollments",
    response={201: EnrollmentOut},
    summary="报名学员",
    openapi_extra={"responses": {409: {"description": "名额已满或重复报名"}}},
)
@require(Perm.TRAINING_MANAGE)
def enrollments_create(request, class_id: int, payload: EnrollmentIn):
    training_class = sel.access_class_by_id(request.user, class_id)
    member = access_member_by_id(request.user, payload.member_id)
    enrollment = services.enrollment_add(
        actor=request.user, training_class=training_class, member=member
    )
    return Status(201, _enrollment(enrollment))
