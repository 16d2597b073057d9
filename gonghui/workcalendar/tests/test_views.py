from datetime import date

import pytest
from django.urls import resolve, reverse

from gonghui.accounts.permissions import ROLE_SYSADMIN, ROLES, Perm
from gonghui.audit.models import AuditLog
from gonghui.workcalendar.forms import LINE_DATE_INVALID, LINE_FORMAT, LINE_KIND_INVALID
from gonghui.workcalendar.models import CalendarDay, CalendarDayKind
from gonghui.workcalendar.services import (
    IMPORT_DUPLICATE,
    IMPORT_INVALID,
    IMPORT_WRONG_YEAR,
    calendar_day_set,
)
from gonghui.workcalendar.views import YEAR_IMPORT_DONE

pytestmark = pytest.mark.django_db

HOLIDAY, WORKDAY = CalendarDayKind.HOLIDAY, CalendarDayKind.WORKDAY
YEAR_URL = reverse("workcalendar:year")
SET_URL = reverse("workcalendar:day_set")
IMPORT_URL = reverse("workcalendar:year_import")


def html(response) -> str:
    return response.content.decode()


def delete_url(day: date) -> str:
    return reverse("workcalendar:day_delete", args=[day])


# --- permissions ------------------------------------------------------------------------------


def test_every_staff_role_sees_the_calendar_only_sysadmins_change_it(client, staff):
    for user in (staff.county_staff, staff.county_auditor, staff.base_admin):
        client.force_login(user)
        response = client.get(YEAR_URL)
        assert response.status_code == 200
        assert ">工作日历</a>" in html(response)
        assert "录入全年安排" not in html(response)
        assert client.get(SET_URL).status_code == 403
        assert client.get(IMPORT_URL).status_code == 403
    assert AuditLog.objects.filter(action="access.denied").count() == 6


