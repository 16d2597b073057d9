"""Member pickers (gonghui.members.pickers): name in part or exact ID number, masked results with
the union's path, limited to the purpose's members in the user's scope, bounded queries."""

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.conftest import VALID_IDS
from gonghui.core.forms import WorkbenchForm
from gonghui.core.masking import mask_id_number
from gonghui.members.pickers import MemberPickerField, member_pickers
from gonghui.members.services import member_leave
from gonghui.orgs.pickers.fields import PICK_MANY_FOUND
from gonghui.orgs.pickers.search import PAGE_SIZE
from gonghui.orgs.tests.picking import picker_offers

pytestmark = pytest.mark.django_db


class NomineeForm(WorkbenchForm):
    """A form as the honors issue will write one."""

    member = MemberPickerField(label="推荐人选", purpose="member_in_scope")
    note = forms.CharField(label="事迹", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_user(user)


def html(response) -> str:
    return response.content.decode()


def pick(client, user, q, page=None):
    data = {"t": member_pickers.token("member_in_scope", user, {}), "q": q}
    if page:
        data["page"] = page
    return client.get(reverse("members:pick"), data, HTTP_HX_REQUEST="true")


def values(page: str) -> list[str]:
    return re.findall(r'data-value="(\d+)"', page)


@pytest.fixture
def people(make_member, tree):
    return {
        "wang_a": make_member(tree.base_a, name="王小红", id_number=VALID_IDS[1]),
        "wang_b": make_member(tree.base_b, name="王大红", id_number=VALID_IDS[3]),
        "wang_c": make_member(tree.base_c, name="王小明", id_number=VALID_IDS[2]),  # 七里河
    }


def test_by_part_of_the_name_masked_with_the_union_path(client, staff, tree, people):
    client.force_login(staff.county_admin)
    page = html(pick(client, staff.county_admin, "王"))
    assert sorted(values(page)) == sorted(str(people[k].pk) for k in ("wang_a", "wang_b"))
    assert VALID_IDS[1] not in page and mask_id_number(VALID_IDS[1]) in page
    assert "甘肃省总工会 › 兰州市总工会 › 城关区总工会 › 东岗西路街道工会 › 兰州甲公司工会" in page
    assert "王小明" not in page  # outside 城关


def test_by_exact_id_number_only(client, staff, tree, people):
    client.force_login(staff.county_admin)
    assert values(html(pick(client, staff.county_admin, VALID_IDS[3]))) == [
        str(people["wang_b"].pk)
    ]
    # Part of an ID number finds nobody: no probing digit by digit.
    assert values(html(pick(client, staff.county_admin, VALID_IDS[3][:12]))) == []
    # In another union's subtree the number answers as unknown.
    assert values(html(pick(client, staff.county_admin, VALID_IDS[2]))) == []


def test_members_who_left_are_not_offered(client, staff, tree, people):
    member_leave(actor=staff.county_admin, member=people["wang_b"])
    client.force_login(staff.county_admin)
    assert values(html(pick(client, staff.county_admin, "王"))) == [str(people["wang_a"].pk)]


def test_member_search_costs_the_same_queries_whatever_the_results(
    client, staff, tree, make_member
):
    for n in range(PAGE_SIZE + 1):
        make_member(tree.base_a if n % 2 else tree.base_b, name=f"赵{n:02d}")
    make_member(tree.base_a, name="钱一")
    client.force_login(staff.county_admin)
    counted = []
    for q, results in (("钱", 1), ("赵", PAGE_SIZE)):
        pick(client, staff.county_admin, q)
        with CaptureQueriesContext(connection) as queries:
            page = html(pick(client, staff.county_admin, q))
        assert len(values(page)) == results
        member_queries = [x for x in queries if 'FROM "members_member"' in x["sql"]]
        ancestors = [x for x in queries if x["sql"].startswith('SELECT "orgs_org"."path"')]
        assert len(member_queries) == 1 and len(ancestors) == 1
        counted.append(len(queries))
    assert counted[0] == counted[1] <= 10
    assert "下一页" in html(pick(client, staff.county_admin, "赵"))
    assert len(values(html(pick(client, staff.county_admin, "赵", page=2)))) == 1


def test_form_takes_only_a_member_of_its_queryset(staff, tree, people):
    form = NomineeForm({"member": people["wang_a"].pk}, user=staff.county_admin)
    assert form.is_valid() and form.cleaned_data["member"] == people["wang_a"]
    form = NomineeForm({"member": people["wang_c"].pk}, user=staff.county_admin)
    assert not form.is_valid() and "member" in form.errors


def test_form_without_script_resolves_the_typed_text(staff, tree, people):
    form = NomineeForm({"member_q": VALID_IDS[1]}, user=staff.county_admin)
    assert form.is_valid() and form.cleaned_data["member"] == people["wang_a"]
    form = NomineeForm({"member_q": "王"}, user=staff.county_admin)
    assert not form.is_valid()
    assert form.errors["member"] == [PICK_MANY_FOUND.format(q="王")]
    rendered = str(form["member"])
    assert f'name="member" value="{people["wang_b"].pk}"' in rendered
    assert VALID_IDS[3] not in rendered and mask_id_number(VALID_IDS[3]) in rendered


def test_the_rendered_picker_asks_the_member_endpoint(client, staff, tree, people):
    client.force_login(staff.county_admin)
    page = str(NomineeForm(user=staff.county_admin)["member"])
    offered = picker_offers(client, page, "member", "小红")
    assert values(offered) == [str(people["wang_a"].pk)]
    # A picked member is shown masked, with the union's path.
    page = str(NomineeForm(initial={"member": people["wang_a"].pk}, user=staff.county_admin))
    assert f"王小红（{mask_id_number(VALID_IDS[1])}）" in page
    assert "东岗西路街道工会 › 兰州甲公司工会" in page and VALID_IDS[1] not in page


def test_member_endpoint_needs_the_users_own_token(client, staff, tree, people):
    client.force_login(staff.sibling_admin)
    token = member_pickers.token("member_in_scope", staff.county_admin, {})
    response = client.get(reverse("members:pick"), {"t": token, "q": "王"})
    assert response.status_code == 404
