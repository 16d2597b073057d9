"""Staff accounts: passwords, lockout, sessions, tokens and roles."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY, authenticate
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.utils import timezone

from gonghui.accounts import services
from gonghui.accounts.models import ApiToken, User, UserSession
from gonghui.accounts.permissions import (
    ROLE_AGENT,
    ROLE_AUDITOR,
    ROLE_STAFF,
    ROLE_SYSADMIN,
    ROLE_UNION_ADMIN,
    ROLES,
    Perm,
)
from gonghui.accounts.roles import ensure_roles
from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD
from gonghui.core.errors import ApplicationError, Conflict, Forbidden

CJK = re.compile(r"[\u4e00-\u9fff]")
GOOD_PASSWORD = "Gh@2026-pw"


def login_request(ip: str = "10.0.0.8"):
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=ip)


def try_login(username: str, password: str):
    request = login_request()
    return authenticate(request=request, username=username, password=password), request


# --- passwords -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1!xyz", "password_too_short"),
        ("abcdefghij", "password_classes"),
        ("ABCDEFGH12", "password_classes"),
        ("abcd1234efgh", "password_classes"),
        ("Liming@2026", "password_has_username"),
        ("xxLIMINGxx1!", "password_has_username"),
        ("Password123", "password_too_common"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, code):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, User(username="liming"))
    assert code in [error.code for error in exc.value.error_list]
    for message in exc.value.messages:
        assert CJK.search(message), message


@pytest.mark.parametrize("password", [GOOD_PASSWORD, "abcd1234EFGH", "长城Abc12345", "a1!b2@c3#"])
def test_strong_passwords_pass(password):
    validate_password(password, User(username="liming"))


def test_password_help_texts_are_chinese():
    from django.contrib.auth.password_validation import password_validators_help_texts

    texts = password_validators_help_texts()
    assert len(texts) == 4
    assert all(CJK.search(text) for text in texts)


# --- creating accounts ---------------------------------------------------------------------


def test_user_create_assigns_org_roles_and_audits(staff, tree):
    user = services.user_create(
        actor=staff.sysadmin,
        username="liming",
        password=GOOD_PASSWORD,
        org=tree.base_a,
        roles=[ROLE_STAFF],
        full_name="李明",
    )
    user = User.objects.get(pk=user.pk)
    assert user.check_password(GOOD_PASSWORD)
    assert user.org == tree.base_a
    assert [g.name for g in user.groups.all()] == [ROLE_STAFF]
    assert user.has_perm(Perm.MEMBER_ADD) and not user.has_perm(Perm.MEMBER_PII)
    row = AuditLog.objects.get(action="user.create")
    assert row.changes == {"roles": [ROLE_STAFF], "org": "兰州甲公司工会"}


@pytest.mark.parametrize("password", ["short1A", "alllowercase", "Liming@2026", "Password123"])
def test_user_create_refuses_a_weak_password_and_writes_nothing(staff, tree, password):
    users, audits = User.objects.count(), AuditLog.objects.count()
    with pytest.raises(ApplicationError) as exc:
        services.user_create(
            actor=staff.sysadmin,
            username="liming",
            password=password,
            org=tree.base_a,
            roles=[ROLE_STAFF],
        )
    assert exc.value.field == "password"
    assert CJK.search(exc.value.message)
    assert (User.objects.count(), AuditLog.objects.count()) == (users, audits)


def test_user_create_refuses_a_taken_username(staff, tree):
    users = User.objects.count()
    with pytest.raises(Conflict) as exc:
        services.user_create(
            actor=staff.sysadmin,
            username="cg_admin",
            password=GOOD_PASSWORD,
            org=tree.base_a,
            roles=[ROLE_STAFF],
        )
    assert exc.value.field == "username"
    assert "cg_admin" in exc.value.message
    assert User.objects.count() == users


@pytest.mark.parametrize(("username", "roles"), [("", [ROLE_STAFF]), ("liming", ["老板"])])
def test_user_create_refuses_missing_username_or_unknown_role(staff, tree, username, roles):
    users = User.objects.count()
    with pytest.raises(ApplicationError) as exc:
        services.user_create(
            actor=staff.sysadmin,
            username=username,
            password=GOOD_PASSWORD,
            org=tree.base_a,
            roles=roles,
        )
    assert CJK.search(exc.value.message)
    assert User.objects.count() == users


def test_user_create_outside_scope_is_forbidden_and_audited(staff, tree):
    users = User.objects.count()
    with pytest.raises(Forbidden):
        services.user_create(
            actor=staff.county_admin,
            username="liming",
            password=GOOD_PASSWORD,
            org=tree.lanzhou,
            roles=[ROLE_UNION_ADMIN],
        )
    with pytest.raises(ApplicationError):
        services.user_create(
            actor=staff.sysadmin,
            username="liming",
            password=GOOD_PASSWORD,
            org=None,
            roles=[ROLE_SYSADMIN],
        )
    assert User.objects.count() == users
    row = AuditLog.objects.get(action="access.denied")
    assert (row.actor, row.result) == (staff.county_admin, "denied")


def test_user_scope_is_the_actors_subtree_by_path(staff, tree, make_user):
    # accounts checks the subtree by materialised path, without orgs.selectors (README, "Layout").
    user = services.user_create(
        actor=staff.county_admin,
        username="base_a_new",
        password=GOOD_PASSWORD,
        org=tree.base_a,
        roles=[ROLE_UNION_ADMIN],
    )
    assert user.org == tree.base_a
    with pytest.raises(Forbidden):
        services.user_deactivate(actor=staff.sibling_admin, user=user)
    orgless = make_user("orgless_admin", None, ROLE_UNION_ADMIN)
    with pytest.raises(Forbidden):
        services.user_deactivate(actor=orgless, user=user)
    services.user_deactivate(actor=staff.city_admin, user=user)
    assert User.objects.get(pk=user.pk).is_active is False


# --- login lockout -------------------------------------------------------------------------


def test_login_signal_records_the_session_and_audits(staff):
    client = Client()
    client.force_login(staff.county_admin)
    key = client.session.session_key
    assert UserSession.objects.filter(user=staff.county_admin, session_key=key).exists()
    assert AuditLog.objects.filter(action="auth.login", actor=staff.county_admin).count() == 1


def test_correct_password_logs_in(staff):
    user, _ = try_login("cg_admin", PASSWORD)
    assert user == staff.county_admin


def _lock(username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        user, _ = try_login(username, "wrong-password")
        assert user is None


def _minutes_later(minutes: int):
    """Axes reads the clock once per attempt, in its proxy handler."""
    later = timezone.now() + timedelta(minutes=minutes)
    return mock.patch("axes.handlers.proxy.now", return_value=later)


def test_five_failures_lock_the_account_for_15_minutes(staff):
    _lock("cg_admin")
    assert AuditLog.objects.filter(action="auth.login_failed", result="failed").count() == 5

    user, request = try_login("cg_admin", PASSWORD)
    assert user is None
    assert request.axes_locked_out is True
    # another account is not affected
    assert try_login("qlh_admin", PASSWORD)[0] == staff.sibling_admin

    with _minutes_later(16):
        assert try_login("cg_admin", PASSWORD)[0] == staff.county_admin


def test_trying_during_the_lockout_restarts_the_15_minutes(staff):
    """axes' AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT (on by default)."""
    _lock("cg_admin")
    with _minutes_later(14):
        assert try_login("cg_admin", PASSWORD)[0] is None
    with _minutes_later(14 + 14):
        assert try_login("cg_admin", PASSWORD)[0] is None
    with _minutes_later(14 + 14 + 16):
        assert try_login("cg_admin", PASSWORD)[0] == staff.county_admin


