"""Issue 11, server errors and strict input: pages past the last, oversized bodies, NUL and other
control characters everywhere, bodies that are not JSON objects, and an OpenAPI a client can
code against. Every case here was a 500 (or a wrongly accepted request) before."""

import importlib
import pkgutil
import re
from datetime import date

import pytest
from django import forms
from django.test import Client

import gonghui
from gonghui.accounts.forms import LoginForm
from gonghui.api import api
from gonghui.competitions.studios.services import studio_batch_create, studio_create
from gonghui.conftest import PASSWORD, VALID_IDS
from gonghui.core.cleaning import (
    CELL_CONTROL,
    CELL_MONEY,
    MAX_YUAN,
    MONEY_INVALID,
    TEXT_CONTROL,
    TEXT_LINE_BREAK,
    clean_text,
    money_message,
    parse_yuan,
    parse_yuan_cell,
)
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import CleanTextForm
from gonghui.core.middleware import ADDRESS_CONTROL, FORM_CONTROL, too_large_message
from gonghui.core.paging import PAGE_OUT_OF_RANGE
from gonghui.hotline.models import Case
from gonghui.hotline.tests.conftest import (  # noqa: F401 (a fixture)
    deadline_rules,
    intake,
)
from gonghui.members.models import Transfer, TransferStatus

JSON = "application/json"
HUGE_PAGE = "9223372036854775807"
NUL = "王\x00五"


def token(client, username: str) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/token", {"username": username, "password": PASSWORD}, content_type=JSON
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def _batch(tree, staff):
    """A 疗休养 batch of the province, departing long after the test."""
    from datetime import date

    from gonghui.recuperation.services import batch_create, plan_create, resort_create

    resort = resort_create(
        actor=staff.sysadmin, org=tree.province, name="基地", place="兰州", level="province"
    )
    plan = plan_create(actor=staff.sysadmin, org=tree.province, year=2026, title="疗休养")
    return batch_create(
        actor=staff.sysadmin,
        plan=plan,
        name="第1批",
        resort=resort,
        start_on=date(2099, 1, 1),
        end_on=date(2099, 1, 2),
        places=5,
    )


@pytest.fixture
def objects(tree, staff, make_member, deadline_rules):  # noqa: F811 (the fixture)
    from django.utils import timezone

    from gonghui.competitions.contests.services import contest_create
    from gonghui.members.services import transfer_request

    member = make_member(tree.base_a, id_number=VALID_IDS[0])
    transfer = transfer_request(actor=staff.sysadmin, member=member, to_org=tree.base_b)
    case = intake(staff.sysadmin)
    today = timezone.localdate()
    contest = contest_create(
        actor=staff.sysadmin,
        host=tree.province,
        name="测试竞赛",
        kind="skill",
        contest_class="1",
        starts_on=today,
        ends_on=today,
    )
    batch = studio_batch_create(
        actor=staff.county_admin,
        name="城关区企业标准化创新工作室",
        level="enterprise",
        year=2026,
        deadline=date(2099, 1, 1),
    )
    studio = studio_create(
        actor=staff.county_admin,
        batch=batch,
        org=tree.base_a,
        lead=member,
        name="张三工作室",
        kind="worker",
    )
    return {
        "batch_id": _batch(tree, staff).pk,
        "member_id": member.pk,
        "transfer_id": transfer.pk,
        "org_id": tree.base_a.pk,
        "number": case.number,
        "contest_id": contest.pk,
        "studio_id": studio.pk,
        **_honors_objects(tree, staff, member),
        "quiz_id": _quiz(tree, staff).pk,
        **_training_objects(tree, staff),
    }


def _quiz(tree, staff):
    """A draft 网上练兵 of the province (the quizzes' path parameter)."""
    from datetime import timedelta

    from django.utils import timezone

    from gonghui.competitions.quiz.bank import quiz_create

    now = timezone.now()
    return quiz_create(
        actor=staff.sysadmin,
        host=tree.province,
        title="网上练兵",
        description="",
        opens_at=now,
        closes_at=now + timedelta(days=1),
        duration_minutes=20,
        attempts_allowed=1,
        draw_count=0,
        certificate_top=3,
    )


