"""An object outside the caller's subtree answers exactly as a missing one (issue 11).

Walks every workbench URL of the URLconf that takes an object in its path (int, str or slug
converters) and every API operation with a path parameter, and asks each twice as a union admin
of 城关区 (who holds the personal-data grant): once with ids of objects in 天水 (another city),
once with ids that exist nowhere. The two answers must be the same byte for byte (status and
body; only CSRF tokens differ between two pages, and they are blanked), and the out-of-scope
attempt must leave an `access.denied` row. A new app's URLs are walked too: a path parameter
with no id in `FOREIGN` fails the test until one is given.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.permissions import ROLE_AUDITOR, ROLE_UNION_ADMIN, Perm
from gonghui.assistance.codes import AidForm, CampaignKind, Measure, SchoolLevel
from gonghui.assistance.models import (
    AidCap,
    AidException,
    Campaign,
    CampaignPayment,
    HelpMeasure,
    HomeVisit,
    HomeVisitPhoto,
    Objection,
    StudentGrant,
)
from gonghui.assistance.tests.conftest import make_archive  # noqa: F401 (fixture)
from gonghui.audit.models import AuditLog
from gonghui.audit.services import audit_record
from gonghui.competitions.contests.services import (
    contest_create,
    contest_transition,
    entry_add_member,
)
from gonghui.competitions.models import ContestDocument
from gonghui.competitions.quiz.bank import question_create, quiz_create
from gonghui.competitions.studios.services import (
    studio_batch_create,
    studio_create,
    suggestion_submit,
)
from gonghui.conftest import PASSWORD
from gonghui.honors.models import Honor, Honoree
from gonghui.hotline.models import CaseAttachment
from gonghui.hotline.tests.conftest import intake
from gonghui.imports.models import ImportJob
from gonghui.inbox.models import OpenItem
from gonghui.members.codes import Category
from gonghui.members.models import Transfer, TransferSide
from gonghui.national.models import ConsentBy, CrossTransfer, Direction
from gonghui.notices.services import notice_create
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.portal.models import JoinApplication, MemberRequest, MemberRequestKind
from gonghui.sites.models import SitePhoto
from gonghui.sites.services import site_create

pytestmark = [pytest.mark.django_db, pytest.mark.raw_member_writes]

MISSING_INT = 987_654_321
MISSING_NUMBER = "99991231999999"

# Left out of the walk, each for its reason.
SKIPPED_NAMESPACES = {
    "admin": "the Django admin: platform operators (superusers) only, Django's own checks",
    "api": "walked below through the OpenAPI schema",
}
NOT_SCOPED = {
    "inbox:kind": "a kind of work is a registry key; the items listed are the user's own",
    "workcalendar:day_delete": "a calendar day is province-wide, not an object of a subtree",
    "hotline_rules:edit": "deadline rules are province-wide",
    "hotline_rules:delete": "deadline rules are province-wide",
    "portal_admin:legal_publish": "用户协议/隐私政策 are province-wide texts",
    "portal_admin:legal_version": "用户协议/隐私政策 are province-wide texts",
    "honors:type_edit": "the catalogue of honors is province-wide (系统管理员)",
}
# Call-centre operations: only agents may, and an agent sees every case of the province's call
# centre, so no case lies outside his scope. A union admin is refused them (403) for any number.
AGENTS_ONLY = {
    "hotline/cases/<str:number>/dispatch/",
    "hotline/cases/<str:number>/callback/",
    "post /api/v1/hotline/cases/{number}/dispatch",
    "post /api/v1/hotline/cases/{number}/callback",
    "post /api/v1/hotline/cases/{number}/reopen",
}
# The portal (/m/) is the worker's own and public pages: its ids are tested in portal/tests.
SKIPPED_PREFIXES = ("m/",)

# Path parameters that are not ids: the same value in both requests.
CONSTANT = {"chart": "members", "status": "published", "kind": "member"}

_CSRF = [
    re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")'),
    re.compile(rb'(name="csrf-token" content=")[^"]*(")'),
    re.compile(rb'("X-CSRFToken": ")[^"]*(")'),
]


def normalised(content: bytes) -> bytes:
    for pattern in _CSRF:
        content = pattern.sub(rb"\1\2", content)
    return content


def object_routes(patterns, prefix="", namespace=""):
    """(url name, parameter names, route) of every named pattern taking path parameters."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from object_routes(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.pattern.converters:
            route = prefix + str(entry.pattern)
            if entry.name and not route.startswith(SKIPPED_PREFIXES):
                yield f"{namespace}{entry.name}", list(entry.pattern.converters), route