def test_four_failures_do_not_lock(staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        try_login("cg_admin", "wrong-password")
    assert try_login("cg_admin", PASSWORD)[0] == staff.county_admin


def test_axes_reset_unlocks_at_once(staff):
    from axes.utils import reset

    _lock("cg_admin")
    assert try_login("cg_admin", PASSWORD)[0] is None
    reset(username="cg_admin")
    assert try_login("cg_admin", PASSWORD)[0] == staff.county_admin


def test_an_inactive_user_cannot_log_in(staff):
    services.user_deactivate(actor=staff.sysadmin, user=staff.county_staff)
    assert try_login("cg_staff", PASSWORD)[0] is None


# --- sessions and tokens -------------------------------------------------------------------


def test_session_key_is_rotated_at_login(staff):
    client = Client()
    session = client.session
    session["probe"] = "before login"
    session.save()
    anonymous_key = session.session_key

    client.force_login(staff.county_admin)
    first_key = client.session.session_key
    assert first_key != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()
    assert client.session[SESSION_KEY] == str(staff.county_admin.pk)

    # logging in as someone else in the same browser starts a new session altogether
    client.force_login(staff.county_staff)
    assert client.session.session_key not in (anonymous_key, first_key)
    assert "probe" not in client.session
    assert not Session.objects.filter(session_key=first_key).exists()


def test_deactivating_a_user_ends_sessions_and_tokens(staff):
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(staff.county_staff)
    keys = [client.session.session_key for client in clients]
    bystander = Client()
    bystander.force_login(staff.county_admin)
    token = services.token_issue(request=login_request(), username="cg_staff", password=PASSWORD)
    assert services.token_user(token) == staff.county_staff
    assert Session.objects.filter(session_key__in=keys).count() == 2

    services.user_deactivate(actor=staff.sysadmin, user=staff.county_staff)

    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=staff.county_staff).exists()
    assert not ApiToken.objects.filter(user=staff.county_staff).exists()
    assert services.token_user(token) is None
    assert not User.objects.get(pk=staff.county_staff.pk).is_active
    # other people's sessions stay
    assert Session.objects.filter(session_key=bystander.session.session_key).exists()