def _training_objects(tree, staff) -> dict:
    """An academy of the province hosted by 城关区, its offline course and a class of 城关区."""
    from gonghui.competitions.training.services import (
        academy_create,
        class_create,
        course_create,
    )

    academy = academy_create(
        actor=staff.sysadmin,
        name="甘肃省工匠学院",
        level="province",
        org=tree.chengguan,
        named_on=date(2024, 1, 1),
    )
    course = course_create(
        actor=staff.sysadmin, academy=academy, title="焊工", mode="offline", hours=8
    )
    training_class = class_create(
        actor=staff.sysadmin,
        course=course,
        org=tree.chengguan,
        name="焊工第一期",
        starts_on=date(2099, 1, 1),
        ends_on=date(2099, 1, 5),
        enrol_deadline=date(2098, 12, 31),
        capacity=10,
    )
    return {"academy_id": academy.pk, "course_id": course.pk, "class_id": training_class.pk}


def _honors_objects(tree, staff, member) -> dict:
    """A round of the province with one nomination (the honors' path parameters)."""
    from gonghui.honors.models import Honor, Honoree, HonorType, Nomination, Round

    honor_type = HonorType.objects.create(
        code="gansu-may1-medal",
        title="甘肃省五一劳动奖章",
        level="province",
        conferrer=tree.province,
        conferring_body="甘肃省总工会",
        subject="person",
    )
    rnd = Round.objects.create(
        org=tree.province, title="评选", year=2026, created_by=staff.sysadmin
    )
    nomination = Nomination.objects.create(
        round=rnd,
        honor_type=honor_type,
        subject="person",
        org=tree.base_a,
        holder=tree.chengguan,
        member=member,
        nominee_key="p:x",
        name=member.name,
        deeds="事迹",
        created_by=staff.sysadmin,
    )
    honoree = Honoree.objects.create(subject="person", name="劳模", org=tree.base_a)
    honor = Honor.objects.create(honoree=honoree, honor_type=honor_type, year=2020)
    from gonghui.honors.models import Opinion

    opinion = Opinion.objects.create(
        nomination=nomination, department="纪检", agree=False, recorded_by=staff.sysadmin
    )
    return {
        "round_id": rnd.pk,
        "nomination_id": nomination.pk,
        "honor_id": honor.pk,
        "honor_opinion_id": opinion.pk,
    }


# --- cleaning --------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\ud800"])
def test_clean_text_refuses_control_characters(bad):
    with pytest.raises(ApplicationError) as refused:
        clean_text(f"张{bad}三", label="姓名", multiline=True)
    assert refused.value.message == TEXT_CONTROL.format(label="姓名")
    assert refused.value.code == "text_control"


def test_clean_text_trims_and_keeps_line_breaks_only_in_multiline_text():
    assert clean_text("  第一行\n\t第二行\r\n  ", multiline=True) == "第一行\n\t第二行"
    with pytest.raises(ApplicationError) as refused:
        clean_text("张\n三", label="姓名")
    assert refused.value.message == TEXT_LINE_BREAK.format(label="姓名")


@pytest.mark.parametrize(
    ("raw", "amount"), [("", "0.00"), ("12,000", "12000.00"), (" 5.5 ", "5.50"), (0, "0.00")]
)
def test_parse_yuan(raw, amount):
    assert str(parse_yuan(raw)) == amount


@pytest.mark.parametrize(
    "raw", ["-1", "0.001", "1e400", "NaN", "Infinity", "十元", str(MAX_YUAN + 1)]
)
def test_parse_yuan_refuses(raw):
    with pytest.raises(ApplicationError) as refused:
        parse_yuan(raw, label="追回金额", field="money_recovered")
    assert refused.value.field == "money_recovered"
    assert refused.value.message == MONEY_INVALID.format(label="追回金额", max="999,999,999,999.99")


