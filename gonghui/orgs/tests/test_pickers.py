"""Org pickers: the purpose registry, the search endpoint and the field (gonghui.orgs.pickers)."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.audit.models import AuditLog
from gonghui.conftest import _add
from gonghui.members.forms import MemberCreateForm
from gonghui.orgs.models import OrgStatus, OrgType
from gonghui.orgs.pickers import org_pickers, org_search_page, register_org_picker
from gonghui.orgs.pickers.fields import PICK_MANY_FOUND, PICK_NOTHING_FOUND
from gonghui.orgs.pickers.registry import PICKER_EXPIRED
from gonghui.orgs.pickers.search import PAGE_SIZE
from gonghui.orgs.selectors import member_holding_orgs, orgs_in_scope

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def token(user, purpose="member_holding", **params) -> str:
    return org_pickers.token(purpose, user, params)


def pick(client, user, q, purpose="member_holding", page=None, **params):
    data = {"t": token(user, purpose, **params), "q": q}
    if page:
        data["page"] = page
    return client.get(reverse("orgs:pick"), data, HTTP_HX_REQUEST="true")


def option_values(page: str) -> list[str]:
    return re.findall(r'data-value="(\d+)"', page)


def test_search_by_part_of_the_name_shows_the_path(client, staff, tree):
    client.force_login(staff.county_admin)
    response = pick(client, staff.county_admin, "甲公司")
    page = html(response)
    assert response.status_code == 200
    assert option_values(page) == [str(tree.base_a.pk)]
    assert (
        'data-path="甘肃省总工会 › 兰州市总工会 › 城关区总工会 › 东岗西路街道工会 › 兰州甲公司工会"'
        in page
    )


def test_search_is_limited_to_the_users_scope_and_the_purpose(client, staff, tree):
    client.force_login(staff.county_admin)
    # 兰州丙公司工会 is in 七里河 (outside 城关); 城关区总工会 holds no members itself.
    assert option_values(html(pick(client, staff.county_admin, "丙公司"))) == []
    assert option_values(html(pick(client, staff.county_admin, "城关区"))) == []
    found = option_values(html(pick(client, staff.county_admin, "工会")))
    expected = member_holding_orgs(staff.county_admin).values_list("pk", flat=True)
    assert sorted(map(int, found)) == sorted(expected)
    assert str(tree.chengguan.pk) not in found
    # Another purpose offers the county union itself.
    found = option_values(html(pick(client, staff.county_admin, "城关区", purpose="org_in_scope")))
    assert found == [str(tree.chengguan.pk)]


def test_search_by_division_code_and_by_social_credit_code(client, staff, tree):
    tree.base_b.uscc = "91620102MA71XXXX0K"
    tree.base_b.save(update_fields=["uscc"])
    client.force_login(staff.city_admin)
    found = option_values(html(pick(client, staff.city_admin, "620103", purpose="org_in_scope")))
    assert sorted(map(int, found)) == sorted([tree.qilihe.pk, tree.xiyuan.pk, tree.base_c.pk])
    found = option_values(html(pick(client, staff.city_admin, "91620102ma71xxxx0k")))
    assert found == [str(tree.base_b.pk)]


def test_duplicate_names_are_told_apart_by_their_path(client, staff, tree):
    _add(tree.xiyuan, "兰州甲公司工会", OrgType.BASE)
    client.force_login(staff.city_admin)
    page = html(pick(client, staff.city_admin, "兰州甲公司"))
    assert len(option_values(page)) == 2
    assert "城关区总工会 › 东岗西路街道工会 › 兰州甲公司工会" in page
    assert "七里河区总工会 › 西园街道工会 › 兰州甲公司工会" in page


def test_results_are_paginated_without_counting(client, staff, tree):
    for n in range(PAGE_SIZE + 3):
        _add(tree.donggang, f"城关测试{n:02d}公司工会", OrgType.BASE)
    client.force_login(staff.county_admin)
    first = html(pick(client, staff.county_admin, "测试"))
    assert len(option_values(first)) == PAGE_SIZE
    assert "下一页" in first and "上一页" not in first
    second = html(pick(client, staff.county_admin, "测试", page=2))
    assert len(option_values(second)) == 3
    assert "上一页" in second and "下一页" not in second
    assert not set(option_values(first)) & set(option_values(second))


def test_search_costs_the_same_queries_whatever_the_results(client, staff, tree):
    client.force_login(staff.county_admin)
    counted = {}
    for n in range(PAGE_SIZE):
        _add(tree.donggang, f"城关计数{n:02d}公司工会", OrgType.BASE)
    for q, results in (("计数00", 1), ("计数", PAGE_SIZE)):
        pick(client, staff.county_admin, q)  # the session is written once
        with CaptureQueriesContext(connection) as queries:
            response = pick(client, staff.county_admin, q)
        assert len(option_values(html(response))) == results
        org_queries = [x["sql"] for x in queries if 'FROM "orgs_org"' in x["sql"]]
        # The user's union (scope), the page of results, and ONE query for all their ancestors.
        assert len(org_queries) == 3, org_queries
        counted[results] = len(queries)
    assert counted[1] == counted[PAGE_SIZE] <= 10


def test_paths_of_a_page_take_one_query(staff, tree):
    queryset = orgs_in_scope(staff.sysadmin).filter(status=OrgStatus.ACTIVE)
    with CaptureQueriesContext(connection) as queries:
        found = org_search_page(queryset, q="公司")
    assert len(found.results) == 4
    assert len(queries) == 2
    assert {org.path_names[1] for org in found.results} == {"兰州市总工会", "天水市总工会"}


def test_a_token_is_for_its_user_only(client, staff, tree):
    client.force_login(staff.sibling_admin)
    response = pick_with(client, token(staff.county_admin), "甲公司")
    assert response.status_code == 404
    assert PICKER_EXPIRED in html(response)
    assert pick_with(client, "forged", "甲公司").status_code == 404
    # Its own token: 兰州甲公司工会 is not in 七里河's scope.
    assert option_values(html(pick_with(client, token(staff.sibling_admin), "甲公司"))) == []


def pick_with(client, t, q):
    return client.get(reverse("orgs:pick"), {"t": t, "q": q}, HTTP_HX_REQUEST="true")


@pytest.fixture
def adding_purpose():
    """A purpose only those who register members may use."""
    register_org_picker("test_member_add", member_holding_orgs, permission=Perm.MEMBER_ADD)
    yield "test_member_add"
    del org_pickers._purposes["test_member_add"]


def test_the_purposes_permission_is_required(client, staff, tree, adding_purpose):
    auditor = staff.county_auditor
    assert auditor.has_perm(Perm.ORG_VIEW) and not auditor.has_perm(Perm.MEMBER_ADD)
    client.force_login(auditor)
    response = pick(client, auditor, "甲", purpose=adding_purpose)
    assert response.status_code == 403
    assert AuditLog.objects.filter(action="access.denied", actor=auditor).exists()
    client.force_login(staff.county_admin)
    response = pick(client, staff.county_admin, "甲", purpose=adding_purpose)
    assert option_values(html(response)) == [str(tree.base_a.pk)]


def test_a_purpose_is_registered_once(staff):
    with pytest.raises(ImproperlyConfigured):
        register_org_picker("member_holding", lambda user: None, permission="members.view_member")
    with pytest.raises(ImproperlyConfigured):
        token(staff.county_admin, purpose="no_such_purpose")


# --- the field ------------------------------------------------------------------------------


def form_data(**fields):
    data = {
        "name": "李四",
        "id_number": "620102198506060044",
        "phone": "13900001111",
        "category": "employed",
        "joined_on": "2024-05-01",
    }
    data.update(fields)
    return data


def test_field_accepts_an_id_of_its_queryset_only(staff, tree):
    form = MemberCreateForm(form_data(org=tree.base_a.pk), user=staff.county_admin)
    form.is_valid()
    assert "org" not in form.errors and form.cleaned_data["org"] == tree.base_a
    form = MemberCreateForm(form_data(org=tree.base_c.pk), user=staff.county_admin)
    assert not form.is_valid() and "org" in form.errors


def test_field_without_script_takes_the_one_match_of_the_typed_text(staff, tree):
    form = MemberCreateForm(form_data(org="", org_q="甲公司"), user=staff.county_admin)
    form.is_valid()
    assert form.cleaned_data["org"] == tree.base_a


def test_field_without_script_offers_the_matches_as_radio_choices(staff, tree):
    form = MemberCreateForm(form_data(org_q="公司"), user=staff.county_admin)
    assert not form.is_valid()
    assert form.errors["org"] == [PICK_MANY_FOUND.format(q="公司")]
    rendered = str(form["org"])
    assert f'type="radio" name="org" value="{tree.base_a.pk}"' in rendered
    assert f'type="radio" name="org" value="{tree.base_b.pk}"' in rendered
    assert "兰州丙公司工会" not in rendered
    # The radio picked next time wins over the empty hidden input.
    data = form_data(org_q="公司")
    from django.http import QueryDict

    posted = QueryDict(mutable=True)
    posted.update(data)
    posted.setlist("org", ["", str(tree.base_b.pk)])
    form = MemberCreateForm(posted, user=staff.county_admin)
    form.is_valid()
    assert form.cleaned_data["org"] == tree.base_b


def test_field_says_when_nothing_matches(staff, tree):
    form = MemberCreateForm(form_data(org_q="丙公司"), user=staff.county_admin)
    assert not form.is_valid()
    assert form.errors["org"] == [PICK_NOTHING_FOUND.format(q="丙公司")]


def test_an_initial_org_is_shown_by_name_and_path(staff, tree):
    form = MemberCreateForm(initial={"org": tree.base_a.pk}, user=staff.county_admin)
    rendered = str(form["org"])
    assert 'value="兰州甲公司工会"' in rendered
    assert (
        "甘肃省总工会 › 兰州市总工会 › 城关区总工会 › 东岗西路街道工会 › 兰州甲公司工会" in rendered
    )
    # Outside the queryset: nothing is revealed.
    form = MemberCreateForm(initial={"org": tree.base_c.pk}, user=staff.county_admin)
    assert "兰州丙公司工会" not in str(form["org"])


# --- the tree page ----------------------------------------------------------------------------


def test_tree_page_searches_the_users_subtree(client, staff, tree):
    client.force_login(staff.county_admin)
    response = client.get(reverse("orgs:home"), {"q": "公司"})
    page = html(response)
    assert reverse("orgs:detail", args=[tree.base_a.pk]) in page
    assert reverse("orgs:detail", args=[tree.base_b.pk]) in page
    assert "兰州丙公司工会" not in page and "天水丁公司工会" not in page
    assert "甘肃省总工会 › 兰州市总工会 › 城关区总工会 › 东岗西路街道工会" in page
    fragment = html(client.get(reverse("orgs:home"), {"q": "620102001"}, HTTP_HX_REQUEST="true"))
    assert "<html" not in fragment
    assert reverse("orgs:detail", args=[tree.donggang.pk]) in fragment
    empty = html(client.get(reverse("orgs:home"), {"q": "丙公司"}, HTTP_HX_REQUEST="true"))
    assert "没有找到与「丙公司」相符的工会" in empty


def test_tree_search_costs_the_same_queries_whatever_the_results(client, staff, tree):
    client.force_login(staff.county_admin)
    for n in range(PAGE_SIZE + 2):
        _add(tree.donggang, f"城关树查{n:02d}公司工会", OrgType.BASE)
    counted = []
    for q in ("树查00", "树查"):
        client.get(reverse("orgs:home"), {"q": q}, HTTP_HX_REQUEST="true")
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("orgs:home"), {"q": q}, HTTP_HX_REQUEST="true")
        counted.append(len(queries))
    assert counted[0] == counted[1] <= 10


def test_tree_root_line_shows_the_member_count_from_the_roll_up(client, staff, tree, make_member):
    make_member(tree.base_a)
    make_member(tree.base_b)
    make_member(tree.base_c)  # 七里河: not under 城关
    client.force_login(staff.county_admin)
    with CaptureQueriesContext(connection) as queries:
        page = html(client.get(reverse("orgs:home")))
    root_line = re.search(r"<summary>.*?</summary>", page, re.S).group(0)
    assert "城关区总工会" in root_line and "2 名会员" in root_line
    # Read from the statistics roll-up (one row), not counted over the members table.
    assert any('"stats_orgstat"' in q["sql"] for q in queries)
    client.force_login(staff.sysadmin)
    root_line = re.search(r"<summary>.*?</summary>", html(client.get(reverse("orgs:home"))), re.S)
    assert "甘肃省总工会" in root_line.group(0) and "3 名会员" in root_line.group(0)
