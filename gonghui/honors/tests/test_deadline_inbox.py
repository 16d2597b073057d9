"""The `honors.deadline` 待办: a union of an open round whose level's deadline is within 3
working days and that still holds drafts / returned nominations or has places not sent on —
one per round and union, gone once it acts; the inbox consistency check runs after each test."""

import pytest

from gonghui.honors.models import RoundUnion
from gonghui.honors.rounds.services import (
    nominate,
    nomination_approve,
    nomination_submit,
    publicity_start,
    quota_set,
)
from gonghui.honors.rounds.services.common import today
from gonghui.honors.tests.conftest import later
from gonghui.honors.tests.steps_helpers import open_round
from gonghui.inbox.models import OpenItem
from gonghui.inbox.services import rebuild
from gonghui.workcalendar.selectors import add_working_days

pytestmark = pytest.mark.django_db
KIND = "honors.deadline"


def items():
    return sorted(OpenItem.objects.filter(kind=KIND).values_list("org__name", flat=True))


def _draft(staff, rnd, medal, make_member, tree, name="李明"):
    return nominate(
        actor=staff.base_admin,
        round=rnd,
        honor_type=medal,
        member=make_member(tree.base_a, name=name),
        deeds="事迹",
        submit=False,
    )


def test_due_soon_items_open_and_close_as_unions_act(
    staff, province_admin, medal, make_member, tree
):
    soon = add_working_days(today(), 2)
    rnd = open_round(
        province_admin, medal, tree, deadlines={"base": soon, "county": soon, "city": soon}
    )
    # 兰州 holds 6 places and has sent none on.
    assert items() == ["兰州市总工会"]
    item = OpenItem.objects.get(kind=KIND)
    assert "尚有推荐未上报或名额未报满" in item.summary and rnd.title in item.summary
    assert item.due_at.date() == soon

    n = _draft(staff, rnd, medal, make_member, tree)
    assert items() == ["兰州市总工会", "兰州甲公司工会"]
    # One per round and union, however many drafts.
    _draft(staff, rnd, medal, make_member, tree, name="王芳")
    assert items() == ["兰州市总工会", "兰州甲公司工会"]
    assert RoundUnion.objects.filter(round=rnd).count() == 2

    nomination_submit(actor=staff.base_admin, nomination=n)
    assert items() == ["兰州市总工会", "兰州甲公司工会"]  # the second draft is still there
    second = rnd.nominations.get(name="王芳")
    nomination_submit(actor=staff.base_admin, nomination=second)
    assert items() == ["兰州市总工会"]

    # 兰州 gives 城关 two places: 城关 is behind until it has sent both on.
    quota_set(actor=staff.city_admin, round=rnd, honor_type=medal, org=tree.chengguan, places=2)
    assert items() == ["兰州市总工会", "城关区总工会"]
    nomination_approve(actor=staff.county_admin, nomination=n)
    assert items() == ["兰州市总工会", "城关区总工会"]
    nomination_approve(actor=staff.county_admin, nomination=second)
    assert items() == ["兰州市总工会"]
    nomination_approve(actor=staff.city_admin, nomination=n)
    assert items() == ["兰州市总工会"]


def test_no_item_when_the_deadline_is_far_or_past_or_the_round_moved_on(
    staff, province_admin, medal, make_member, tree
):
    far = open_round(province_admin, medal, tree)  # deadlines 10+ days away
    _draft(staff, far, medal, make_member, tree)
    assert items() == []

    soon = add_working_days(today(), 1)
    rnd = open_round(province_admin, medal, tree, deadlines={"city": soon, "base": later(30)})
    assert items() == ["兰州市总工会"]
    deadline = rnd.deadlines.get(step="city")
    deadline.due = later(-1)
    deadline.save()
    rebuild([KIND])  # the daily rebuild drops what passed
    assert items() == []


def test_the_round_leaving_the_open_state_clears_its_items(
    staff, province_admin, medal, make_member, tree
):
    soon = add_working_days(today(), 3)
    rnd = open_round(province_admin, medal, tree, deadlines={"city": soon})
    n = nominate(
        actor=staff.base_admin,
        round=rnd,
        honor_type=medal,
        member=make_member(tree.base_a),
        front_line=True,
        deeds="事迹",
    )
    for actor in (staff.county_admin, staff.city_admin, province_admin):
        nomination_approve(actor=actor, nomination=n)
    assert items() == ["兰州市总工会"]  # 1 of 6 places sent
    publicity_start(actor=province_admin, round=rnd)
    assert items() == []
