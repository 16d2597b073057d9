"""Error pages answer in the layout of the part of the site they are in: the workers' portal
(/m/, with its 驿站 and 困难帮扶 pages) links back to the portal home, never to the staff login;
the workbench keeps the workbench's. The 500 page needs neither the database nor a session."""

import pytest
from django.test import Client, RequestFactory

from gonghui.core.errorpages import CSRF_FAILED, CSRF_NO_COOKIE, CSRF_TITLE, server_error
from gonghui.core.middleware import ADDRESS_CONTROL, BAD_REQUEST, FORM_CONTROL, too_large_message
from gonghui.portal.selectors import UNION_NOT_FOUND

pytestmark = pytest.mark.urls("gonghui.tests.error_urls")

PORTAL_PREFIXES = ["/m/", "/m/sites/", "/m/assistance/"]


def assert_portal_page(response, status: int) -> str:
    page = response.content.decode()
    assert response.status_code == status
    assert "css/portal.css" in page and "css/workbench.css" not in page
    assert 'class="m-btn" href="/m/"' in page or 'class="m-btn m-btn-ghost" href="/m/"' in page
    assert "工作台" not in page and "/accounts/login/" not in page
    return page


def assert_workbench_page(response, status: int) -> str:
    page = response.content.decode()
    assert response.status_code == status
    assert "css/workbench.css" in page and "css/portal.css" not in page
    assert "智慧工会 · 工作台" in page
    return page


# --- 404 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PORTAL_PREFIXES)
def test_unknown_portal_address_is_a_portal_404(client, db, prefix):
    page = assert_portal_page(client.get(f"{prefix}no-such-page/"), 404)
    assert "找不到您要的内容" in page


def test_join_link_of_a_missing_union_is_a_portal_404(tree, make_worker, worker_client):
    worker = make_worker("13900000001")
    page = assert_portal_page(worker_client(worker).get("/m/join/99999/"), 404)
    assert UNION_NOT_FOUND in page


def test_missing_site_is_a_portal_404(client, db):
    assert_portal_page(client.get("/m/sites/99999/"), 404)


def test_workbench_404_keeps_the_workbench_layout(client, db):
    page = assert_workbench_page(client.get("/no-such-page/"), 404)
    assert "返回工作台首页" in page


# --- 403 and CSRF ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PORTAL_PREFIXES)
def test_portal_403_is_a_portal_page(client, db, prefix):
    page = assert_portal_page(client.get(f"{prefix}test-errors/deny/"), 403)
    assert "您没有权限查看该页面" in page


def test_workbench_403_keeps_the_workbench_layout(client, db):
    assert_workbench_page(client.get("/test-errors/deny/"), 403)


def test_portal_csrf_failure_is_a_portal_page_in_chinese(db):
    client = Client(enforce_csrf_checks=True)
    form = {"phone": "13900000001", "password": "x"}
    page = assert_portal_page(client.post("/m/login/", form), 403)
    assert CSRF_NO_COOKIE in page and CSRF_TITLE in page
    client.get("/m/login/")  # sets the CSRF cookie; the post below still carries no token
    page = assert_portal_page(client.post("/m/login/", form), 403)
    assert CSRF_FAILED in page


def test_workbench_csrf_failure_keeps_the_workbench_layout(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert CSRF_NO_COOKIE in assert_workbench_page(response, 403)


# --- 400 and 413 (core.middleware) ----------------------------------------------------------------


def test_portal_400_and_413_are_portal_pages(client, db, settings):
    body = "phone=139%00"
    response = client.post("/m/login/", body, content_type="application/x-www-form-urlencoded")
    assert FORM_CONTROL in assert_portal_page(response, 400)
    assert ADDRESS_CONTROL in assert_portal_page(client.get("/m/sites/", {"q": "\x01"}), 400)
    page = assert_portal_page(client.get("/m/test-errors/suspicious/"), 400)
    assert BAD_REQUEST in page
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    page = assert_portal_page(client.post("/m/login/", {"phone": "1" * 2000}), 413)
    assert too_large_message() in page


def test_workbench_suspicious_request_is_a_chinese_400(client, db):
    assert BAD_REQUEST in assert_workbench_page(client.get("/test-errors/suspicious/"), 400)


# --- 500: no database, no session -----------------------------------------------------------------
# These tests take no `db` fixture: pytest-django refuses every query, as a database that is down.


@pytest.mark.parametrize("prefix", PORTAL_PREFIXES)
def test_portal_500_is_a_portal_page_without_the_database(prefix):
    client = Client(raise_request_exception=False)
    page = assert_portal_page(client.get(f"{prefix}test-errors/fail/"), 500)
    assert "系统出错了" in page


def test_portal_500_answers_a_logged_in_worker_while_the_database_is_down(settings):
    # His session cannot be read (sessions live in the database): the page needs none.
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-of-a-logged-in-worker"
    page = assert_portal_page(client.get("/m/test-errors/fail/"), 500)
    assert "系统出错了" in page


def test_workbench_500_keeps_the_workbench_layout_without_the_database():
    client = Client(raise_request_exception=False)
    page = assert_workbench_page(client.get("/test-errors/fail/"), 500)
    assert "系统出错了" in page and "返回工作台首页" in page


@pytest.mark.parametrize("path", ["/m/join/", "/members/"])
def test_500_handler_reads_no_session_and_no_user(path):
    # A bare request: reading request.session or request.user would raise AttributeError.
    request = RequestFactory().get(path)
    response = server_error(request)
    assert response.status_code == 500
    layout = "css/portal.css" if path.startswith("/m/") else "css/workbench.css"
    assert layout in response.content.decode()
