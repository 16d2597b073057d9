"""What a caller does himself: file online with files (case_intake_online), rate his closed
case (case_rate_by_caller), and the reads of his own cases (cases_of_caller,
access_case_of_caller, case_public_timeline)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.core.errors import ApplicationError, NotFound
from gonghui.hotline import services
from gonghui.hotline.codes import CaseStatus, Category, EventAction, Kind, Rating
from gonghui.hotline.models import Case, CaseAttachment, CaseEvent, CaseSequence
from gonghui.hotline.selectors import (
    LOOKUP_NOT_FOUND,
    access_case_of_caller,
    case_public_timeline,
    cases_of_caller,
)
from gonghui.hotline.services import (
    ALREADY_RATED,
    RATE_NOT_CLOSED,
    REOPEN_NEEDS_UNSATISFIED,
)
from gonghui.hotline.tests.conftest import ID_NUMBER, PHONE, intake
from gonghui.hotline.tests.test_views import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png(name="工资条.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def file_online(**overrides) -> Case:
    kwargs = dict(
        caller_name="李建国",
        caller_phone=PHONE,
        kind=Kind.DEMAND,
        category=Category.WAGES,
        description="公司拖欠三个月工资。",
    )
    kwargs.update(overrides)
    return services.case_intake_online(**kwargs)


def nothing_written(media) -> bool:
    files = list(media.rglob("*")) if media.exists() else []
    return not (
        Case.objects.exists()
        or CaseEvent.objects.exists()
        or CaseAttachment.objects.exists()
        or CaseSequence.objects.exists()
        or AuditLog.objects.filter(action__startswith="case.").exists()
        or any(f.is_file() for f in files)
    )


# --- case_intake_online ---------------------------------------------------------------------


def test_online_intake_writes_the_case_and_its_files_together(tree, make_member, media):
    member = make_member(tree.base_a, id_number=ID_NUMBER)
    case = file_online(
        id_number=ID_NUMBER,
        county=tree.chengguan,
        attachments=[png(), SimpleUploadedFile("合同.pdf", b"%PDF-1.4 contract")],
    )
    assert (case.channel, case.complexity, case.status) == ("online", "simple", "received")
    assert case.member == member and case.county == tree.chengguan and case.created_by is None
    stored = list(case.attachments.order_by("id"))
    assert [(a.original_name, a.content_type, a.uploaded_by) for a in stored] == [
        ("工资条.png", "image/png", None),
        ("合同.pdf", "application/pdf", None),
    ]
    assert all((media / a.file.name).is_file() for a in stored)
    assert list(case.events.values_list("action", flat=True)) == [
        EventAction.INTAKE,
        EventAction.ATTACH,
        EventAction.ATTACH,
    ]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [png(), SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))],
            services.ATTACHMENT_TOO_LARGE.format(name="大.pdf"),
        ),
        (
            [SimpleUploadedFile("病毒.exe", b"MZ\x90\x00")],
            services.ATTACHMENT_TYPE_INVALID.format(name="病毒.exe"),
        ),
        (
            [png(), SimpleUploadedFile("假.png", b"not a picture")],
            services.ATTACHMENT_CONTENT_INVALID.format(name="假.png", ext=".png", label="PNG 图片"),
        ),
        ([png(f"{i}.png") for i in range(11)], services.ONLINE_TOO_MANY_FILES.format(n=10)),
    ],
)
def test_a_bad_file_refuses_the_whole_complaint_and_writes_nothing(tree, media, files, message):
    with pytest.raises(ApplicationError) as refused:
        file_online(attachments=files)
    assert (refused.value.message, refused.value.field) == (message, "attachments")
    assert nothing_written(media)


def test_a_bad_field_after_the_files_were_checked_writes_nothing(tree, media):
    with pytest.raises(ApplicationError) as refused:
        file_online(description=" ", attachments=[png()])
    assert refused.value.message == services.TEXT_REQUIRED.format(label="诉求内容")
    assert nothing_written(media)


# --- case_rate_by_caller --------------------------------------------------------------------


def test_the_caller_rates_his_closed_case_once(case_in, agent):
    case = case_in("closed")
    rated = services.case_rate_by_caller(case=case, rating=Rating.SATISFIED, comment="很及时")
    assert (rated.status, rated.rating, rated.rating_comment) == (
        CaseStatus.EVALUATED,
        Rating.SATISFIED,
        "很及时",
    )
    assert rated.callback_at is not None
    event = rated.events.last()
    assert (event.action, event.actor, event.data) == (
        EventAction.CALLBACK,
        None,
        {"rating": "satisfied", "by": "caller"},
    )
    audit = AuditLog.objects.filter(action="case.callback").get()
    assert audit.actor is None and audit.changes["by"] == "caller"

    events = CaseEvent.objects.count()
    with pytest.raises(ApplicationError) as twice:
        services.case_rate_by_caller(case=case, rating=Rating.UNSATISFIED)
    assert twice.value.message == ALREADY_RATED
    # The agent's callback is refused too: the caller has answered.
    with pytest.raises(ApplicationError) as callback:
        services.case_callback(actor=agent, case=case, rating=Rating.BASIC)
    assert callback.value.message == services.WRONG_STATUS.format(
        status=CaseStatus.EVALUATED.label, action="回访"
    )
    assert CaseEvent.objects.count() == events
    assert Case.objects.get(pk=case.pk).rating == Rating.SATISFIED


@pytest.mark.parametrize("state", ["received", "dispatched", "accepted", "returned"])
def test_an_open_case_cannot_be_rated(case_in, state):
    case = case_in(state)
    version = case.version
    with pytest.raises(ApplicationError) as refused:
        services.case_rate_by_caller(case=case, rating=Rating.SATISFIED)
    assert refused.value.message == RATE_NOT_CLOSED
    case.refresh_from_db()
    assert (case.status, case.rating, case.version) == (state, "", version)


def test_unsatisfied_may_reopen_the_case_like_the_agents_callback(case_in):
    case = case_in("closed")
    handler, holder = case.handler, case.holder
    reopened = services.case_rate_by_caller(
        case=case, rating=Rating.UNSATISFIED, comment="工资只发了一半", reopen=True
    )
    assert (reopened.status, reopened.reopen_count, reopened.rating) == (
        CaseStatus.ACCEPTED,
        1,
        Rating.UNSATISFIED,
    )
    assert (reopened.handler, reopened.holder) == (handler, holder)
    assert reopened.closed_at is None and reopened.result == ""
    assert reopened.deadline_from == reopened.callback_at
    assert list(reopened.events.values_list("action", flat=True))[-2:] == [
        EventAction.CALLBACK,
        EventAction.REOPEN,
    ]
    assert reopened.events.last().data["by"] == "caller"


def test_reopen_needs_unsatisfied_and_a_bad_rating_is_refused(case_in):
    case = case_in("closed")
    version = case.version
    with pytest.raises(ApplicationError) as refused:
        services.case_rate_by_caller(case=case, rating=Rating.BASIC, reopen=True)
    assert refused.value.message == REOPEN_NEEDS_UNSATISFIED
    with pytest.raises(ApplicationError) as bad:
        services.case_rate_by_caller(case=case, rating="great")
    assert bad.value.message == services.CHOICE_REQUIRED.format(label="评价")
    with pytest.raises(ApplicationError) as long:
        services.case_rate_by_caller(case=case, rating=Rating.BASIC, comment="长" * 501)
    assert long.value.message == services.TEXT_TOO_LONG.format(label="评价意见", n=500)
    case.refresh_from_db()
    assert (case.status, case.rating, case.version) == (CaseStatus.CLOSED, "", version)


# --- reads ----------------------------------------------------------------------------------


def test_cases_of_caller_are_his_phone_s_through_any_channel_newest_first(tree, staff):
    call = intake(staff.sysadmin)
    online = file_online()
    intake(staff.sysadmin, caller_phone="13900001111")
    assert list(cases_of_caller(phone=PHONE)) == [online, call]
    assert list(cases_of_caller(phone="13700000000")) == []


def test_access_case_of_caller_has_one_not_found(case_in):
    case = case_in("received")
    assert access_case_of_caller(number=f" {case.number} ", phone=PHONE) == case
    for number, phone in [(case.number, "13900001111"), ("12351-20200101-0001", PHONE)]:
        with pytest.raises(NotFound) as missing:
            access_case_of_caller(number=number, phone=phone)
        assert missing.value.message == LOOKUP_NOT_FOUND


def test_the_public_timeline_names_unions_only_and_marks_the_caller_s_rating(case_in):
    case = case_in("closed")
    services.case_rate_by_caller(case=case, rating=Rating.BASIC, comment="还行")
    timeline = case_public_timeline(case)
    assert [(s["action"], s["action_label"], s["org"], s["to_org"]) for s in timeline] == [
        ("intake", "登记", "甘肃省总工会", "甘肃省总工会"),
        ("dispatch", "派单", "甘肃省总工会", "城关区总工会"),
        ("accept", "接单", "甘肃省总工会", ""),
        ("close", "办结", "甘肃省总工会", ""),
        ("callback", "职工评价", "", ""),
    ]
    assert set(timeline[0]) == {"at", "action", "action_label", "org", "to_org"}


def test_the_workbench_shows_the_caller_as_the_one_who_rated(client, case_in, agent):
    case = case_in("closed")
    services.case_rate_by_caller(case=case, rating=Rating.UNSATISFIED, reopen=True)
    client.force_login(agent)
    text = client.get(reverse("hotline:detail", args=[case.number])).content.decode()
    assert text.count("来电人（网上）") == 2  # the rating and the reopening
    assert "评价：不满意" in text