@pytest.mark.parametrize("raw", ["0", "", None, "-0.01"])
def test_parse_yuan_positive_refuses_nothing(raw):
    with pytest.raises(ApplicationError) as refused:
        parse_yuan(raw, label="预算", field="budget", positive=True)
    assert refused.value.message == money_message("预算", positive=True)
    assert str(parse_yuan("0.01", positive=True)) == "0.01"


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("", None),
        (None, None),
        ("2400元", "2400.00"),
        (2400.1000000001, "2400.10"),
        ("12,000", "12000.00"),
    ],
)
def test_parse_yuan_cell(raw, amount):
    parsed = parse_yuan_cell(raw, column="月收入")
    assert (str(parsed) if parsed is not None else None) == amount


@pytest.mark.parametrize("raw", ["两千", "-1", str(MAX_YUAN + 1), "NaN"])
def test_parse_yuan_cell_refuses_naming_the_column(raw):
    with pytest.raises(ApplicationError) as refused:
        parse_yuan_cell(raw, column="月收入")
    assert refused.value.message == CELL_MONEY.format(column="月收入", max=f"{MAX_YUAN:,}")


# --- pages past the last ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/members", "/api/v1/hotline/cases"])
def test_api_page_past_the_last_is_404_in_chinese(client, objects, path):
    response = client.get(path, {"page": HUGE_PAGE}, **token(client, "sysadmin"))
    assert response.status_code == 404
    assert response.json() == {
        "code": "page_out_of_range",
        "message": PAGE_OUT_OF_RANGE.format(page=HUGE_PAGE, pages=1),
    }


@pytest.mark.parametrize(
    "path",
    [
        "/members/",
        "/hotline/queue/",
        "/audit/",
        "/sites/",
        "/notifications/",
        "/members/transfers/",
    ],
)
def test_workbench_page_past_the_last_shows_the_last(client, staff, objects, path):
    client.force_login(staff.sysadmin)
    assert client.get(path, {"page": HUGE_PAGE}).status_code == 200


# --- oversized bodies ------------------------------------------------------------------------


def test_oversized_api_body_is_413_in_chinese_even_without_login(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"username": "' + "x" * 2000 + '", "password": "p"}'
    response = client.post("/api/v1/auth/token", body, content_type=JSON)
    assert response.status_code == 413
    assert response.json() == {"code": "too_large", "message": too_large_message()}


def test_default_limit_gives_413_not_500(client):
    body = '{"username": "' + "x" * (3 * 2**20) + '", "password": "p"}'
    assert client.post("/api/v1/auth/token", body, content_type=JSON).status_code == 413


