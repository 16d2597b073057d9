"""工作人员账号 (gonghui/orgs/staff_views.py): a 系统管理员 manages the accounts of his subtree."""

import json
import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.forms import PASSWORDS_DIFFER as CHANGE_PASSWORDS_DIFFER
from gonghui.accounts.grants import can_unmask, pii_grant_group
from gonghui.accounts.models import ApiToken, User, UserSession
from gonghui.accounts.permissions import ROLE_AUDITOR, ROLE_STAFF, ROLE_SYSADMIN, ROLE_UNION_ADMIN
from gonghui.accounts.services import USERNAME_TAKEN
from gonghui.accounts.staff_services import (
    CANNOT_EDIT_OWN_ROLES,
    CANNOT_RESET_OWN_PASSWORD,
    GRANT_ELSEWHERE,
)
from gonghui.accounts.validators import PASSWORD_CLASSES
from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD
from gonghui.orgs.staff_forms import PASSWORDS_DIFFER
from gonghui.orgs.staff_selectors import STAFF_NOT_FOUND
from gonghui.orgs.staff_views import (
    STAFF_EDIT_DONE,
    STAFF_GRANT_DONE,
    STAFF_REVOKE_DONE,
)
from gonghui.orgs.tests.picking import picker_offers

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Xin@mima2026"


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def people(tree, make_user):
    class People:
        pass

    p = People()
    p.prov_sys = make_user("prov_sys", tree.province, ROLE_SYSADMIN, pii=True)
    p.cg_sys = make_user("cg_sys", tree.chengguan, ROLE_SYSADMIN)
    p.cg_union = make_user("cg_union", tree.chengguan, ROLE_UNION_ADMIN)
    p.cg_clerk = make_user("cg_clerk", tree.donggang, ROLE_STAFF)
    p.base_clerk = make_user("base_clerk", tree.base_a, ROLE_STAFF, ROLE_AUDITOR)
    p.lz_clerk = make_user("lz_clerk", tree.lanzhou, ROLE_STAFF)
    p.qlh_clerk = make_user("qlh_clerk", tree.qilihe, ROLE_STAFF)
    User.objects.filter(pk=p.cg_clerk.pk).update(full_name="王小明")
    return p


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def can_log_in(username: str, password: str) -> bool:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302


def _denials(actor) -> int:
    return AuditLog.objects.filter(actor=actor, action="access.denied").count()


# --- the list ---------------------------------------------------------------------------------


def test_list_shows_the_subtree_only(people, tree):
    page = html(logged_in(people.cg_sys).get(reverse("orgs:staff_list")))
    for name in ("cg_sys", "cg_union", "cg_clerk", "base_clerk"):
        assert f">{name}</a>" in page
    for name in ("prov_sys", "lz_clerk", "qlh_clerk"):
        assert name not in page
    assert "王小明" in page and "东岗西路街道工会" in page and "从未登录" in page
    assert "工作人员、只读/审计" in page
    for head in ("账号", "姓名", "所属工会", "角色", "状态", "最近登录"):
        assert f"<th>{head}</th>" in page


def test_list_searches_and_filters(people, tree):
    client = logged_in(people.prov_sys)
    url = reverse("orgs:staff_list")

    def listed(**query) -> set[str]:
        page = client.get(url, query).context["page_obj"]
        return {u.username for u in page}

    assert listed(q="小明") == {"cg_clerk"}
    assert listed(q="CLERK") == {"cg_clerk", "base_clerk", "lz_clerk", "qlh_clerk"}
    assert listed(role=ROLE_SYSADMIN) == {"prov_sys", "cg_sys"}
    assert listed(org=tree.donggang.pk) == {"cg_clerk", "base_clerk"}
    User.objects.filter(pk=people.lz_clerk.pk).update(is_active=False)
    assert listed(state="inactive") == {"lz_clerk"}
    assert "lz_clerk" in listed(state="") and "lz_clerk" not in listed(state="active")
    # The union filter is the picker of the user's subtree: 城关's admin cannot filter by 七里河.
    county = logged_in(people.cg_sys)
    response = county.get(url, {"org": tree.qilihe.pk})
    assert {u.username for u in response.context["page_obj"]} >= {"cg_clerk", "cg_sys"}
    assert "qlh_clerk" not in html(response)
    offers = picker_offers(county, html(county.get(url)), "org", "区总工会")
    assert "城关区总工会" in offers and "七里河区总工会" not in offers