def _contest(actor, host):
    """A contest taking entries, hosted by `host`."""
    contest = contest_create(
        actor=actor,
        host=host,
        name=f"{host.name}技能竞赛",
        kind="skill",
        contest_class="2",
        trades=["焊工"],
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 12, 31),
    )
    for status in ("published", "enrolling"):
        contest = contest_transition(actor=actor, contest=contest, status=status)
    return contest


@pytest.fixture
def foreign(tree, staff, make_member, make_archive, make_worker):  # noqa: F811
    """Ids of objects of 天水市 (outside 城关区), by path parameter name; `by_route` for names
    that mean different objects on different pages (`pk`, `photo_id`)."""
    other = staff.tianshui_admin
    member = make_member(tree.base_d, name="郭辉", actor=staff.sysadmin)
    worker = make_worker("13912341234")
    archive = make_archive(member)
    visit = HomeVisit.objects.create(
        archive=archive,
        visited_on=date(2026, 3, 5),
        visitors="甲、乙",
        findings="家中有病人",
        created_by=other,
    )
    site = site_create(
        actor=staff.sysadmin,
        org=tree.qinzhou,
        county=tree.qinzhou,
        name="秦州驿站",
        site_type="station",
        address="天水市秦州区测试路1号",
        lat=34.58,
        lng=105.72,
        hours="24小时",
        facilities=1,
    )
    campaign = Campaign.objects.create(
        kind=CampaignKind.WARMTH,
        name="秦州送温暖",
        org=tree.qinzhou,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 2, 1),
        budget=Decimal("1000"),
        created_by=other,
    )
    student = archive.household.exclude(pk=archive.household.order_by("pk").first().pk).first()
    case = intake(staff.sysadmin)
    quiz = quiz_create(
        actor=other,
        title="秦州区网上练兵",
        description="",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=1),
        duration_minutes=20,
        attempts_allowed=1,
        draw_count=0,
        certificate_top=10,
    )
    contest = _contest(other, tree.qinzhou)
    studio_batch = studio_batch_create(
        actor=other,
        name="秦州区创新工作室",
        level="enterprise",
        year=2026,
        deadline=date(2099, 1, 1),
    )
    studio = studio_create(
        actor=other,
        batch=studio_batch,
        org=tree.base_d,
        lead=member,
        name="郭辉工作室",
        kind="worker",
    )
    ids = {
        "batch_id": studio_batch.pk,
        "studio_id": studio.pk,
        "suggestion_id": suggestion_submit(
            actor=other,
            org=tree.base_d,
            kind="proposal",
            title="建议",
            content="内容",
            member=member,
        ).pk,
        "org_id": tree.base_d.pk,
        "staff_id": other.pk,
        "member_id": member.pk,
        "transfer_id": Transfer.objects.create(
            member=member,
            from_org=tree.base_d,
            to_org=tree.dacheng,
            initiated_by=TransferSide.OUT,
            requested_by=other,
        ).pk,
        "job_id": ImportJob.objects.create(
            created_by=other,
            kind="members",
            org=tree.base_d,
            mode="all",
            file="imports/x.xlsx",
            filename="x.xlsx",
        ).pk,
        "number": case.number,
        "attachment_id": CaseAttachment.objects.create(
            case=case, file="cases/x.pdf", original_name="x.pdf", content_type="x", size=1
        ).pk,
        "site_id": site.pk,
        "notice_id": notice_create(
            actor=other, title="秦州区通知", body="正文", target=tree.qinzhou
        ).pk,
        "application_id": JoinApplication.objects.create(
            worker=worker, org=tree.base_d, category=Category.EMPLOYED
        ).pk,
        "request_id": MemberRequest.objects.create(
            worker=worker, member=member, kind=MemberRequestKind.LEAVE
        ).pk,
        "archive_id": archive.pk,
        "pk": archive.pk,
        "measure_id": HelpMeasure.objects.create(
            archive=archive,
            kind=Measure.values[0],
            content="就业帮扶",
            responsible_org=tree.qinzhou,
            target_date=date(2026, 12, 31),
            created_by=other,
        ).pk,
        "objection_id": Objection.objects.create(
            archive=archive, received_on=date(2026, 3, 6), content="异议", created_by=other
        ).pk,
        "exception_id": AidException.objects.create(
            archive=archive,
            year=2026,
            extra_amount=Decimal("100"),
            reason="重病",
            requested_by_org=tree.base_d,
            approver_org=tree.qinzhou,
            requested_by=other,
        ).pk,
        "cap_id": AidCap.objects.create(org=tree.qinzhou, year=2026, amount=Decimal("5000")).pk,
        "campaign_id": campaign.pk,
        "payment_id": CampaignPayment.objects.create(
            campaign=campaign,
            org=tree.base_d,
            person_hash="x" * 64,
            form=AidForm.CASH,
            amount=Decimal("100"),
            paid_on=date(2026, 1, 10),
            created_by=other,
        ).pk,
        "grant_id": StudentGrant.objects.create(
            archive=archive,
            student=student,
            student_hash="y" * 64,
            year=2026,
            school="兰州大学",
            school_level=SchoolLevel.values[0],
            admission_proof=b"%PDF",
            admission_proof_type="application/pdf",
            admission_proof_name="x.pdf",
            org=tree.base_d,
            created_by=other,
        ).pk,
        "photo_id": HomeVisitPhoto.objects.create(
            visit=visit, content=b"x", content_type="image/jpeg", size=1
        ).pk,
        "quiz_id": quiz.pk,
        "question_id": question_create(
            actor=other, quiz=quiz, kind="judge", text="题", options=[], answer="正确", score=1
        ).pk,
        "log_id": audit_record(
            actor=other, action="org.update", obj=tree.base_d, org=tree.base_d
        ).pk,
        "contest_id": contest.pk,
        "entry_id": entry_add_member(actor=other, contest=contest, member=member, trade="焊工").pk,
        "document_id": ContestDocument.objects.create(
            competition=contest,
            kind="rules",
            filename="x.pdf",
            data=b"%PDF",
            content_type="application/pdf",
            size=4,
        ).pk,
    }
    # `batch_id` names a 创新工作室 naming batch here and a 疗休养 batch there.
    studio_batch = {"batch_id": ids["batch_id"]}
    ids.update(_teams_and_recuperation(tree, staff, member))
    ids.update(_honors_ids(tree, other, member))
    ids.update(_training_ids(tree, staff, member))
    by_route = {
        "notifications:read": {
            "pk": Notification.objects.create(
                recipient_org=tree.qinzhou, kind=NotificationKind.OTHER, title="通知"
            ).pk
        },
        "sites:photo": {
            "photo_id": SitePhoto.objects.create(
                site=site, data=b"x", content_type="image/jpeg", size=1
            ).pk
        },
    }
    by_route["inbox:dismiss"] = {
        "pk": OpenItem.objects.create(
            kind="imports.failed", ref="1", org=tree.qinzhou, summary="导入有错误行", link="/"
        ).pk
    }
    by_route["sites:photo_delete"] = by_route["sites:photo"]
    by_route["studios:create"] = studio_batch
    tianshui_honoree = Honoree.objects.create(subject="person", name="天水劳模", org=tree.base_d)
    honoree = {"pk": tianshui_honoree.pk}
    by_route["honors:honoree_revoke"] = {
        "pk": tianshui_honoree.pk,
        "honor_id": Honor.objects.create(
            honoree=tianshui_honoree, honor_type_id=ids["honor_type_id"], year=2020
        ).pk,
    }
    ids["honor_id"] = by_route["honors:honoree_revoke"]["honor_id"]
    for name in (
        "honoree",
        "honoree_unmask",
        "honoree_contact",
        "honoree_death",
        "honoree_hardship",
        "honoree_allowance",
        "honoree_care",
        "honoree_recuperation",
    ):
        by_route[f"honors:{name}"] = honoree
    by_route.update(_training_online_routes(tree))
    received = CrossTransfer.objects.create(
        ref="63-TEST-1",
        direction=Direction.IN,
        peer="63",
        org=tree.base_d,
        to_org_code="",
        name="外省职工",
        consent_at=timezone.now(),
        consent_version="1",
        consent_by=ConsentBy.STAFF,
    )
    for name in ("national:approve", "national:reject"):
        by_route[name] = {"transfer_id": received.pk}
    return ids, by_route