def test_cannot_deactivate_oneself(staff):
    with pytest.raises(ApplicationError) as exc:
        services.user_deactivate(actor=staff.sysadmin, user=staff.sysadmin)
    assert exc.value.message == services.CANNOT_DEACTIVATE_SELF
    assert User.objects.get(pk=staff.sysadmin.pk).is_active


def test_cannot_deactivate_someone_outside_scope(staff):
    with pytest.raises(Forbidden):
        services.user_deactivate(actor=staff.county_admin, user=staff.sibling_admin)
    assert User.objects.get(pk=staff.sibling_admin.pk).is_active
    assert AuditLog.objects.filter(action="access.denied", actor=staff.county_admin).exists()


def test_an_expired_token_is_refused(staff):
    token = services.token_issue(request=login_request(), username="cg_admin", password=PASSWORD)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert services.token_user(token) is None
    assert services.token_user("not-a-token") is None


def test_session_settings():
    assert settings.SESSION_COOKIE_AGE == 1800
    # Saved at most once a minute by gonghui.core.sessions (sliding, 29–30 min idle timeout).
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.GONGHUI_SESSION_SAVE_INTERVAL == 60
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(hours=settings.AXES_COOLOFF_TIME) == timedelta(minutes=15)


# --- roles ---------------------------------------------------------------------------------


def _perms(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


@pytest.mark.django_db
def test_roles_hold_exactly_their_permissions():
    assert set(ROLES) == {
        ROLE_SYSADMIN,
        ROLE_UNION_ADMIN,
        ROLE_STAFF,
        ROLE_AUDITOR,
        ROLE_AGENT,
    }
    for name, perms in ROLES.items():
        assert _perms(Group.objects.get(name=name)) == set(perms), name


@pytest.mark.django_db
def test_only_the_system_administrator_keeps_the_deadline_rules():
    holders = {name for name, perms in ROLES.items() if Perm.HOTLINE_RULES in perms}
    assert holders == {ROLE_SYSADMIN}
    assert Perm.HOTLINE_RULES in _perms(Group.objects.get(name=ROLE_SYSADMIN))
    assert Perm.HOTLINE_RULES not in _perms(Group.objects.get(name=ROLE_AGENT))


@pytest.mark.django_db
def test_no_role_shows_personal_data_in_full():
    for name in (ROLE_SYSADMIN, ROLE_UNION_ADMIN, ROLE_STAFF, ROLE_AUDITOR, ROLE_AGENT):
        assert Perm.MEMBER_PII not in _perms(Group.objects.get(name=name)), name


def test_pii_only_with_the_separate_grant(staff):
    assert not staff.county_admin.has_perm(Perm.MEMBER_PII)
    assert not staff.sysadmin.has_perm(Perm.MEMBER_PII)
    assert staff.county_admin_pii.has_perm(Perm.MEMBER_PII)
    assert staff.county_auditor.has_perm(Perm.AUDIT_VIEW)
    assert not staff.county_auditor.has_perm(Perm.MEMBER_ADD)


@pytest.mark.django_db
def test_ensure_roles_repairs_drift():
    staff_group = Group.objects.get(name=ROLE_STAFF)
    staff_group.permissions.add(Permission.objects.get(codename="view_member_pii"))
    ensure_roles()
    assert _perms(staff_group) == set(ROLES[ROLE_STAFF])