def test_anonymous_is_sent_to_login(client):
    response = client.get(YEAR_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_post_without_the_permission_writes_nothing(client, staff):
    client.force_login(staff.city_admin)
    response = client.post(SET_URL, {"day": "2027-01-01", "kind": HOLIDAY, "name": "元旦"})
    assert response.status_code == 403
    assert not CalendarDay.objects.exists()


# --- year view --------------------------------------------------------------------------------


def test_year_view_lists_library_and_table_days_with_their_source(client, staff):
    calendar_day_set(actor=staff.sysadmin, day=date(2026, 10, 10), kind=HOLIDAY, name="取消调休")
    client.force_login(staff.sysadmin)
    response = client.get(YEAR_URL, {"year": 2026})
    page = html(response)
    assert response.status_code == 200
    assert "工作日历 · 2026年" in page
    assert "2026-10-01" in page and "国庆节" in page and "法定" in page
    assert "2026-09-20" in page and "调休上班" in page
    assert "本平台维护" in page and "取消调休" in page and "覆盖法定：调休上班（国庆节）" in page
    assert delete_url(date(2026, 10, 10)) in page
    assert f"{SET_URL}?day=2026-10-10" in page
    assert "的节假日安排尚未录入" not in page
    assert ">2026年 · 1 天</a>" in page
    assert "2026年共 247 个工作日" in page  # 248 by the library, less the cancelled 10-10


def test_year_view_of_a_year_without_schedule_warns(client, staff):
    client.force_login(staff.county_staff)
    page = html(client.get(YEAR_URL, {"year": 2027}))
    assert "2027年的节假日安排尚未录入" in page
    assert "2027年没有节假日或调休记录" in page
    assert "请联系系统管理员" in page


def test_year_view_falls_back_to_this_year_on_a_bad_year(client, staff):
    client.force_login(staff.county_staff)
    for bad in ("abc", "1900", "99999"):
        assert client.get(YEAR_URL, {"year": bad}).context["year"] in range(2000, 2101)


def test_year_view_query_count(client, staff, django_assert_max_num_queries):
    calendar_day_set(actor=staff.sysadmin, day=date(2027, 1, 1), kind=HOLIDAY, name="元旦")
    client.force_login(staff.sysadmin)
    client.get(YEAR_URL, {"year": 2027})  # warm the session and user look-ups
    # 14: the top bar's unread-notification badge and its 待办 badge are one COUNT each.
    with django_assert_max_num_queries(14):
        client.get(YEAR_URL, {"year": 2027})


# --- add / edit -------------------------------------------------------------------------------


def test_add_a_day(client, staff):
    client.force_login(staff.sysadmin)
    response = client.post(SET_URL, {"day": "2027-01-01", "kind": HOLIDAY, "name": "元旦"})
    assert response.status_code == 302
    assert response["Location"] == f"{YEAR_URL}?year=2027"
    entry = CalendarDay.objects.get()
    assert (entry.day, entry.kind, entry.name) == (date(2027, 1, 1), HOLIDAY, "元旦")
    page = html(client.get(response["Location"]))
    assert "已保存：2027-01-01 休息日（元旦）。" in page
    assert "的节假日安排尚未录入" not in page


def test_edit_form_opens_on_the_entry(client, staff):
    calendar_day_set(actor=staff.sysadmin, day=date(2027, 2, 7), kind=HOLIDAY)
    client.force_login(staff.sysadmin)
    response = client.get(SET_URL, {"day": "2027-02-07"})
    assert response.context["form"].initial == {
        "day": date(2027, 2, 7),
        "kind": HOLIDAY,
        "name": "",
    }
    assert "修改 2027-02-07" in html(response)
    client.post(SET_URL, {"day": "2027-02-07", "kind": WORKDAY, "name": "春节调休"})
    assert CalendarDay.objects.get().kind == WORKDAY


def test_add_form_shows_chinese_errors(client, staff):
    client.force_login(staff.sysadmin)
    page = html(client.post(SET_URL, {"day": "", "kind": ""}))
    assert "请填写日期。" in page and "请选择类型。" in page
    page = html(client.post(SET_URL, {"day": "1999-01-01", "kind": HOLIDAY}))
    assert "日期须在2000年至2100年之间" in page
    assert not CalendarDay.objects.exists()


# --- delete -----------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_then_deletes(client, staff):
    calendar_day_set(actor=staff.sysadmin, day=date(2026, 10, 8), kind=HOLIDAY, name="延长")
    client.force_login(staff.sysadmin)
    response = client.get(delete_url(date(2026, 10, 8)))
    page = html(response)
    assert "确认删除「2026-10-08 休息日（延长）」？" in page
    assert "为<strong>工作日</strong>" in page  # what the library says about that Thursday
    assert CalendarDay.objects.exists()  # a GET deletes nothing
    response = client.post(delete_url(date(2026, 10, 8)))
    assert response.status_code == 302 and response["Location"] == f"{YEAR_URL}?year=2026"
    assert not CalendarDay.objects.exists()
    assert AuditLog.objects.filter(action="calendar.delete").count() == 1


def test_delete_of_a_day_not_in_the_table_or_not_a_date_is_404(client, staff):
    client.force_login(staff.sysadmin)
    assert client.get(delete_url(date(2027, 1, 1))).status_code == 404
    assert client.get("/calendar/days/2027-02-30/delete/").status_code == 404


def test_delete_requires_the_permission(client, staff):
    calendar_day_set(actor=staff.sysadmin, day=date(2027, 1, 1), kind=HOLIDAY)
    client.force_login(staff.city_admin)
    assert client.post(delete_url(date(2027, 1, 1))).status_code == 403
    assert CalendarDay.objects.exists()


# --- bulk import ------------------------------------------------------------------------------

SCHEDULE_TEXT = """# 2027年节假日安排
2027-01-01 休 元旦

2027-02-06\t休\t春节
2027-02-07 班 春节调休
2027/2/8 休 春节
2027年2月9日，休，春节
"""


def test_import_a_pasted_year(client, staff):
    client.force_login(staff.sysadmin)
    response = client.post(IMPORT_URL, {"year": "2027", "text": SCHEDULE_TEXT})
    assert response.status_code == 302 and response["Location"] == f"{YEAR_URL}?year=2027"
    assert list(CalendarDay.objects.values_list("day", "kind", "name")) == [
        (date(2027, 1, 1), HOLIDAY, "元旦"),
        (date(2027, 2, 6), HOLIDAY, "春节"),
        (date(2027, 2, 7), WORKDAY, "春节调休"),
        (date(2027, 2, 8), HOLIDAY, "春节"),
        (date(2027, 2, 9), HOLIDAY, "春节"),
    ]
    page = html(client.get(response["Location"]))
    assert YEAR_IMPORT_DONE.format(shown=2027, added=5, changed=0, removed=0) in page
    assert "本平台维护" in page


def test_import_shows_every_bad_line_by_number_and_imports_nothing(client, staff):
    client.force_login(staff.sysadmin)
    text = "\n".join(
        [
            "2027-01-01 休 元旦",  # 1 good
            "2027-02-30 休 春节",  # 2 no such date
            "2027-02-07 调 春节调休",  # 3 unknown kind
            "2027-01-01 休 元旦",  # 4 duplicate of line 1
            "",  # 5 blank
            "2028-01-01 休 元旦",  # 6 another year
            "2027-05-01",  # 7 no kind
        ]
    )
    response = client.post(IMPORT_URL, {"year": "2027", "text": text})
    assert response.status_code == 200
    page = html(response)
    assert IMPORT_INVALID.format(n=5) in page
    expected = [
        LINE_DATE_INVALID.format(line=2, text="2027-02-30"),
        LINE_KIND_INVALID.format(line=3, text="调"),
        "第4行：" + IMPORT_DUPLICATE.format(day="2027-01-01"),
        "第6行：" + IMPORT_WRONG_YEAR.format(day="2028-01-01", year=2027),
        LINE_FORMAT.format(line=7),
    ]
    assert response.context["form"].errors["text"] == expected
    positions = [page.index(message) for message in expected]
    assert positions == sorted(positions)
    assert not CalendarDay.objects.exists()
    assert not AuditLog.objects.filter(action="calendar.import").exists()


def test_import_page_warns_that_the_year_is_replaced(client, staff):
    calendar_day_set(actor=staff.sysadmin, day=date(2027, 1, 1), kind=HOLIDAY)
    client.force_login(staff.sysadmin)
    page = html(client.get(IMPORT_URL, {"year": 2027}))
    assert "2027年已有 1 个本平台维护的日期" in page
    page = html(client.get(IMPORT_URL, {"year": 2026}))
    assert "2026年已内置国务院安排" in page


def test_import_form_requires_text_and_a_year_in_range(client, staff):
    client.force_login(staff.sysadmin)
    page = html(client.post(IMPORT_URL, {"year": "1999", "text": ""}))
    assert "年份须在2000年至2100年之间" in page and "请粘贴全年安排" in page
    page = html(client.post(IMPORT_URL, {"year": "2027", "text": "\n# 只有注释\n"}))
    assert "请粘贴全年安排" in page
    assert not CalendarDay.objects.exists()


def test_nav_entry_is_active_on_calendar_pages(client, staff):
    client.force_login(staff.sysadmin)
    page = html(client.get(YEAR_URL))
    assert f'class="active" href="{YEAR_URL}">工作日历</a>' in page


def test_views_declare_their_permissions_and_only_sysadmins_manage():
    assert resolve(YEAR_URL).func.required_permission == Perm.ORG_VIEW
    for url in (SET_URL, IMPORT_URL, delete_url(date(2027, 1, 1))):
        assert resolve(url).func.required_permission == Perm.CALENDAR_MANAGE
    assert [name for name, perms in ROLES.items() if Perm.CALENDAR_MANAGE in perms] == [
        ROLE_SYSADMIN
    ]
    assert all(Perm.ORG_VIEW in perms for perms in ROLES.values())