def _training_online_routes(tree) -> dict:
    """An online course of 天水市's academy (with a video), for the online courses' routes."""
    from gonghui.competitions.models.training import Academy, Course

    academy = Academy.objects.create(
        name="天水市工匠学院",
        level="city",
        org=tree.qinzhou,
        naming_org=tree.tianshui,
        named_on=date(2025, 5, 1),
    )
    course = Course.objects.create(
        academy=academy,
        title="天水线上课",
        mode="online",
        hours=Decimal("2"),
        video="training/videos/x.mp4",
        video_seconds=60,
    )
    names = ("course", "upload", "publish", "unpublish", "video")
    return {f"training_online:{name}": {"course_id": course.pk} for name in names}


def _teams_and_recuperation(tree, staff, member) -> dict:
    """A team of 天水丁公司 with one member; a 疗休养 plan of 天水市 with a batch and a
    participant."""
    from gonghui.members.teams.services import team_add_member, team_create
    from gonghui.recuperation.services import (
        add_participant,
        batch_create,
        plan_create,
        resort_create,
    )

    team = team_create(actor=staff.sysadmin, org=tree.base_d, name="秦州检修班")
    membership = team_add_member(actor=staff.sysadmin, team=team, member=member)
    resort = resort_create(
        actor=staff.sysadmin, org=tree.tianshui, name="麦积山基地", place="天水", level="city"
    )
    plan = plan_create(actor=staff.sysadmin, org=tree.tianshui, year=2026, title="职工疗休养")
    batch = batch_create(
        actor=staff.sysadmin,
        plan=plan,
        name="第1批",
        resort=resort,
        start_on=date(2099, 5, 1),
        end_on=date(2099, 5, 5),
        places=5,
    )
    participant = add_participant(actor=staff.sysadmin, batch=batch, member=member)
    return {
        "team_id": team.pk,
        "membership_id": membership.pk,
        "plan_id": plan.pk,
        "batch_id": batch.pk,
        "participant_id": participant.pk,
    }


