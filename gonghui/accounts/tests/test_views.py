import pytest
from django.urls import reverse

from gonghui.accounts.services import LOCKED_OUT, LOGIN_FAILED
from gonghui.audit.models import AuditLog
from gonghui.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_login_page_is_chinese(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    page = html(response)
    assert "登录工作台" in page and "用户名" in page and "密码" in page


def test_login_and_logout(client, staff):
    response = client.post(
        reverse("accounts:login"), {"username": "cg_admin", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("inbox:start")
    assert client.get(response["Location"])["Location"] == reverse("inbox:home")
    page = html(client.get(reverse("orgs:home")))
    assert "城关区总工会" in page and "退出登录" in page
    assert client.get(reverse("accounts:logout")).status_code == 405  # a link cannot log out
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("orgs:home")).status_code == 302
    assert AuditLog.objects.filter(action="auth.logout", actor_username="cg_admin").exists()


def test_wrong_password_is_reported_in_chinese(client, staff):
    response = client.post(reverse("accounts:login"), {"username": "cg_admin", "password": "wrong"})
    assert response.status_code == 200
    assert LOGIN_FAILED in html(response)
    assert 'value="cg_admin"' in html(response)


def test_lockout_after_five_failures(client, staff):
    url = reverse("accounts:login")
    for _ in range(5):
        response = client.post(url, {"username": "cg_admin", "password": "wrong"})
    assert response.status_code == 403
    assert LOCKED_OUT in html(response)
    # Even the right password is refused while locked.
    response = client.post(url, {"username": "cg_admin", "password": PASSWORD})
    assert response.status_code == 403
    assert "锁定 15 分钟" in html(response)


def test_anonymous_user_is_sent_to_login(client, staff):
    response = client.get(reverse("orgs:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_nav_follows_permissions(client, staff):
    client.force_login(staff.county_staff)
    page = html(client.get(reverse("orgs:home")))
    assert ">会员</a>" in page and ">转会审批</a>" not in page and ">审计日志</a>" not in page
    client.force_login(staff.sysadmin)
    page = html(client.get(reverse("orgs:home")))
    assert ">转会审批</a>" in page and ">审计日志</a>" in page