def test_list_costs_the_same_for_more_accounts(people, tree, make_user):
    client = logged_in(people.prov_sys)
    url = reverse("orgs:staff_list")
    client.get(url)
    few = len(_queries(client, url))
    for n in range(20):
        make_user(f"extra{n}", tree.base_b, ROLE_STAFF, ROLE_AUDITOR)
    assert len(_queries(client, url)) == few


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return ctx.captured_queries


def test_the_menu_entry_follows_the_permission(people):
    assert ">工作人员账号</a>" in html(logged_in(people.cg_sys).get(reverse("orgs:home")))
    assert ">工作人员账号</a>" not in html(logged_in(people.cg_union).get(reverse("orgs:home")))


def test_union_admin_without_staff_manage_is_refused(people):
    client = logged_in(people.cg_union)
    own = people.cg_clerk.pk
    for url in (
        reverse("orgs:staff_list"),
        reverse("orgs:staff_create"),
        reverse("orgs:staff_detail", args=[own]),
        reverse("orgs:staff_edit", args=[own]),
        reverse("orgs:staff_password", args=[own]),
    ):
        before = _denials(people.cg_union)
        assert client.get(url).status_code == 403, url
        assert _denials(people.cg_union) == before + 1
    response = client.post(reverse("orgs:staff_deactivate", args=[own]))
    assert response.status_code == 403
    assert User.objects.get(pk=own).is_active
    anonymous = Client().get(reverse("orgs:staff_list"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))


def test_an_account_outside_the_subtree_answers_as_a_missing_one(people):
    client = logged_in(people.cg_sys)
    for name in ("orgs:staff_detail", "orgs:staff_edit", "orgs:staff_password"):
        missing = client.get(reverse(name, args=[987654]))
        before = _denials(people.cg_sys)
        outside = client.get(reverse(name, args=[people.lz_clerk.pk]))
        assert missing.status_code == outside.status_code == 404
        assert STAFF_NOT_FOUND in html(outside)
        assert _denials(people.cg_sys) == before + 1
    response = client.post(
        reverse("orgs:staff_edit", args=[people.lz_clerk.pk]),
        {"full_name": "改名", "org": people.cg_sys.org_id, "roles": [ROLE_STAFF]},
    )
    assert response.status_code == 404
    assert User.objects.get(pk=people.lz_clerk.pk).org_id != people.cg_sys.org_id
    for name in ("orgs:staff_deactivate", "orgs:staff_reactivate", "orgs:staff_grant_pii"):
        assert client.post(reverse(name, args=[people.lz_clerk.pk])).status_code == 404
    assert User.objects.get(pk=people.lz_clerk.pk).is_active