def _honors_ids(tree, other, member) -> dict:
    """A round of 天水市 with a nomination of 天水丁公司 and an objection to it."""
    from gonghui.honors.models import HonorType, Nomination, Round
    from gonghui.honors.models import Objection as HonorObjection

    honor_type = HonorType.objects.create(
        code="tianshui-model",
        title="天水市劳动模范",
        level="city",
        conferrer=tree.tianshui,
        conferring_body="天水市人民政府",
        subject="person",
    )
    rnd = Round.objects.create(
        org=tree.tianshui, title="天水市劳模评选", year=2026, created_by=other
    )
    nomination = Nomination.objects.create(
        round=rnd,
        honor_type=honor_type,
        subject="person",
        org=tree.base_d,
        holder=tree.qinzhou,
        member=member,
        nominee_key="p:x",
        name=member.name,
        deeds="事迹",
        created_by=other,
    )
    objection = HonorObjection.objects.create(
        nomination=nomination, name="某", contact_enc=b"x", text="异议"
    )
    from gonghui.honors.models import NominationAttachment, Opinion

    attachment = NominationAttachment.objects.create(
        nomination=nomination,
        file="honors/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=other,
    )
    opinion = Opinion.objects.create(
        nomination=nomination, department="纪检", agree=False, recorded_by=other
    )
    return {
        "round_id": rnd.pk,
        "nomination_id": nomination.pk,
        "honor_objection_id": objection.pk,
        "honor_type_id": honor_type.pk,
        "honor_file_id": attachment.pk,
        "honor_opinion_id": opinion.pk,
    }


