"""Hotline reads: each user sees the cases held in their subtree; agents see their centre's."""

import pytest

from gonghui.accounts.permissions import ROLE_AGENT, Perm
from gonghui.audit.models import AuditLog
from gonghui.core.errors import NotFound
from gonghui.hotline import selectors, services
from gonghui.hotline.codes import CaseStatus
from gonghui.hotline.models import Case
from gonghui.hotline.tests.conftest import beijing, intake

END = (23, 59, 59, 999999)


@pytest.fixture
def cases(agent, tree):
    """One case waiting at the call centre and one held by each of four unions."""

    def held_by(org):
        case = intake(agent)
        return services.case_dispatch(
            actor=agent, case=case, to_org=org, expected_version=case.version
        )

    return {
        "queue": intake(agent),
        "chengguan": held_by(tree.chengguan),
        "donggang": held_by(tree.donggang),
        "qilihe": held_by(tree.qilihe),
        "qinzhou": held_by(tree.qinzhou),
    }


def visible(user) -> set[str]:
    return {case.number for case in selectors.case_list(user=user)}


def numbers(cases, *names) -> set[str]:
    return {cases[name].number for name in names}


def test_each_union_sees_the_cases_held_in_its_subtree(staff, cases):
    assert visible(staff.county_admin) == numbers(cases, "chengguan", "donggang")
    assert visible(staff.city_admin) == numbers(cases, "chengguan", "donggang", "qilihe")
    assert visible(staff.tianshui_admin) == numbers(cases, "qinzhou")
    assert visible(staff.base_admin) == set()
    assert visible(staff.sysadmin) == set(numbers(cases, *cases))


def test_agents_see_every_case_of_their_call_centre(agent, tree, make_user, cases):
    # An agent account placed in a department below the province still works the whole queue.
    desk = make_user("desk_agent", tree.lanzhou, ROLE_AGENT)
    assert visible(agent) == visible(desk) == set(numbers(cases, *cases))


def test_filters_by_status_and_org(staff, cases, tree):
    services.case_accept(actor=staff.county_admin, case=cases["chengguan"], expected_version=2)
    assert {c.number for c in selectors.case_list(user=staff.city_admin, status="accepted")} == (
        numbers(cases, "chengguan")
    )
    by_org = selectors.case_list(user=staff.city_admin, org=tree.chengguan)
    assert {c.number for c in by_org} == numbers(cases, "chengguan", "donggang")
    # an org outside the user's scope narrows to nothing rather than widening
    assert not selectors.case_list(user=staff.county_admin, org=tree.qinzhou).exists()


@pytest.mark.raw_inbox_writes  # deadlines set by raw writes
def test_overdue_filter_and_queue(staff, cases):
    now = beijing(2026, 9, 30, 10, 0)
    Case.objects.filter(pk=cases["chengguan"].pk).update(deadline=beijing(2026, 9, 29, *END))
    Case.objects.filter(pk=cases["donggang"].pk).update(
        deadline=beijing(2026, 9, 29, *END), status=CaseStatus.CLOSED
    )
    Case.objects.exclude(pk__in=[cases["chengguan"].pk, cases["donggang"].pk]).update(
        deadline=beijing(2026, 10, 20, *END)
    )
    late = selectors.case_list(user=staff.city_admin, overdue=True, now=now)
    assert {c.number for c in late} == numbers(cases, "chengguan")
    on_time = selectors.case_list(user=staff.city_admin, overdue=False, now=now)
    assert {c.number for c in on_time} == numbers(cases, "donggang", "qilihe")
    assert [c.number for c in selectors.overdue(user=staff.city_admin, now=now)] == [
        cases["chengguan"].number
    ]
    assert cases["chengguan"].is_overdue(now) is False  # the instance still has its old deadline
    assert Case.objects.get(pk=cases["chengguan"].pk).is_overdue(now) is True


@pytest.mark.raw_inbox_writes  # deadlines set by raw writes
def test_due_within_one_working_day(staff, cases):
    # Wednesday 2026-09-30, eve of National Day: the next working day is 10-08.
    now = beijing(2026, 9, 30, 10, 0)
    deadlines = {
        "chengguan": beijing(2026, 9, 30, *END),
        "donggang": beijing(2026, 10, 8, *END),
        "qilihe": beijing(2026, 10, 9, *END),
        "queue": beijing(2026, 9, 29, *END),  # already overdue: the other queue
    }
    for name, deadline in deadlines.items():
        Case.objects.filter(pk=cases[name].pk).update(deadline=deadline)
    due = selectors.due_within_one_working_day(user=staff.sysadmin, now=now)
    assert [c.number for c in due] == [cases["chengguan"].number, cases["donggang"].number]


def test_access_by_number_in_scope(staff, cases):
    case = selectors.access_case_by_number(staff.county_admin, f" {cases['donggang'].number} ")
    assert case == cases["donggang"]


def test_access_by_number_out_of_scope_looks_missing_and_is_audited(staff, cases):
    with pytest.raises(NotFound) as out_of_scope:
        selectors.access_case_by_number(staff.county_admin, cases["qilihe"].number)
    with pytest.raises(NotFound) as missing:
        selectors.access_case_by_number(staff.county_admin, "12351-20260101-9999")
    assert out_of_scope.value.message == missing.value.message == selectors.CASE_NOT_FOUND
    rows = AuditLog.objects.filter(action="access.denied")
    assert [(r.actor, r.object_id, r.result) for r in rows] == [
        (staff.county_admin, str(cases["qilihe"].pk), "denied")
    ]


def test_timeline_in_order_with_who_and_where(agent, staff, cases, tree):
    case = services.case_accept(
        actor=staff.county_staff, case=cases["chengguan"], expected_version=2
    )
    services.case_note(actor=staff.county_staff, case=case, note="已联系企业", contact=False)
    rows = [(e.action, e.actor.username, e.actor_org.name) for e in selectors.case_timeline(case)]
    assert rows == [
        ("intake", "agent", "甘肃省总工会"),
        ("dispatch", "agent", "甘肃省总工会"),
        ("accept", "cg_staff", "城关区总工会"),
        ("note", "cg_staff", "城关区总工会"),
    ]


def test_case_list_is_one_query_whatever_the_number_of_cases(
    staff, cases, django_assert_num_queries
):
    # A request loads the user's org and permissions once, whatever the page.
    assert staff.sysadmin.org and staff.sysadmin.has_perm(Perm.HOTLINE_AGENT)
    with django_assert_num_queries(1):
        rows = [
            (c.number, c.holder.name, c.handler) for c in selectors.case_list(user=staff.sysadmin)
        ]
    assert len(rows) == len(cases)
