"""The workbench frame is filled by the apps (gonghui.core.menu): core names no app."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from gonghui.core.menu import (
    MenuItem,
    menu_items,
    object_links,
    register_menu,
    register_object_link,
)

SYSADMIN_MENU = [
    "待办",
    "组织",
    "会员",
    "转会审批",
    "跨省转会",
    "入会申请",
    "坐席工作台",
    "我的工单",
    "工单统计",
    "办理时限规则",
    "服务阵地",
    "通知公告",
    "困难帮扶",
    "荣誉评选",
    "荣誉目录",
    "劳模服务",
    "疗休养",
    "劳动和技能竞赛",
    "网上练兵",
    "创新工作室",
    "工匠学院",
    "线上课程",
    "数据看板",
    "工作日历",
    "审计日志",
    "工作人员账号",
    "协议与隐私政策",
]


def _menu(html: str) -> list[tuple[str, str]]:
    nav = html.split('<nav class="sidenav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a class="(active|)" href="[^"]+">([^<]+)</a>', nav)


def test_every_registered_entry_shows_in_order_for_the_sysadmin(client, staff):
    client.force_login(staff.sysadmin)
    menu = _menu(client.get("/").content.decode())
    assert [label for _, label in menu] == SYSADMIN_MENU
    assert [label for active, label in menu if active] == ["组织"]


def test_entries_follow_the_users_permissions(client, staff):
    client.force_login(staff.county_auditor)
    labels = [label for _, label in _menu(client.get("/").content.decode())]
    assert "审计日志" in labels
    assert "转会审批" not in labels and "协议与隐私政策" not in labels
    assert set(labels) < set(SYSADMIN_MENU)


def test_the_current_section_is_marked_and_its_exclusions_are_not(client, staff):
    client.force_login(staff.sysadmin)
    menu = dict(
        (label, active)
        for active, label in _menu(client.get("/members/transfers/").content.decode())
    )
    assert menu["转会审批"] == "active"
    assert menu["会员"] == ""


def test_top_bar_tools_and_home_come_from_the_apps(client, staff):
    client.force_login(staff.county_admin)
    html = client.get("/members/").content.decode()
    topbar = html.split('<header class="topbar">', 1)[1].split("</header>", 1)[0]
    assert 'id="notif-badge"' in topbar  # notifications' template
    assert topbar.index("notif-badge") < topbar.index("退出登录")  # then accounts' template
    assert 'class="brand" href="/inbox/"' in topbar  # the inbox's home
    assert 'id="inbox-badge"' in topbar and topbar.index("inbox-badge") < topbar.index(
        "notif-badge"
    )


def test_an_entry_registered_twice_is_refused():
    first = menu_items()[0]
    with pytest.raises(ImproperlyConfigured):
        register_menu(MenuItem("重复", first.url_name, first.permission, order=1))
    assert menu_items()[0] == first


def test_object_links_are_registered_per_model_once():
    register_object_link("sites.Site", "职工端页面", "sites_portal:detail")  # again: kept once
    assert [(link.label, link.url_name) for link in object_links("sites.site")] == [
        ("职工端页面", "sites_portal:detail")
    ]
    assert object_links("hotline.Case") == []


def test_the_menu_kept_per_permission_set_stays_each_users_own(client, staff):
    """The entries are worked out once per set a user may open (per process): users with
    different permissions, asking in turn, each get their own; the current mark is per page."""
    seen = {}
    for _ in range(2):
        for user in (staff.sysadmin, staff.county_auditor, staff.county_staff):
            client.force_login(user)
            menu = _menu(client.get("/members/transfers/").content.decode())
            assert seen.setdefault(user.username, menu) == menu
    assert [label for _, label in seen["sysadmin"]] == SYSADMIN_MENU
    assert seen["cg_audit"] != seen["cg_staff"]
    assert ("active", "转会审批") in seen["sysadmin"]
    client.force_login(staff.sysadmin)
    menu = _menu(client.get("/members/").content.decode())
    assert [label for active, label in menu if active] == ["会员"]


def test_the_kept_urls_follow_the_script_prefix():
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from gonghui.core.templatetags.workbench import _url

    assert _url("members:list") == reverse("members:list") == "/members/"
    previous = get_script_prefix()
    set_script_prefix("/gh/")
    try:
        assert _url("members:list") == "/gh/members/"
    finally:
        set_script_prefix(previous)
    assert _url("members:list") == "/members/"