def _training_ids(tree, staff, member) -> dict:
    """An academy hosted by 秦州区, its offline course, a class of 秦州区 with a session and the
    enrolment of 天水丁公司's member."""
    from gonghui.competitions.training.services import (
        academy_create,
        class_create,
        course_create,
        enrollment_add,
        session_add,
    )

    academy = academy_create(
        actor=staff.sysadmin,
        name="天水工匠学院",
        level="province",
        org=tree.qinzhou,
        named_on=date(2024, 1, 1),
    )
    course = course_create(
        actor=staff.sysadmin, academy=academy, title="电工", mode="offline", hours=8
    )
    training_class = class_create(
        actor=staff.tianshui_admin,
        course=course,
        org=tree.qinzhou,
        name="电工第一期",
        starts_on=date(2099, 1, 1),
        ends_on=date(2099, 1, 5),
        enrol_deadline=date(2098, 12, 31),
        capacity=10,
    )
    session = session_add(
        actor=staff.tianshui_admin, training_class=training_class, held_on=date(2099, 1, 1), hours=4
    )
    enrollment = enrollment_add(
        actor=staff.tianshui_admin, training_class=training_class, member=member
    )
    return {
        "academy_id": academy.pk,
        "course_id": course.pk,
        "class_id": training_class.pk,
        "session_id": session.pk,
        "enrollment_id": enrollment.pk,
    }


@pytest.fixture
def actor(tree, make_user):
    """A union admin of 城关区 holding the personal-data grant, an auditor (审计日志's rows) who
    also manages staff accounts: every page below is his to open for objects of his own
    subtree."""
    walker = make_user("cg_walker", tree.chengguan, ROLE_UNION_ADMIN, ROLE_AUDITOR, pii=True)
    # 工作人员账号 (系统管理员's pages): given on its own, the rest stays a union admin's.
    app_label, codename = Perm.STAFF_MANAGE.split(".")
    walker.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return User.objects.get(pk=walker.pk)


def _kwargs(params, values):
    return {name: values[name] for name in params}


def _denials(actor) -> int:
    """Refusals of an object (a refused permission names none)."""
    return (
        AuditLog.objects.filter(actor=actor, action="access.denied", result="denied")
        .exclude(object_id="")
        .count()
    )


def _compare(client, actor, method, missing_url, foreign_url, problems, **extra) -> bool:
    """Ask for the missing and the foreign object; True if the request reached the access check
    (the missing id answered 404)."""
    send = getattr(client, method)
    before = _denials(actor)
    absent = send(missing_url, **extra)
    if _denials(actor) != before:
        problems.append(f"{method.upper()} {missing_url}: a missing id wrote a refusal")
    outside = send(foreign_url, **extra)
    label = f"{method.upper()} {foreign_url}"
    if (absent.status_code, normalised(absent.content)) != (
        outside.status_code,
        normalised(outside.content),
    ):
        problems.append(
            f"{label}: {outside.status_code} {outside.content[:120]!r} but missing gives "
            f"{absent.status_code} {absent.content[:120]!r}"
        )
    elif absent.status_code == 404 and _denials(actor) == before:
        problems.append(f"{label}: out of scope but no access.denied row")
    return absent.status_code == 404


def test_every_object_url_answers_outside_the_subtree_as_for_a_missing_id(client, actor, foreign):
    ids, by_route = foreign
    client.force_login(actor)
    problems, reached, routes = [], set(), []
    for name, params, route in object_routes(get_resolver().url_patterns):
        if name in NOT_SCOPED:
            continue
        unknown = [p for p in params if p not in ids and p not in CONSTANT]
        unknown = [p for p in unknown if p not in by_route.get(name, {})]
        if unknown:
            problems.append(f"{route}: no foreign id for {unknown}; add one to `foreign`")
            continue
        values = {**ids, **CONSTANT, **by_route.get(name, {})}
        missing = {p: MISSING_NUMBER if p == "number" else MISSING_INT for p in params}
        missing.update({p: v for p, v in CONSTANT.items() if p in params})
        foreign_url = reverse(name, kwargs=_kwargs(params, values))
        missing_url = reverse(name, kwargs=missing)
        routes.append(route)
        for method in ("get", "post"):
            if _compare(client, actor, method, missing_url, foreign_url, problems):
                reached.add(route)
    assert not problems, "\n".join(problems)
    # Every route was reached past its permission check by at least one method.
    assert len(routes) > 80
    assert set(routes) - reached == AGENTS_ONLY & set(routes)


