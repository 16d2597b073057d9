"""/api/v1/quizzes: the scoped list with its filters and pages, a quiz without its keys, the
leaderboards by person and by union, the statistics, and a new quiz with its refusals."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.quiz import Question, Quiz, QuizStatus
from gonghui.competitions.quiz.attempts import attempt_start, attempt_submit
from gonghui.competitions.quiz.bank import PASS_RANGE, WINDOW_ORDER
from gonghui.competitions.tests.quiz.conftest import FULL_MARKS, right_choices
from gonghui.conftest import PASSWORD

pytestmark = pytest.mark.django_db
JSON = "application/json"


def auth(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type=JSON,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def take(quiz, member, *, right: bool = True):
    attempt = attempt_start(member=member, quiz=quiz).attempt
    return attempt_submit(
        member=member, attempt=attempt, choices=right_choices(attempt) if right else {}
    )


def body(tree, **fields) -> dict:
    now = timezone.localtime()
    values = {
        "host_id": tree.lanzhou.pk,
        "title": "兰州市安全生产知识网上练兵",
        "opens_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S"),
        "closes_at": (now + timedelta(days=8)).isoformat(),
        "duration_minutes": 30,
        "attempts_allowed": 2,
        "pass_score": 60,
    }
    values.update(fields)
    return values


def test_create_a_draft_and_list_it_with_filters(client, staff, tree, quiz):
    headers = auth(client, staff.city_admin)
    response = client.post("/api/v1/quizzes", body(tree), content_type=JSON, **headers)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["status"], created["pass_score"], created["question_count"]) == ("draft", 60, 0)
    assert Quiz.objects.get(pk=created["id"]).created_by == staff.city_admin
    listed = client.get("/api/v1/quizzes", **headers).json()
    assert listed["count"] == 2
    drafts = client.get("/api/v1/quizzes", {"status": "draft"}, **headers).json()
    assert [q["id"] for q in drafts["items"]] == [created["id"]]
    found = client.get("/api/v1/quizzes", {"q": "安全生产"}, **headers).json()
    assert [q["title"] for q in found["items"]] == ["兰州市安全生产知识网上练兵"]
    assert client.get("/api/v1/quizzes", {"status": "open"}, **headers).status_code == 422
    past = client.get("/api/v1/quizzes", {"page": 99}, **headers)
    assert (past.status_code, past.json()["code"]) == (404, "page_out_of_range")


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        ({"closes_at": "2026-01-01T00:00:00"}, 400, "closes_at"),
        ({"pass_score": 0}, 400, "pass_score"),
        ({"duration_minutes": 0}, 400, "duration_minutes"),
        ({"title": "  "}, 400, "title"),
        ({"opens_at": "0001-01-01T00:00:00+08:00"}, 400, "opens_at"),
        ({"host_id": 987654321}, 400, "host_id"),
    ],
)
def test_create_refusals_write_nothing(client, staff, tree, fields, status, field):
    headers = auth(client, staff.city_admin)
    response = client.post("/api/v1/quizzes", body(tree, **fields), content_type=JSON, **headers)
    assert response.status_code == status, response.content
    assert response.json()["field"] == field
    assert not Quiz.objects.exists()


def test_create_messages_are_chinese_and_scope_is_kept(client, staff, tree):
    headers = auth(client, staff.city_admin)
    late = body(tree, closes_at="2000-01-01T00:00:00")
    assert client.post("/api/v1/quizzes", late, content_type=JSON, **headers).json()["message"] == (
        WINDOW_ORDER
    )
    assert client.post(
        "/api/v1/quizzes", body(tree, pass_score=0), content_type=JSON, **headers
    ).json()["message"] == (PASS_RANGE)
    above = client.post(
        "/api/v1/quizzes", body(tree, host_id=tree.province.pk), content_type=JSON, **headers
    )
    assert above.status_code == 403
    assert AuditLog.objects.filter(action="access.denied", actor=staff.city_admin).exists()
    # An auditor may read but not create.
    reader = auth(client, staff.county_auditor)
    refused = client.post(
        "/api/v1/quizzes", body(tree, host_id=tree.chengguan.pk), content_type=JSON, **reader
    )
    assert refused.status_code == 403
    assert not Quiz.objects.exists()


def test_the_detail_never_carries_the_answer_key(client, staff, quiz):
    headers = auth(client, staff.city_admin)
    response = client.get(f"/api/v1/quizzes/{quiz.pk}", **headers)
    assert response.status_code == 200
    detail = response.json()
    assert detail["question_count"] == len(detail["questions"]) == 4
    assert all(
        set(q) == {"id", "kind", "kind_label", "text", "options", "score", "is_active"}
        for q in detail["questions"]
    )
    assert "answer" not in json.dumps(detail)
    assert Question.objects.filter(quiz=quiz, answer="AC").exists()  # the key exists server-side


def test_outside_the_scope_answers_as_missing(client, staff, quiz):
    for url in ("", "/leaderboard", "/leaderboard?by=org", "/stats"):
        other = client.get(f"/api/v1/quizzes/{quiz.pk}{url}", **auth(client, staff.tianshui_admin))
        missing = client.get(f"/api/v1/quizzes/987654321{url}", **auth(client, staff.sysadmin))
        assert other.status_code == missing.status_code == 404, url
        assert other.json() == missing.json()
    # Below the host: a county's staff do not see the city's quiz.
    headers = auth(client, staff.county_admin)
    assert client.get(f"/api/v1/quizzes/{quiz.pk}", **headers).status_code == 404
    assert client.get("/api/v1/quizzes", **headers).json()["count"] == 0


def test_leaderboards_and_stats(client, staff, tree, make_quiz, make_member):
    quiz = make_quiz(pass_score=FULL_MARKS)
    take(quiz, make_member(tree.base_a, name="甲"))
    take(quiz, make_member(tree.base_c, name="丙"), right=False)
    headers = auth(client, staff.city_admin)
    persons = client.get(f"/api/v1/quizzes/{quiz.pk}/leaderboard", **headers).json()
    assert [(p["rank"], p["name"], p["score"]) for p in persons["persons"]] == [
        (1, "甲", FULL_MARKS),
        (2, "丙", 0),
    ]
    assert persons["count"] == 2 and persons["unions"] == []
    unions = client.get(f"/api/v1/quizzes/{quiz.pk}/leaderboard", {"by": "org"}, **headers).json()
    assert [(u["org_name"], u["participants"]) for u in unions["unions"]] == [
        (tree.chengguan.name, 1),
        (tree.qilihe.name, 1),
    ]
    bad = client.get(f"/api/v1/quizzes/{quiz.pk}/leaderboard", {"by": "team"}, **headers)
    assert bad.status_code == 422
    stats = client.get(f"/api/v1/quizzes/{quiz.pk}/stats", **headers).json()
    assert (stats["attempts"], stats["participants"], stats["passed"], stats["pass_rate"]) == (
        2,
        2,
        1,
        50.0,
    )
    assert [b["count"] for b in stats["bands"]] == [1, 0, 0, 1]
    assert {u["org_name"] for u in stats["unions"]} == {tree.chengguan.name, tree.qilihe.name}


def test_a_published_quiz_from_the_api_keeps_its_status_label(client, staff, quiz):
    listed = client.get("/api/v1/quizzes", **auth(client, staff.sysadmin)).json()
    assert listed["items"][0]["status"] == QuizStatus.PUBLISHED
    assert listed["items"][0]["status_label"] == "已发布"