def test_oversized_workbench_form_is_a_413_page_in_chinese(client, staff, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/login/", {"username": "x" * 2000, "password": "p"})
    assert response.status_code == 413
    assert too_large_message() in response.content.decode()


# --- bodies that are not JSON objects --------------------------------------------------------


@pytest.mark.parametrize("body", ["-297569", '"approve"', "[]", "null", "true"])
def test_approve_with_a_body_that_is_not_an_object_is_refused(client, objects, body):
    response = client.post(
        f"/api/v1/transfers/{objects['transfer_id']}/approve",
        body,
        content_type=JSON,
        **token(client, "sysadmin"),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    assert Transfer.objects.get().status == TransferStatus.PENDING


def test_approve_without_a_body_or_with_an_object_still_works(client, objects):
    # Decided by the receiving side's city (the asker, sysadmin, may not decide his own request).
    headers = token(client, "lz_admin")
    url = f"/api/v1/transfers/{objects['transfer_id']}/approve"
    assert client.post(url, {"note": 5}, content_type=JSON, **headers).status_code == 422
    assert client.post(url, "", content_type=JSON, **headers).status_code == 200


def test_a_form_encoded_body_is_refused_by_the_api(client, objects):
    response = client.post(
        "/api/v1/auth/token",
        "username=sysadmin&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_multipart_without_boundary_is_400_not_500(client, objects):
    response = client.post(
        "/api/v1/auth/token", '{"username": "a"}', content_type="multipart/form-data"
    )
    assert response.status_code == 400


# --- NUL in every API string field -----------------------------------------------------------


def _resolve(schema: dict, doc: dict) -> dict:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _sample(name: str, schema: dict, doc: dict, objects: dict):
    schema = _resolve(schema, doc)
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return _sample(name, schema["anyOf"][0], doc, objects)
    if name in objects:
        return objects[name]
    kind = schema.get("type")
    if kind == "integer":
        return {"to_org_id": objects["org_id"], "version": 2}.get(name, 1)
    if kind == "number":
        return 0
    if kind == "boolean":
        return False
    if schema.get("format") == "date-time":
        return "2026-10-01T09:00:00+08:00"
    if schema.get("format") == "date":
        return "2024-03-01"
    return {"phone": "13912345678", "caller_phone": "13912345678"}.get(name, "张三")


def _operations():
    doc = api.get_openapi_schema()
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            yield doc, path, method, operation


def _body_schema(operation: dict, doc: dict) -> dict:
    schema = _resolve(operation["requestBody"]["content"][JSON]["schema"], doc)
    for option in schema.get("anyOf", []):  # an optional body: the object or null
        if "$ref" in option:
            return _resolve(option, doc)
    return schema


def _is_text(schema: dict, doc: dict) -> bool:
    """A string that is not a date, time or amount (or such a string, or null)."""
    schema = _resolve(schema, doc)
    if "anyOf" in schema:
        kinds = [_resolve(s, doc) for s in schema["anyOf"]]
        return any(_is_text(s, doc) for s in kinds) and all(
            _is_text(s, doc) or s.get("type") == "null" for s in kinds
        )
    return schema.get("type") == "string" and "format" not in schema


def _string_inputs(doc, path, method, operation):
    """(where, name) of every text input of an operation."""
    for param in operation.get("parameters", []):
        if _is_text(param["schema"], doc):
            yield param["in"], param["name"]
    if "requestBody" in operation:
        schema = _body_schema(operation, doc)
        for name, prop in schema["properties"].items():
            if _is_text(prop, doc):
                yield "body", name


def _request(doc, path, method, operation, objects, nul_at):
    where, target = nul_at
    params = {p["name"]: p for p in operation.get("parameters", [])}
    url = path
    for name in re.findall(r"{(\w+)}", path):
        value = NUL if (where, target) == ("path", name) else objects[name]
        url = url.replace(f"{{{name}}}", str(value))
    query = {
        name: NUL if (where, target) == ("query", name) else _sample(name, p["schema"], doc, {})
        for name, p in params.items()
        if p["in"] == "query" and (p.get("required") or name == target)
    }
    body = None
    if "requestBody" in operation:
        schema = _body_schema(operation, doc)
        body = {
            name: _sample(name, prop, doc, objects) for name, prop in schema["properties"].items()
        }
        if where == "body":
            body[target] = NUL
    return url, query, body


def test_nul_in_any_string_of_any_api_operation_is_refused(objects):
    """Sends NUL in each string (path, query, body) of each operation, one at a time, as the
    system administrator: a 400 or 422 naming the problem, never a 500 (PostgreSQL cannot hold
    NUL), and nothing written."""
    client = Client()
    headers = token(client, "sysadmin")
    cases_before = Case.objects.count()
    tried = 0
    for doc, path, method, operation in _operations():
        if JSON not in operation.get("requestBody", {}).get("content", {JSON: None}):
            continue  # a file upload (multipart): its app tests NUL in its text parts
        for nul_at in _string_inputs(doc, path, method, operation):
            url, query, body = _request(doc, path, method, operation, objects, nul_at)
            if method == "get":
                response = client.get(url, query, **headers)
            else:
                url += "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
                response = client.post(url, body, content_type=JSON, **headers)
            assert response.status_code in (400, 422), (method, path, nul_at, response.content)
            answer = response.json()
            assert answer["code"] in ("invalid", "text_control"), answer
            assert "控制字符" in answer["message"], answer
            tried += 1
    assert tried >= 60
    assert Case.objects.count() == cases_before


def test_line_break_in_a_name_is_refused_and_in_a_description_kept(client, objects):
    headers = token(client, "sysadmin")
    base = {
        "channel": "phone",
        "received_at": "2026-10-01T09:00:00+08:00",
        "caller_name": "李\n建国",
        "caller_phone": "13987654321",
        "kind": "demand",
        "category": "wages",
        "complexity": "hard",
        "description": "第一行\n第二行",
    }
    refused = client.post("/api/v1/hotline/cases", base, content_type=JSON, **headers)
    assert refused.status_code == 422
    assert "caller_name 只能填写一行" in refused.json()["message"]
    base["caller_name"] = "  李建国 "
    created = client.post("/api/v1/hotline/cases", base, content_type=JSON, **headers)
    assert created.status_code == 201, created.content
    case = Case.objects.get(number=created.json()["number"])
    assert (case.caller_name, case.description) == ("李建国", "第一行\n第二行")


# --- NUL in addresses and forms --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members?q=%00",
        "/api/v1/hotline/lookup?number=1&phone=%00",
        "/members/?q=%00",
        "/hotline/cases/%00/",
    ],
)
def test_nul_in_an_address_is_400_in_chinese(client, staff, objects, url):
    client.force_login(staff.sysadmin)
    response = client.get(url, **token(client, "sysadmin"))
    assert response.status_code == 400
    assert ADDRESS_CONTROL in response.content.decode()


def test_nul_in_a_posted_form_is_400_in_chinese(client, staff):
    response = client.post(
        "/accounts/login/",
        "username=sys%00admin&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert FORM_CONTROL in response.content.decode()


def test_nul_in_the_login_form_is_a_field_error(client, staff):
    response = client.post("/accounts/login/", {"username": "sys\x00admin", "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [TEXT_CONTROL.format(label="内容")]


def test_nul_in_a_multipart_form_is_shown_beside_the_field(client, staff, tree, make_user):
    from gonghui.accounts.permissions import ROLE_AGENT

    client.force_login(make_user("agent", tree.province, ROLE_AGENT))
    response = client.post(
        "/hotline/",
        {
            "channel": "phone",
            "received_at": "2026-10-01T09:00",
            "caller_name": NUL,
            "caller_phone": "13987654321",
            "kind": "demand",
            "category": "wages",
            "complexity": "hard",
            "workers_affected": "1",
            "amount_involved": "0",
            "description": "欠薪\x01",
        },
    )
    assert response.status_code == 200  # the console shows the form again
    errors = response.context["form"].errors
    assert errors["caller_name"] == [TEXT_CONTROL.format(label="内容")]
    assert errors["description"] == [TEXT_CONTROL.format(label="内容")]
    assert not Case.objects.exists()


def _form_classes():
    for module in pkgutil.walk_packages(gonghui.__path__, "gonghui."):
        skipped = (".tests", ".migrations", ".management", "gonghui.settings", "gonghui.wsgi")
        if any(part in module.name for part in skipped):
            continue
        importlib.import_module(module.name)

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {
        c
        for c in walk(forms.BaseForm)
        if c.__module__.startswith("gonghui.") and ".tests" not in c.__module__
    }


def test_every_form_of_ours_cleans_its_text_fields():
    unclean = [
        f"{c.__module__}.{c.__name__}"
        for c in _form_classes()
        if not issubclass(c, CleanTextForm | LoginForm)
    ]
    assert unclean == []


# --- the OpenAPI document --------------------------------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2,}")


def test_openapi_summaries_and_tags_are_chinese():
    english = []
    for _doc, path, method, operation in _operations():
        for text in [operation["summary"], *operation.get("tags", [])]:
            if not CJK.search(text) or LATIN.search(text.replace("12351", "")):
                english.append((method, path, text))
    assert english == []


def test_openapi_documents_every_error_status_with_the_error_schema():
    missing = []
    for _doc, path, method, operation in _operations():
        expected = {400}
        if operation.get("parameters") or "requestBody" in operation:
            expected.add(422)
        if "requestBody" in operation:
            expected.add(413)
        if operation.get("security"):
            expected |= {401, 403}
        if "{" in path:
            expected.add(404)
        responses = {int(status): r for status, r in operation["responses"].items()}
        for status in expected:
            error = responses.get(status, {}).get("content", {}).get(JSON, {}).get("schema")
            if error != {"$ref": "#/components/schemas/Error"}:
                missing.append((method, path, status))
    assert missing == []
    doc = api.get_openapi_schema()
    assert doc["components"]["schemas"]["Error"]["required"] == ["code", "message"]


def test_openapi_rate_limited_and_locked_operations_document_429_and_403():
    doc = api.get_openapi_schema()
    paths = doc["paths"]
    assert 429 in paths["/api/v1/hotline/lookup"]["get"]["responses"]
    assert 429 in paths["/api/v1/hotline/online"]["post"]["responses"]
    assert 403 in paths["/api/v1/auth/token"]["post"]["responses"]


CODE_FIELDS = {
    "MemberIn": ["category"],
    "MemberOut": ["category", "status"],
    "TransferOut": ["status", "initiated_by", "reason"],
    "CaseIn": ["channel", "kind", "category", "complexity"],
    "CloseIn": ["result"],
    "CallbackIn": ["rating"],
    "CaseOut": ["status", "channel", "kind", "category", "complexity", "result", "rating"],
    "OrgOut": ["type"],
}


def test_openapi_code_fields_are_enums_with_chinese_labels():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    for model, fields in CODE_FIELDS.items():
        for name in fields:
            prop = schemas[model]["properties"][name]
            assert prop["enum"], (model, name)
            assert CJK.search(prop["description"]), (model, name)
            for value in filter(None, prop["enum"]):
                assert f"{value} " in prop["description"], (model, name, value)


# --- imports ---------------------------------------------------------------------------------


def _csv(path, header, rows):
    import csv

    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_member_import_refuses_a_row_with_nul_and_keeps_the_others(staff, tree, tmp_path):
    from gonghui.core.tabular import ErrorReport
    from gonghui.members.imports.engine import member_import
    from gonghui.members.models import Member
    from gonghui.metrics.services import stats_rollup

    stats_rollup()
    head = ["姓名", "性别", "证件号码", "移动电话", "所属企业/工会", "入会日期", "职工类别"]
    path = _csv(
        tmp_path / "members.csv",
        head,
        [
            [
                "王\x00芳",
                "女",
                VALID_IDS[1],
                "13912345678",
                "兰州甲公司工会",
                "2021-03-01",
                "在岗职工",
            ],
            ["李强", "男", VALID_IDS[0], "13912345679", "兰州乙公司工会", "2020-05-01", "农民工"],
        ],
    )
    report = ErrorReport()
    summary = member_import(
        actor=staff.county_admin, file=str(path), filename=path.name, mode="valid", report=report
    )
    assert (summary.created, summary.failed) == (1, 1)
    assert summary.errors == [(2, "姓名", CELL_CONTROL.format(column="姓名"))]
    assert list(Member.objects.values_list("name", flat=True)) == ["李强"]
    report.save()  # the error report can be written (the cell itself is left out)


def test_org_import_refuses_a_row_with_a_control_character(staff, tree, tmp_path):
    from gonghui.orgs.imports import PARENT, org_import

    path = _csv(tmp_path / "orgs.csv", ["单位名称", PARENT], [["新\x1b公司工会", "城关区总工会"]])
    summary = org_import(actor=staff.county_admin, file=str(path), filename=path.name)
    assert summary.failed == 1
    assert summary.errors == [(2, "单位名称", CELL_CONTROL.format(column="单位名称"))]