def _example(schema: dict, components: dict):
    """A value that satisfies `schema` (required fields only): the body must pass validation
    so that the operation reaches its access check."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[1]], components)
    if "anyOf" in schema:
        return _example(schema["anyOf"][0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _example(props[k], components) for k in schema.get("required", [])}
    if kind == "integer":
        return 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if schema.get("format") == "date":
        return "2026-01-05"
    return "测试"


def test_every_api_operation_answers_outside_the_subtree_as_for_a_missing_id(
    client, actor, foreign
):
    from gonghui.api import api

    ids, _ = foreign
    token = client.post(
        "/api/v1/auth/token",
        {"username": actor.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    components = schema["components"]["schemas"]
    problems, reached, operations = [], set(), set()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            if not params:
                continue
            unknown = [p for p in params if p not in ids]
            if unknown:
                problems.append(f"{method} {path}: no foreign id for {unknown}")
                continue
            operations.add(f"{method} {path}")
            missing = {p: MISSING_NUMBER if p == "number" else MISSING_INT for p in params}
            foreign_url, missing_url = path, path
            for p in params:
                foreign_url = foreign_url.replace(f"{{{p}}}", str(ids[p]))
                missing_url = missing_url.replace(f"{{{p}}}", str(missing[p]))
            extra = dict(headers)
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                extra.update(data=_example(body["schema"], components))
                extra.update(content_type="application/json")
            if _compare(client, actor, method, missing_url, foreign_url, problems, **extra):
                reached.add(f"{method} {path}")
    assert not problems, "\n".join(problems)
    assert len(operations) >= 15
    assert operations - reached == AGENTS_ONLY & operations


@pytest.fixture
def own(tree, staff, make_member, make_archive):  # noqa: F811
    """Ids of parent objects of 城关区 (the actor's own), by path parameter name."""
    from gonghui.hotline import services as hotline

    archive = make_archive(make_member(tree.base_a, name="张梅", actor=staff.sysadmin))
    case = intake(staff.sysadmin)
    case = hotline.case_dispatch(
        actor=staff.sysadmin, case=case, to_org=tree.chengguan, expected_version=case.version
    )
    site = site_create(
        actor=staff.sysadmin,
        org=tree.chengguan,
        county=tree.chengguan,
        name="城关驿站",
        site_type="station",
        address="兰州市城关区测试路2号",
        lat=36.06,
        lng=103.83,
        hours="24小时",
        facilities=1,
    )
    campaign = Campaign.objects.create(
        kind=CampaignKind.WARMTH,
        name="城关送温暖",
        org=tree.chengguan,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 2, 1),
        budget=Decimal("1000"),
        created_by=staff.county_admin,
    )
    return {
        **_own_team_and_batch(tree, staff),
        "number": case.number,
        "site_id": site.pk,
        "pk": archive.pk,
        "archive_id": archive.pk,
        "campaign_id": campaign.pk,
        "quiz_id": quiz_create(
            actor=staff.county_admin,
            title="城关区网上练兵",
            description="",
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=1),
            duration_minutes=20,
            attempts_allowed=1,
            draw_count=0,
            certificate_top=10,
        ).pk,
        "contest_id": _contest(staff.county_admin, tree.chengguan).pk,
        **_own_nomination(tree, staff),
        "studio_id": _own_studio(tree, staff, make_member).pk,
    }