def test_a_superuser_is_not_managed_here(people, tree):
    operator = User.objects.create_superuser("ops", password=PASSWORD, org=tree.donggang)
    client = logged_in(people.cg_sys)
    assert "ops" not in html(client.get(reverse("orgs:staff_list")))
    response = client.post(
        reverse("orgs:staff_password", args=[operator.pk]),
        {"password": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 404
    assert User.objects.get(pk=operator.pk).check_password(PASSWORD)


# --- create -----------------------------------------------------------------------------------


def _create(client, **changes):
    data = {
        "username": "cg_new",
        "full_name": "李新",
        "org": "",
        "roles": [ROLE_STAFF],
        "password": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **changes,
    }
    return client.post(reverse("orgs:staff_create"), data)


def test_create_an_account(people, tree):
    client = logged_in(people.cg_sys)
    response = _create(client, org=tree.base_a.pk, roles=[ROLE_STAFF, ROLE_AUDITOR])
    account = User.objects.get(username="cg_new")
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:staff_detail", args=[account.pk])
    assert account.org == tree.base_a and account.full_name == "李新"
    assert sorted(account.groups.values_list("name", flat=True)) == sorted(
        [ROLE_STAFF, ROLE_AUDITOR]
    )
    assert account.check_password(NEW_PASSWORD)
    row = AuditLog.objects.get(action="user.create", object_id=str(account.pk))
    assert row.actor == people.cg_sys and NEW_PASSWORD not in json.dumps(row.changes)
    assert can_log_in("cg_new", NEW_PASSWORD)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password2": "Other@pw2026"}, "password2", PASSWORDS_DIFFER),
        ({"password": "abcdefgh", "password2": "abcdefgh"}, "password", PASSWORD_CLASSES),
        ({"username": "lz_clerk"}, "username", USERNAME_TAKEN.format(username="lz_clerk")),
        ({"roles": []}, "roles", "请至少选择一个角色。"),
        ({"username": ""}, "username", "请填写账号。"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(people, tree, changes, field, message):
    client = logged_in(people.cg_sys)
    users, rows = User.objects.count(), AuditLog.objects.count()
    response = _create(client, org=tree.base_a.pk, **changes)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert (User.objects.count(), AuditLog.objects.count()) == (users, rows)
    assert NEW_PASSWORD not in html(response)  # a password is never sent back


def test_create_refuses_a_union_outside_the_subtree(people, tree):
    client = logged_in(people.cg_sys)
    users = User.objects.count()
    response = _create(client, org=tree.qilihe.pk)
    assert response.status_code == 200
    assert (
        "所选工会不在您的管理范围内或已撤销，请重新选择。" in response.context["form"].errors["org"]
    )
    assert User.objects.count() == users


# --- edit -------------------------------------------------------------------------------------


def test_edit_name_union_and_roles_keeps_the_grant_and_audits(people, tree):
    account = people.cg_clerk
    account.groups.add(pii_grant_group())
    client = logged_in(people.cg_sys)
    response = client.post(
        reverse("orgs:staff_edit", args=[account.pk]),
        {"full_name": "王明", "org": tree.base_b.pk, "roles": [ROLE_UNION_ADMIN, ROLE_AUDITOR]},
    )
    assert response.status_code == 302
    account = User.objects.get(pk=account.pk)
    assert account.full_name == "王明" and account.org == tree.base_b
    assert set(account.groups.values_list("name", flat=True)) == {
        ROLE_UNION_ADMIN,
        ROLE_AUDITOR,
        pii_grant_group().name,
    }
    row = AuditLog.objects.get(action="user.update")
    assert row.changes == {
        "full_name": ["王小明", "王明"],
        "org": ["东岗西路街道工会", "兰州乙公司工会"],
        "roles": [[ROLE_STAFF], [ROLE_UNION_ADMIN, ROLE_AUDITOR]],
    }
    assert STAFF_EDIT_DONE in html(client.get(response["Location"]))


def test_an_actor_cannot_edit_his_own_roles(people, tree):
    me = people.cg_sys
    client = logged_in(me)
    url = reverse("orgs:staff_edit", args=[me.pk])
    response = client.post(
        url, {"full_name": "我", "org": tree.chengguan.pk, "roles": [ROLE_STAFF]}
    )
    assert response.status_code == 200
    assert CANNOT_EDIT_OWN_ROLES in html(response)
    assert list(me.groups.values_list("name", flat=True)) == [ROLE_SYSADMIN]
    assert not AuditLog.objects.filter(action="user.update").exists()
    # His own name he may change.
    response = client.post(
        url, {"full_name": "城关管理员", "org": tree.chengguan.pk, "roles": [ROLE_SYSADMIN]}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=me.pk).full_name == "城关管理员"


# --- password reset, deactivate, reactivate ---------------------------------------------------


def test_reset_password_ends_sessions_and_tokens_and_audits_without_the_password(people, caplog):
    account = people.cg_clerk
    their_browser = logged_in(account)
    assert their_browser.get(reverse("orgs:home")).status_code == 200
    ApiToken.objects.create(
        user=account, key_hash="a" * 64, expires_at=timezone.now() + timedelta(hours=1)
    )
    client = logged_in(people.cg_sys)
    url = reverse("orgs:staff_password", args=[account.pk])
    response = client.post(url, {"password": NEW_PASSWORD, "password2": "Other@pw2026"})
    assert PASSWORDS_DIFFER in response.context["form"].errors["password2"]
    assert User.objects.get(pk=account.pk).check_password(PASSWORD)
    with caplog.at_level(logging.DEBUG):
        response = client.post(url, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(pk=account.pk).check_password(NEW_PASSWORD)
    assert not UserSession.objects.filter(user=account).exists()
    assert not ApiToken.objects.filter(user=account).exists()
    assert their_browser.get(reverse("orgs:home")).status_code == 302
    row = AuditLog.objects.get(action="user.password_reset", object_id=str(account.pk))
    assert row.actor == people.cg_sys
    everything = json.dumps(
        [list(r.__dict__.values()) for r in AuditLog.objects.all()], default=str
    )
    assert NEW_PASSWORD not in everything and NEW_PASSWORD not in caplog.text


def test_reset_of_ones_own_password_is_refused(people):
    me = people.cg_sys
    response = logged_in(me).post(
        reverse("orgs:staff_password", args=[me.pk]),
        {"password": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert CANNOT_RESET_OWN_PASSWORD in html(response)
    assert User.objects.get(pk=me.pk).check_password(PASSWORD)


def test_deactivate_with_confirmation_then_reactivate(people):
    account = people.cg_clerk
    their_browser = logged_in(account)
    client = logged_in(people.cg_sys)
    url = reverse("orgs:staff_deactivate", args=[account.pk])
    page = html(client.get(url))
    assert "确认停用账号「cg_clerk」？" in page
    assert User.objects.get(pk=account.pk).is_active
    assert client.post(url).status_code == 302
    assert not User.objects.get(pk=account.pk).is_active
    assert their_browser.get(reverse("orgs:home")).status_code == 302
    assert AuditLog.objects.filter(action="user.deactivate", object_id=str(account.pk)).exists()
    detail = html(client.get(reverse("orgs:staff_detail", args=[account.pk])))
    assert "停用" in detail and reverse("orgs:staff_reactivate", args=[account.pk]) in detail
    assert client.post(reverse("orgs:staff_reactivate", args=[account.pk])).status_code == 302
    assert User.objects.get(pk=account.pk).is_active
    assert AuditLog.objects.filter(action="user.reactivate", object_id=str(account.pk)).exists()
    assert can_log_in("cg_clerk", PASSWORD)
    # Reactivating an active account changes nothing and writes nothing more.
    client.post(reverse("orgs:staff_reactivate", args=[account.pk]))
    assert AuditLog.objects.filter(action="user.reactivate").count() == 1


def test_reactivate_is_a_post(people):
    account = people.cg_clerk
    User.objects.filter(pk=account.pk).update(is_active=False)
    response = logged_in(people.cg_sys).get(reverse("orgs:staff_reactivate", args=[account.pk]))
    assert response.status_code == 405
    assert not User.objects.get(pk=account.pk).is_active


# --- the personal-data grant ------------------------------------------------------------------


def test_a_sysadmin_holding_the_grant_gives_and_takes_it(people):
    account = User.objects.get(pk=people.cg_clerk.pk)
    assert not can_unmask(account)
    client = logged_in(people.prov_sys)
    detail = reverse("orgs:staff_detail", args=[account.pk])
    assert "授予此授权" in html(client.get(detail))
    response = client.post(reverse("orgs:staff_grant_pii", args=[account.pk]), follow=True)
    assert STAFF_GRANT_DONE.format(username="cg_clerk") in html(response)
    assert can_unmask(User.objects.get(pk=account.pk))
    assert AuditLog.objects.filter(action="user.grant_pii", object_id=str(account.pk)).exists()
    response = client.post(reverse("orgs:staff_revoke_pii", args=[account.pk]), follow=True)
    assert STAFF_REVOKE_DONE.format(username="cg_clerk") in html(response)
    assert not can_unmask(User.objects.get(pk=account.pk))
    assert AuditLog.objects.filter(action="user.revoke_pii", object_id=str(account.pk)).exists()


def test_a_sysadmin_without_the_grant_cannot_give_it(people):
    account = people.cg_clerk
    client = logged_in(people.cg_sys)
    assert "授予此授权" not in html(client.get(reverse("orgs:staff_detail", args=[account.pk])))
    before = _denials(people.cg_sys)
    assert client.post(reverse("orgs:staff_grant_pii", args=[account.pk])).status_code == 403
    assert not can_unmask(User.objects.get(pk=account.pk))
    assert _denials(people.cg_sys) == before + 1


def test_a_grant_through_another_group_is_not_revoked_here(people):
    account = people.cg_clerk
    other = Group.objects.create(name="信访专班")
    other.permissions.set(pii_grant_group().permissions.all())
    account.groups.add(other)
    response = logged_in(people.prov_sys).post(
        reverse("orgs:staff_revoke_pii", args=[account.pk]), follow=True
    )
    assert GRANT_ELSEWHERE.format(groups="信访专班") in html(response)
    assert can_unmask(User.objects.get(pk=account.pk))
    assert not AuditLog.objects.filter(action="user.revoke_pii").exists()


# --- 修改密码 ---------------------------------------------------------------------------------


def test_change_own_password_keeps_this_session_and_ends_the_others(people):
    me = people.cg_union  # no STAFF_MANAGE: every staff user may change his own password
    elsewhere = logged_in(me)
    ApiToken.objects.create(
        user=me, key_hash="b" * 64, expires_at=timezone.now() + timedelta(hours=1)
    )
    client = logged_in(me)
    url = reverse("accounts:password_change")
    assert reverse("accounts:password_change") in html(client.get(reverse("orgs:home")))
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client.post(url, {**data, "old_password": "wrong"})
    assert "当前密码不正确，请重新输入。" in html(response)
    response = client.post(url, {**data, "new_password2": "Other@pw2026"})
    assert CHANGE_PASSWORDS_DIFFER in html(response)
    response = client.post(url, {**data, "new_password1": "abcdefgh", "new_password2": "abcdefgh"})
    assert PASSWORD_CLASSES in html(response)
    assert User.objects.get(pk=me.pk).check_password(PASSWORD)
    assert not AuditLog.objects.filter(action="user.password_change").exists()

    response = client.post(url, data)
    assert response.status_code == 302
    assert User.objects.get(pk=me.pk).check_password(NEW_PASSWORD)
    assert client.get(reverse("orgs:home")).status_code == 200
    assert elsewhere.get(reverse("orgs:home")).status_code == 302
    assert not ApiToken.objects.filter(user=me).exists()
    kept = UserSession.objects.get(user=me)
    assert kept.session_key == client.session.session_key
    assert Session.objects.filter(session_key=kept.session_key).exists()
    row = AuditLog.objects.get(action="user.password_change")
    assert row.actor == me and NEW_PASSWORD not in json.dumps(row.changes)


def test_change_password_needs_a_login(people):
    response = Client().get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
