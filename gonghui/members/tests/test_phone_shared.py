"""A phone already registered for another member: the form warns (families share phones) and
saves; it names the masked holder only inside the user's subtree, and says nothing outside it."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from gonghui.conftest import VALID_IDS
from gonghui.members.models import Member
from gonghui.members.selectors import PHONE_SHARED
from gonghui.members.services import member_leave
from gonghui.members.tests.test_views import _create_data

SHARED = "13987654321"
SHARED_MASKED = "139****4321"


@pytest.fixture
def holder(make_member, tree):
    return make_member(tree.base_a, name="王小红", id_number=VALID_IDS[1], phone=SHARED)


def _warnings(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_create_with_a_phone_of_a_member_in_scope_warns_and_saves(client, staff, tree, holder):
    client.force_login(staff.county_admin)
    response = client.post(reverse("members:create"), _create_data(tree, phone=SHARED))
    assert response.status_code == 302
    created = Member.objects.get(name="赵六")
    assert created.phone == SHARED  # a warning, not a refusal
    expected = PHONE_SHARED.format(phone=SHARED_MASKED, holders="「王**」（兰州甲公司工会）")
    assert _warnings(response) == [expected]
    page = client.get(response["Location"]).content.decode()
    assert expected in page and "王小红" not in page


def test_create_with_a_phone_held_outside_scope_says_nothing(client, staff, tree, holder):
    client.force_login(staff.sibling_admin)  # 七里河区: 王小红 (城关区) is not theirs
    data = _create_data(tree, phone=SHARED, org=tree.base_c.pk, id_number=VALID_IDS[2])
    response = client.post(reverse("members:create"), data)
    assert response.status_code == 302
    assert Member.objects.filter(name="赵六", org=tree.base_c).exists()
    assert _warnings(response) == []
    page = client.get(response["Location"]).content.decode()
    assert "王**" not in page and "也登记在" not in page


def test_a_member_who_left_is_not_a_holder(client, staff, tree, holder):
    member_leave(actor=staff.county_admin, member=holder)
    client.force_login(staff.county_admin)
    response = client.post(reverse("members:create"), _create_data(tree, phone=SHARED))
    assert response.status_code == 302 and _warnings(response) == []


def test_edit_to_a_shared_phone_warns_once(client, staff, tree, holder, make_member):
    other = make_member(tree.base_b, name="马建国", id_number=VALID_IDS[3], phone="13600002222")
    client.force_login(staff.county_admin)
    data = {
        "name": "马建国",
        "phone": SHARED,
        "category": "employed",
        "member_type": "1",
        "ethnicity": "01",
        "employment_status": "1",
    }
    url = reverse("members:edit", args=[other.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    assert _warnings(response) == [
        PHONE_SHARED.format(phone=SHARED_MASKED, holders="「王**」（兰州甲公司工会）")
    ]
    client.get(response["Location"])  # the warning is shown (and consumed)
    # Saving again without a new phone does not repeat it.
    response = client.post(url, {**data, "phone": "", "employer": "兰州乙公司"})
    assert response.status_code == 302 and _warnings(response) == []


def test_edit_outside_the_holders_scope_says_nothing(client, staff, tree, holder, make_member):
    other = make_member(tree.base_c, name="马建国", id_number=VALID_IDS[2], phone="13600002222")
    client.force_login(staff.sibling_admin)
    data = {
        "name": "马建国",
        "phone": SHARED,
        "category": "employed",
        "member_type": "1",
        "ethnicity": "01",
        "employment_status": "1",
    }
    response = client.post(reverse("members:edit", args=[other.pk]), data)
    assert response.status_code == 302 and _warnings(response) == []
    other.refresh_from_db()
    assert other.phone == SHARED
