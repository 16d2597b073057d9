"""办理时限规则: the per-category override at intake, the service's checks and audit rows, the
undeletable defaults, the workbench pages and who may use them, and the read-only admin."""

import re
from datetime import date, time

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.audit.models import AuditLog
from gonghui.conftest import message_pattern
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.hotline import services
from gonghui.hotline.codes import Category, Complexity, RuleKind
from gonghui.hotline.models import DeadlineRule
from gonghui.hotline.tests.conftest import PHONE, beijing, intake

pytestmark = pytest.mark.django_db

RECEIVED = beijing(2026, 9, 30, 10, 0)  # 较难 by default: due at the end of 2026-10-13


def due_day(case) -> date:
    return timezone.localdate(case.deadline)


def set_rule(actor, **overrides):
    kwargs = dict(
        complexity=Complexity.HARD,
        category=Category.WAGES,
        kind=RuleKind.CALENDAR_DAYS,
        days=3,
        cutoff=None,
    )
    kwargs.update(overrides)
    return services.deadline_rule_set(actor=actor, **kwargs)


def default(complexity) -> DeadlineRule:
    return DeadlineRule.objects.get(complexity=complexity, category="")


# --- the rule at intake ---------------------------------------------------------------------


def test_a_category_rule_overrides_the_default_for_cases_received_afterwards(staff, tree):
    earlier = intake(staff.sysadmin, received_at=RECEIVED)
    set_rule(staff.sysadmin)
    wages = intake(staff.sysadmin, received_at=RECEIVED)
    contract = intake(staff.sysadmin, received_at=RECEIVED, category=Category.CONTRACT)
    assert due_day(wages) == date(2026, 10, 3)  # 3 calendar days, holiday or not
    assert due_day(contract) == date(2026, 10, 13)  # the default: 5th working day
    earlier.refresh_from_db()
    assert due_day(earlier) == date(2026, 10, 13)  # received before the change: unchanged


def test_a_case_keeps_its_rule_when_the_calendar_later_moves_its_deadline(
    staff, tree, django_capture_on_commit_callbacks
):
    """Rule changed after intake, then a calendar change touching the case: the deadline is
    recomputed under the rule the case was received with, not the new one."""
    from gonghui.workcalendar.services import calendar_day_set

    case = intake(staff.sysadmin, received_at=RECEIVED)  # 较难, 5 working days: 10-13
    set_rule(staff.sysadmin)  # wages now 3 calendar days
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(actor=staff.sysadmin, day=date(2026, 10, 12), kind="holiday", name="测试")
    case.refresh_from_db()
    assert case.deadline_terms == {"kind": RuleKind.WORKING_DAYS, "days": 5, "cutoff": None}
    assert due_day(case) == date(2026, 10, 14)  # still 5 working days, one more holiday


def test_changing_a_default_applies_to_every_category_without_its_own_rule(staff, tree):
    set_rule(staff.sysadmin, category="", kind=RuleKind.WORKING_DAYS, days=1)
    case = intake(staff.sysadmin, received_at=RECEIVED, category=Category.INJURY)
    assert due_day(case) == date(2026, 10, 8)  # the first working day after the holiday
    assert DeadlineRule.objects.filter(complexity=Complexity.HARD).count() == 1


def test_a_same_day_rule_with_its_own_cutoff(staff, tree):
    set_rule(
        staff.sysadmin,
        complexity=Complexity.SIMPLE,
        kind=RuleKind.SAME_DAY,
        days=0,
        cutoff=time(12, 0),
    )
    morning = intake(
        staff.sysadmin, complexity=Complexity.SIMPLE, received_at=beijing(2026, 9, 29, 11, 0)
    )
    afternoon = intake(
        staff.sysadmin, complexity=Complexity.SIMPLE, received_at=beijing(2026, 9, 29, 13, 0)
    )
    other = intake(
        staff.sysadmin,
        complexity=Complexity.SIMPLE,
        category=Category.POLICY,
        received_at=beijing(2026, 9, 29, 13, 0),
    )
    assert due_day(morning) == date(2026, 9, 29)
    assert due_day(afternoon) == date(2026, 9, 30)  # after 12:00: the next working day
    assert due_day(other) == date(2026, 9, 29)  # the default cutoff is 17:30


def test_deleting_a_category_rule_brings_back_the_default(staff, tree):
    rule = set_rule(staff.sysadmin)
    services.deadline_rule_delete(actor=staff.sysadmin, rule=rule)
    assert not DeadlineRule.objects.filter(pk=rule.pk).exists()
    assert due_day(intake(staff.sysadmin, received_at=RECEIVED)) == date(2026, 10, 13)


