"""API access: tokens, lockout, bearer authentication, the permission gate, errors, docs."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.staticfiles import finders
from django.db.models import F
from django.utils import timezone

from gonghui.accounts.api import PERMISSION_DENIED
from gonghui.accounts.models import ApiToken
from gonghui.accounts.permissions import Perm
from gonghui.accounts.services import LOCKED_OUT, LOGIN_FAILED, token_hash, user_deactivate
from gonghui.api import NOT_FOUND, SERVER_ERROR, UNAUTHORIZED, api
from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD
from gonghui.members.models import Member

TOKEN_URL = "/api/v1/auth/token"
JSON = "application/json"


def get_token(client, username: str, password: str = PASSWORD):
    return client.post(TOKEN_URL, {"username": username, "password": password}, content_type=JSON)


def auth(client, user) -> dict[str, str]:
    token = get_token(client, user.username).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_token_issued_for_right_password_and_usable(client, staff):
    response = get_token(client, "cg_admin")
    assert response.status_code == 200
    body = response.json()
    assert body["expires_in"] == 12 * 3600
    assert ApiToken.objects.filter(user=staff.county_admin, key_hash=token_hash(body["token"]))
    assert AuditLog.objects.filter(action="auth.token", actor=staff.county_admin).exists()
    orgs = client.get("/api/v1/orgs", HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert orgs.status_code == 200


def test_wrong_password_refused_in_chinese_and_counted(client, staff):
    response = get_token(client, "cg_admin", "wrong-password")
    assert response.status_code == 400
    assert response.json() == {"code": "login_failed", "message": LOGIN_FAILED}
    assert AccessAttempt.objects.get(username="cg_admin").failures_since_start == 1
    assert AuditLog.objects.filter(action="auth.login_failed", object_repr="cg_admin").exists()
    assert not ApiToken.objects.exists()


def test_five_failures_lock_the_username_for_15_minutes(client, staff):
    for _ in range(4):
        assert get_token(client, "cg_admin", "wrong-password").status_code == 400
    fifth = get_token(client, "cg_admin", "wrong-password")
    assert fifth.status_code == 403
    assert fifth["Content-Type"].startswith(JSON)
    assert fifth.json() == {"code": "locked_out", "message": LOCKED_OUT}

    locked = get_token(client, "cg_admin")
    assert locked.status_code == 403
    assert locked.json()["message"] == LOCKED_OUT
    assert not ApiToken.objects.exists()
    # Another username is not affected.
    assert get_token(client, "qlh_admin").status_code == 200

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    assert get_token(client, "cg_admin").status_code == 200


def test_success_resets_the_failure_count(client, staff):
    for _ in range(4):
        get_token(client, "cg_admin", "wrong-password")
    assert get_token(client, "cg_admin").status_code == 200
    assert get_token(client, "cg_admin", "wrong-password").status_code == 400
    assert get_token(client, "cg_admin").status_code == 200


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-token", "Token abc", "Basic Y2dfYWRtaW46eA=="],
)
def test_missing_or_invalid_token_is_401_json(client, staff, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/orgs", **extra)
    assert response.status_code == 401
    assert response.json() == {"code": "unauthorized", "message": UNAUTHORIZED}
    assert response["WWW-Authenticate"] == "Bearer"


def test_expired_token_is_401(client, staff):
    headers = auth(client, staff.county_admin)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/orgs", **headers).status_code == 401


def test_deactivated_users_token_stops_working(client, staff):
    headers = auth(client, staff.county_admin)
    assert client.get("/api/v1/orgs", **headers).status_code == 200
    user_deactivate(actor=staff.sysadmin, user=staff.county_admin)
    response = client.get("/api/v1/orgs", **headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_deactivated_user_still_holding_a_token_row_is_refused(client, staff):
    """Even if a token row survived, an inactive user's token does not authenticate."""
    headers = auth(client, staff.county_admin)
    staff.county_admin.is_active = False
    staff.county_admin.save(update_fields=["is_active"])
    assert client.get("/api/v1/orgs", **headers).status_code == 401


def test_missing_permission_is_403_and_audited(client, staff, tree):
    headers = auth(client, staff.county_auditor)
    payload = {
        "name": "李四",
        "id_number": "620102195503070016",
        "phone": "13912345678",
        "org_id": tree.base_a.pk,
        "category": "employed",
    }
    response = client.post("/api/v1/members", payload, content_type=JSON, **headers)
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": PERMISSION_DENIED}
    row = AuditLog.objects.get(action="access.denied", actor=staff.county_auditor)
    assert row.changes == {"permission": Perm.MEMBER_ADD}
    assert row.result == "denied"
    assert not Member.objects.exists()


def _operations():
    for bound_router in api._get_bound_routers():
        for path, path_view in bound_router.path_operations.items():
            for operation in path_view.operations:
                yield bound_router.prefix + path, operation


def test_every_operation_declares_auth_and_permission():
    """Fails on any API operation that is neither marked public nor both authenticated and
    declaring one of the Perm constants."""
    known = {value for name, value in vars(Perm).items() if name.isupper()}
    operations = list(_operations())
    assert len(operations) >= 10
    public = set()
    for path, operation in operations:
        label = f"{operation.methods} {path}"
        if getattr(operation.view_func, "public_view", False):
            public.add(path)
            continue
        assert operation.auth_callbacks, f"{label}: no authentication"
        perm = getattr(operation.view_func, "required_permission", None)
        assert perm in known, f"{label}: declares no permission (use @require(Perm.X))"
    assert public == {"/auth/token", "/hotline/lookup", "/hotline/online", "/{path:rest}"}


def test_docs_are_public_and_use_only_vendored_assets(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    assert not re.search(r"https?://", html)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset


def test_openapi_schema_is_public_and_declares_bearer_auth(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert "security" not in schema["paths"]["/api/v1/auth/token"]["post"]
    assert schema["paths"]["/api/v1/orgs"]["get"]["security"] == [{"BearerToken": []}]


def test_unknown_api_path_is_json_404(client, staff):
    response = client.get("/api/v1/no-such-thing", **auth(client, staff.county_admin))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": NOT_FOUND}


def test_body_that_is_not_json_is_400_json(client, db):
    response = client.post(TOKEN_URL, "{not json", content_type=JSON)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_unexpected_error_is_500_json(client, staff, monkeypatch):
    headers = auth(client, staff.county_admin)

    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr("gonghui.orgs.api.scope_top", broken)
    response = client.get("/api/v1/orgs", **headers)
    assert response.status_code == 500
    assert response.json() == {"code": "server_error", "message": SERVER_ERROR}


def test_missing_fields_are_422_in_chinese(client, db):
    response = client.post(TOKEN_URL, {"username": "cg_admin"}, content_type=JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"] == "请求参数有误：password 必须填写。"
    assert body["errors"][0]["type"] == "missing"


def test_json_carries_chinese_as_utf8_text(client, db):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "nobody", "password": "x"},
        content_type="application/json",
    )
    assert "请重新输入".encode() in response.content
    assert b"\\u" not in response.content
    assert response["Content-Type"].startswith("application/json")