def _own_nomination(tree, staff) -> dict:
    """A nomination of 兰州甲公司 (城关) in a province round: the parent of its files."""
    from gonghui.honors.models import HonorType, Nomination, Round

    honor_type = HonorType.objects.create(
        code="own-medal",
        title="城关荣誉",
        level="province",
        conferrer=tree.province,
        subject="person",
    )
    rnd = Round.objects.create(
        org=tree.province, title="省评选", year=2026, created_by=staff.sysadmin
    )
    nomination = Nomination.objects.create(
        round=rnd,
        honor_type=honor_type,
        subject="person",
        org=tree.base_a,
        holder=tree.chengguan,
        nominee_key="p:own",
        name="城关人",
        deeds="事迹",
        created_by=staff.sysadmin,
    )
    return {"nomination_id": nomination.pk}


def _own_studio(tree, staff, make_member):
    """A studio of 兰州甲公司 (城关) applying to a 兰州 batch: a parent of its members' routes."""
    batch = studio_batch_create(
        actor=staff.city_admin,
        name="兰州市创新工作室",
        level="city",
        year=2026,
        deadline=date(2099, 1, 1),
    )
    return studio_create(
        actor=staff.county_admin,
        batch=batch,
        org=tree.base_a,
        lead=make_member(tree.base_a, name="城关领衔人", actor=staff.sysadmin),
        name="城关创新工作室",
        kind="worker",
    )


def _own_team_and_batch(tree, staff) -> dict:
    """A team of 兰州甲公司 (城关) and a batch of a province plan (城关 puts people forward)."""
    from gonghui.members.teams.services import team_create
    from gonghui.recuperation.services import batch_create, plan_create, resort_create

    resort = resort_create(
        actor=staff.sysadmin, org=tree.province, name="兰州基地", place="兰州", level="province"
    )
    plan = plan_create(actor=staff.sysadmin, org=tree.province, year=2026, title="劳模疗休养")
    batch = batch_create(
        actor=staff.sysadmin,
        plan=plan,
        name="省第1批",
        resort=resort,
        start_on=date(2099, 6, 1),
        end_on=date(2099, 6, 5),
        places=5,
    )
    team = team_create(actor=staff.sysadmin, org=tree.base_a, name="城关检修班")
    return {"team_id": team.pk, "batch_id": batch.pk}


def test_a_child_of_another_subtree_under_an_own_parent_answers_as_missing(
    client, actor, foreign, own
):
    """/sites/<own site>/photos/<a photo of 天水's site>/ and the like: the child is looked up
    in the user's scope too, not only under the parent."""
    ids, by_route = foreign
    client.force_login(actor)
    problems, reached, routes = [], set(), []
    for name, params, route in object_routes(get_resolver().url_patterns):
        ids_in_path = [p for p in params if p not in CONSTANT]
        if name in NOT_SCOPED or len(ids_in_path) < 2:
            continue
        parent, children = ids_in_path[0], ids_in_path[1:]
        assert parent in own, f"{route}: no own parent for {parent}; add one to `own`"
        values = {**ids, **by_route.get(name, {})}
        foreign_url = reverse(name, kwargs={parent: own[parent], **_kwargs(children, values)})
        missing_url = reverse(
            name, kwargs={parent: own[parent], **{p: MISSING_INT for p in children}}
        )
        routes.append(route)
        for method in ("get", "post"):
            if _compare(client, actor, method, missing_url, foreign_url, problems):
                reached.add(route)
    assert not problems, "\n".join(problems)
    assert len(routes) >= 8
    assert set(routes) - reached == set()


def test_an_org_of_another_subtree_named_in_a_write_body_stays_403_and_audited(client, actor, tree):
    """The README's rule: a body naming an org outside the scope is refused (403, audited);
    the refusal names the org by type and id only, filed under the org's own subtree."""
    token = client.post(
        "/api/v1/auth/token",
        {"username": actor.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    body = {
        "name": "郭辉",
        "id_number": "620102195503070016",
        "phone": "13900001111",
        "org_id": tree.base_d.pk,
        "category": Category.EMPLOYED,
    }
    refused = client.post(
        "/api/v1/members", body, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip
    assert refused.status_code == 403
    row = AuditLog.objects.get(actor=actor, action="access.denied")
    assert (row.object_type, row.object_id, row.object_repr) == ("org", str(tree.base_d.pk), "")
    assert row.org_path == tree.base_d.path