# --- the service's checks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"complexity": "easy"}, "complexity", services.RULE_COMPLEXITY_INVALID),
        ({"category": "pay"}, "category", services.RULE_CATEGORY_INVALID),
        ({"kind": "hours"}, "kind", services.RULE_KIND_INVALID),
        ({"days": 61}, "days", services.RULE_DAYS_INVALID),
        ({"days": -1}, "days", services.RULE_DAYS_INVALID),
        ({"days": "2.5"}, "days", services.RULE_DAYS_INVALID),
        ({"days": 0}, "days", services.RULE_DAYS_REQUIRED.format(kind="自然日")),
        (
            {"kind": RuleKind.WORKING_DAYS, "days": 0},
            "days",
            services.RULE_DAYS_REQUIRED.format(kind="工作日"),
        ),
        ({"kind": RuleKind.SAME_DAY, "days": 2}, "days", services.RULE_DAYS_SAME_DAY),
        (
            {"cutoff": time(17, 30)},
            "cutoff",
            services.RULE_CUTOFF_ONLY_SAME_DAY.format(kind="自然日"),
        ),
        ({"kind": RuleKind.SAME_DAY, "days": 0, "cutoff": "17:30"}, "cutoff", None),
    ],
)
def test_bad_rules_are_refused_in_chinese_and_change_nothing(staff, overrides, field, message):
    before = list(DeadlineRule.objects.values())
    with pytest.raises(ApplicationError) as exc:
        set_rule(staff.sysadmin, **overrides)
    assert exc.value.field == field
    assert exc.value.message == (message or services.RULE_CUTOFF_INVALID)
    assert list(DeadlineRule.objects.values()) == before
    assert not AuditLog.objects.filter(action__startswith="deadline_rule").exists()


def test_the_limits_are_accepted(staff):
    assert set_rule(staff.sysadmin, days=60).days == 60
    assert set_rule(staff.sysadmin, days=1, kind=RuleKind.WORKING_DAYS).days == 1
    rule = set_rule(staff.sysadmin, kind=RuleKind.SAME_DAY, days=0, cutoff=None)
    assert (rule.kind, rule.cutoff) == (RuleKind.SAME_DAY, None)


def test_the_defaults_cannot_be_deleted(staff):
    rule = default(Complexity.SIMPLE)
    with pytest.raises(ApplicationError) as exc:
        services.deadline_rule_delete(actor=staff.sysadmin, rule=rule)
    assert exc.value.message == services.RULE_DEFAULT_UNDELETABLE.format(rule="一般（默认）")
    assert DeadlineRule.objects.filter(pk=rule.pk).exists()
    assert not AuditLog.objects.filter(action="deadline_rule.delete").exists()


def test_only_the_system_administrator_keeps_the_rules_and_refusals_are_audited(staff, agent):
    for user in (staff.county_admin, staff.city_admin, agent):
        assert not user.has_perm(Perm.HOTLINE_RULES)
        with pytest.raises(Forbidden) as exc:
            set_rule(user)
        assert exc.value.message == services.RULES_DENIED
    with pytest.raises(Forbidden):
        services.deadline_rule_delete(actor=staff.county_admin, rule=set_rule(staff.sysadmin))
    assert DeadlineRule.objects.count() == 4
    denied = AuditLog.objects.filter(action="access.denied", object_repr="办理时限规则")
    assert denied.count() == 4
    assert {row.result for row in denied} == {"denied"}


def test_each_change_is_one_audit_row_with_labels(staff):
    rule = set_rule(staff.sysadmin)
    set_rule(staff.sysadmin)  # the same values again: nothing changes, nothing recorded
    set_rule(staff.sysadmin, kind=RuleKind.WORKING_DAYS, days=7)
    services.deadline_rule_delete(actor=staff.sysadmin, rule=rule)
    rows = list(AuditLog.objects.filter(action__startswith="deadline_rule").order_by("id"))
    assert [(r.action, r.actor, r.object_id) for r in rows] == [
        ("deadline_rule.set", staff.sysadmin, str(rule.pk)),
        ("deadline_rule.set", staff.sysadmin, str(rule.pk)),
        ("deadline_rule.delete", staff.sysadmin, str(rule.pk)),
    ]
    assert rows[0].changes == {
        "rule": "较难（劳动报酬（欠薪））",
        "kind": "自然日",
        "days": 3,
        "cutoff": "",
    }
    assert rows[1].changes == {
        "rule": "较难（劳动报酬（欠薪））",
        "kind": ["自然日", "工作日"],
        "days": [3, 7],
    }
    assert rows[2].changes["days"] == 7


# --- the workbench pages --------------------------------------------------------------------


def url(name, rule=None):
    return reverse(f"hotline_rules:{name}", kwargs={"pk": rule.pk} if rule else None)


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff.sysadmin)
    return client


