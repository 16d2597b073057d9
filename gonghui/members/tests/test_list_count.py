"""The member list's count of a long list is kept a minute in the shared cache (issue 17), per
scope and filters; a short list is counted on every load. Scope: no one sees another's count."""

import re

import pytest
from django.urls import reverse

from gonghui.conftest import login
from gonghui.core import paging


def shown_count(client, **params) -> tuple[int, bool]:
    response = client.get(reverse("members:list"), params)
    assert response.status_code == 200
    match = re.search(r"共 (\d+) 名会员(（人数较多，总数每分钟统计一次）)?", response.text)
    assert match, "the list states its count"
    return int(match.group(1)), bool(match.group(2))


def test_a_short_list_is_counted_on_every_load(tree, staff, make_member):
    client = login(staff.county_admin)
    make_member(tree.base_a)
    assert shown_count(client) == (1, False)
    make_member(tree.base_a)
    assert shown_count(client) == (2, False)


@pytest.fixture
def long_from_three(monkeypatch):
    monkeypatch.setattr(paging, "CACHED_COUNT_FROM", 3)


def test_a_long_lists_count_is_kept_and_said_so(tree, staff, make_member, long_from_three):
    client = login(staff.county_admin)
    for _ in range(3):
        make_member(tree.base_a)
    assert shown_count(client) == (3, True)
    make_member(tree.base_a)
    assert shown_count(client) == (3, True)  # the minute's count
    # Another filter is another count, counted now.
    assert shown_count(client, org=tree.base_a.pk) == (4, True)


def test_kept_counts_never_cross_scopes(tree, staff, make_member, long_from_three):
    for _ in range(3):
        make_member(tree.base_a)
    for _ in range(4):
        make_member(tree.base_c)  # 七里河区
    assert shown_count(login(staff.city_admin)) == (7, True)
    assert shown_count(login(staff.county_admin)) == (3, True)
    assert shown_count(login(staff.sibling_admin)) == (4, True)
    assert shown_count(login(staff.base_c_admin)) == (4, True)
    # The rows shown stay the user's own, whatever count was kept.
    response = login(staff.county_admin).get(reverse("members:list"))
    assert "兰州丙公司工会" not in response.text and "兰州甲公司工会" in response.text
