"""The accounts app's receivers, each committed for real: the login/logout/failed-login audit
receivers (`accounts.signals`) and `ensure_roles` on post_migrate (`accounts.apps`)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from gonghui.accounts.models import UserSession
from gonghui.accounts.permissions import ROLE_AGENT, ROLES
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_and_logout_are_audited_and_the_session_kept(client, staff):
    user = staff.county_admin
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    session = UserSession.objects.get(user=user)
    assert session.session_key == client.session.session_key
    assert AuditLog.objects.filter(action="auth.login", actor=user).count() == 1

    client.post(reverse("accounts:logout"))
    assert AuditLog.objects.filter(action="auth.logout", actor=user).count() == 1


def test_a_failed_login_is_audited(client, staff):
    username = staff.county_admin.username
    response = client.post(reverse("accounts:login"), {"username": username, "password": "wrong"})
    assert response.status_code == 200
    row = AuditLog.objects.get(action="auth.login_failed")
    assert (row.actor, row.object_repr, row.result) == (
        None,
        username,
        AuditResult.FAILED,
    )


def test_post_migrate_restores_a_deleted_role():
    Group.objects.filter(name=ROLE_AGENT).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    group = Group.objects.get(name=ROLE_AGENT)
    perms = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert perms == set(ROLES[ROLE_AGENT])