def test_the_list_shows_every_rule_in_words_and_the_notice(admin_client, staff):
    set_rule(staff.sysadmin)
    page = admin_client.get(url("list")).content.decode()
    assert "办理时限规则" in page
    assert "受理当日办结；17:30 以后或非工作日受理的，下一工作日办结" in page
    assert "受理后第 5 个工作日内办结" in page
    assert "受理后第 3 个自然日内办结" in page
    assert "只影响此后受理" in page
    # Only the category rule has a delete button.
    assert page.count("btn-danger") == 1


def test_add_a_rule_through_the_form(admin_client):
    response = admin_client.post(
        url("add"),
        {"complexity": "hard", "category": "wages", "kind": "calendar_days", "days": "3"},
    )
    assert response.status_code == 302, response.content.decode()
    assert response.url == url("list")
    rule = DeadlineRule.objects.get(complexity="hard", category="wages")
    assert (rule.kind, rule.days, rule.cutoff) == ("calendar_days", 3, None)


def test_the_form_shows_the_services_message_beside_the_field(admin_client):
    response = admin_client.post(
        url("add"),
        {"complexity": "hard", "category": "wages", "kind": "same_day", "days": "3"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"days": [services.RULE_DAYS_SAME_DAY]}
    assert not DeadlineRule.objects.filter(category="wages").exists()
    bad_time = admin_client.post(
        url("add"), {"complexity": "simple", "kind": "same_day", "days": "0", "cutoff": "5点半"}
    )
    assert bad_time.context["form"].errors == {"cutoff": [services.RULE_CUTOFF_INVALID]}


def test_editing_keeps_the_complexity_and_category(admin_client):
    rule = default(Complexity.SIMPLE)
    page = admin_client.get(url("edit", rule))
    assert page.status_code == 200
    response = admin_client.post(
        url("edit", rule),
        # A tampered complexity and category are ignored: the fields are disabled.
        {
            "complexity": "complex",
            "category": "wages",
            "kind": "same_day",
            "days": "0",
            "cutoff": "18:00",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.complexity, rule.category, rule.cutoff) == ("simple", "", time(18, 0))
    assert DeadlineRule.objects.count() == 3


def test_delete_asks_first_and_defaults_have_no_delete(admin_client, staff):
    rule = set_rule(staff.sysadmin)
    confirm = admin_client.get(url("delete", rule)).content.decode()
    assert "确认删除「较难（劳动报酬（欠薪））」" in confirm
    assert "受理后第 5 个工作日内办结" in confirm  # what the category falls back to
    assert DeadlineRule.objects.filter(pk=rule.pk).exists()
    assert admin_client.post(url("delete", rule)).status_code == 302
    assert not DeadlineRule.objects.filter(pk=rule.pk).exists()

    basic = default(Complexity.HARD)
    page = admin_client.get(url("delete", basic)).content.decode()
    assert "是默认规则，不能删除" in page and "确认删除" not in page
    response = admin_client.post(url("delete", basic), follow=True)
    assert re.search(
        message_pattern(services.RULE_DEFAULT_UNDELETABLE, whole=False), response.content.decode()
    )
    assert DeadlineRule.objects.filter(pk=basic.pk).exists()


def test_pages_are_403_for_everyone_but_the_system_administrator(client, staff, agent):
    rule = set_rule(staff.sysadmin)
    for user in (staff.county_admin, agent):
        client.force_login(user)
        for name, target in (("list", None), ("add", None), ("edit", rule), ("delete", rule)):
            assert client.get(url(name, target)).status_code == 403, (user, name)
        assert client.post(url("delete", rule)).status_code == 403
        assert "办理时限规则" not in client.get(reverse("hotline:queue")).content.decode()
    assert DeadlineRule.objects.filter(pk=rule.pk).exists()
    client.logout()
    assert client.get(url("list")).status_code == 302  # to the login page


def test_the_nav_links_to_the_page_for_the_system_administrator(admin_client):
    page = admin_client.get(reverse("hotline:queue")).content.decode()
    assert f'href="{url("list")}"' in page


# --- the Django admin -----------------------------------------------------------------------


def test_admin_shows_rules_and_cases_read_only_with_caller_data_masked(client, staff, tree):
    from gonghui.accounts.models import User

    case = intake(staff.sysadmin, received_at=RECEIVED)
    root = User.objects.create_superuser(username="root", password="Root@pass2026")
    client.force_login(root)
    for path in (
        "/admin/hotline/deadlinerule/",
        f"/admin/hotline/deadlinerule/{default(Complexity.HARD).pk}/change/",
        "/admin/hotline/case/",
        f"/admin/hotline/case/{case.pk}/change/",
        "/admin/hotline/caseevent/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert PHONE not in text and "李建国" not in text, path
    detail = client.get(f"/admin/hotline/case/{case.pk}/change/").content.decode()
    assert "139****4321" in detail
    assert client.get("/admin/hotline/deadlinerule/add/").status_code == 403
    assert client.get("/admin/hotline/case/add/").status_code == 403
