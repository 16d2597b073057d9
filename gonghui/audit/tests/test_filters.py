"""The 审计日志 page's filters: dates in local time (inclusive), actor, every action, object
type, result; bad input says what is wrong and lists nothing; scope holds under every filter."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.audit.filters import CHOICE_INVALID, DATE_INVALID
from gonghui.audit.forms import DATE_RANGE_REVERSED
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.audit.registry import LABELS
from gonghui.audit.services import audit_record
from gonghui.audit.views import FILTERS_INVALID
from gonghui.core.context import client_ip

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def listed(client, **params) -> list[AuditLog]:
    response = client.get(reverse("audit:list"), params)
    assert response.status_code == 200
    return list(response.context["page_obj"])


def at_local(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def auditor(client, staff):
    client.force_login(staff.county_auditor)
    return staff.county_auditor


def row_at(staff, tree, when: datetime, action: str = "org.update") -> AuditLog:
    return AuditLog.objects.create(
        at=when,
        actor=staff.county_admin,
        actor_username=staff.county_admin.username,
        actor_org=tree.chengguan,
        org_path=tree.base_a.path,
        action=action,
        object_type="org",
        object_id=str(tree.base_a.pk),
        object_repr=tree.base_a.name,
    )


def test_a_date_range_is_inclusive_in_local_time(client, auditor, staff, tree):
    before = row_at(staff, tree, at_local(2026, 4, 30, 23, 59))
    late_on_first = row_at(staff, tree, at_local(2026, 5, 1, 23, 30))  # 15:30 UTC, 1 May
    early_on_second = row_at(staff, tree, at_local(2026, 5, 2, 0, 10))  # 16:10 UTC, 1 May
    one_day = listed(client, start="2026-05-01", end="2026-05-01")
    assert [r.pk for r in one_day] == [late_on_first.pk]
    assert [r.pk for r in listed(client, start="2026-05-02")][-1] == early_on_second.pk
    assert before.pk not in [r.pk for r in listed(client, start="2026-05-01")]
    assert [r.pk for r in listed(client, end="2026-04-30")] == [before.pk]


def test_the_actor_matches_part_of_a_username_or_a_name(client, auditor, staff, tree):
    staff.county_staff.full_name = "李娜"
    staff.county_staff.save(update_fields=["full_name"])
    audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a, org=tree.base_a)
    audit_record(actor=staff.county_staff, action="org.update", obj=tree.base_b, org=tree.base_b)
    assert {r.actor_username for r in listed(client, username="李")} == {"cg_staff"}
    assert {r.actor_username for r in listed(client, username="ADMIN")} == {"cg_admin"}
    assert listed(client, username="nobody") == []


def test_every_declared_action_is_offered_grouped_by_app(client, auditor):
    response = client.get(reverse("audit:list"))
    field = response.context["form"].fields["action"]
    offered = {code for _, group in field.choices[1:] for code, _ in group}
    assert offered == set(LABELS)
    page = response.content.decode()
    members = page[page.index('<optgroup label="会员">') :]
    members = members[: members.index("</optgroup>")]
    assert '<option value="member.create">会员入会</option>' in members
    assert '<option value="audit.export">导出审计日志</option>' in page


def test_filters_by_action_object_type_and_result(client, auditor, staff, tree, make_member):
    member = make_member(tree.base_a, actor=staff.county_admin)
    audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a, org=tree.base_a)
    audit_record(
        actor=staff.county_staff,
        action="member.unmask",
        obj=member,
        org=member.org,
        result=AuditResult.DENIED,
    )
    assert {r.action for r in listed(client, action="member.create")} == {"member.create"}
    assert {r.object_type for r in listed(client, object_type="org")} == {"org"}
    denied = listed(client, result="denied")
    assert [(r.action, r.result) for r in denied] == [("member.unmask", "denied")]
    both = listed(client, object_type="member", result="success")
    assert [r.action for r in both] == ["member.create"]


def test_scope_holds_under_every_filter(client, auditor, staff, tree):
    audit_record(actor=staff.sibling_admin, action="org.update", obj=tree.base_c, org=tree.base_c)
    audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a, org=tree.base_a)
    for params in ({}, {"action": "org.update"}, {"object_type": "org"}, {"username": "qlh"}):
        assert "qlh_admin" not in {r.actor_username for r in listed(client, **params)}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"start": "2026-13-45"}, DATE_INVALID),
        ({"end": "昨天"}, DATE_INVALID),
        ({"start": "2026-05-02", "end": "2026-05-01"}, DATE_RANGE_REVERSED),
        ({"action": "nope"}, CHOICE_INVALID["action"] % {"value": "nope"}),
        ({"object_type": "<b>"}, CHOICE_INVALID["object_type"] % {"value": "<b>"}),
        ({"result": "ok"}, CHOICE_INVALID["result"] % {"value": "ok"}),
    ],
)
def test_bad_filters_say_what_is_wrong_and_list_nothing(
    client, auditor, staff, tree, params, message
):
    audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a, org=tree.base_a)
    response = client.get(reverse("audit:list"), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert FILTERS_INVALID in page
    assert (message.replace("<", "&lt;").replace(">", "&gt;")) in page
    assert list(response.context["page_obj"]) == []
    # What was typed stays in the form.
    form = response.context["form"]
    assert all(form.data.get(name) == value for name, value in params.items())


@pytest.mark.parametrize(
    "params",
    [
        {"start": "0001-01-01", "end": "9999-12-31"},
        {"start": "9999-12-31"},
        {"username": "x" * 500},
        {"page": "999999"},
        {"page": "-1"},
    ],
)
def test_extreme_input_never_fails_the_page(client, auditor, staff, tree, params):
    audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a, org=tree.base_a)
    assert client.get(reverse("audit:list"), params).status_code == 200


def test_the_widest_range_lists_everything(client, auditor, staff, tree):
    audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a, org=tree.base_a)
    everything = listed(client)
    assert any(r.action == "org.update" for r in everything)
    assert listed(client, start="0001-01-01", end="9999-12-31") == everything


def test_the_ip_is_shown_on_every_row_that_has_one(client, auditor, staff, tree):
    token = client_ip.set("10.20.30.40")
    try:
        audit_record(actor=staff.county_admin, action="org.update", obj=tree.base_a)
    finally:
        client_ip.reset(token)
    audit_record(actor=staff.county_admin, action="org.create", obj=tree.base_b)
    page = client.get(reverse("audit:list")).content.decode()
    table = page[page.index('id="audit-table"') :]
    assert table.count("10.20.30.40") == 1


def test_the_list_costs_the_same_queries_for_3_or_30_rows(client, auditor, staff, tree, settings):
    settings.MEMBERS_PAGE_SIZE = 50

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("audit:list"), {"action": "org.update"})
        assert response.status_code == 200
        return len(captured)

    def write(n):
        for _ in range(n):
            audit_record(
                actor=staff.county_admin, action="org.update", obj=tree.base_a, org=tree.base_a
            )

    write(3)
    queries()  # warm: the session's once-a-minute save and the user's kept permissions
    few = queries()
    write(27)
    assert queries() == few
