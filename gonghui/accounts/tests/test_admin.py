"""The Django admin: superusers only, personal data masked, deactivation ends sessions."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import ApiToken, User
from gonghui.conftest import PASSWORD, VALID_IDS
from gonghui.core.masking import mask_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(tree):
    return User.objects.create_superuser("operator", password=PASSWORD)


def test_admin_is_for_superusers_only(client, staff, operator):
    staff.sysadmin.is_staff = True
    staff.sysadmin.save()
    client.force_login(staff.sysadmin)
    assert client.get(reverse("admin:index")).status_code == 302  # sent to the admin login
    client.force_login(operator)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_shows_members_masked(client, operator, tree, make_member):
    member = make_member(tree.base_a, id_number=VALID_IDS[1], phone="13987654321")
    client.force_login(operator)
    for url in (
        reverse("admin:members_member_changelist"),
        reverse("admin:members_member_change", args=[member.pk]),
    ):
        page = client.get(url).content.decode()
        assert mask_id_number(VALID_IDS[1]) in page
        assert VALID_IDS[1] not in page and "13987654321" not in page


def test_unticking_active_in_admin_ends_sessions_and_tokens(operator, staff):
    from gonghui.accounts.services import token_user

    victim = staff.county_staff
    victim_client = Client()
    victim_client.post(
        reverse("accounts:login"), {"username": victim.username, "password": PASSWORD}
    )
    token = victim_client.post(
        "/api/v1/auth/token",
        {"username": victim.username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    assert Session.objects.count() == 1 and ApiToken.objects.filter(user=victim).exists()

    admin_client = Client()
    admin_client.force_login(operator)
    admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [victim.pk]},
    )
    victim.refresh_from_db()
    assert not victim.is_active
    assert not Session.objects.exclude(session_key=admin_client.session.session_key).exists()
    assert token_user(token) is None
    assert victim_client.get(reverse("members:list")).status_code == 302  # back to login
