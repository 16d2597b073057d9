"""The 待办 items of hardship assistance: after each action of the archive workflow, of the
超限救助 requests, help measures and 金秋助学 grants, the inbox of every affected user is right
(and the autouse check of conftest compares the whole table with the kinds after each test)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.assistance.codes import Measure
from gonghui.assistance.models import GrantStatus, MeasureStatus
from gonghui.assistance.services.aid import (
    aid_cap_set,
    aid_exception_decide,
    aid_exception_request,
    measure_add,
    measure_update_status,
)
from gonghui.assistance.services.archives import (
    archive_complete_notice,
    archive_exit,
    archive_final_review,
    archive_first_review,
    objection_record,
    objection_resolve,
)
from gonghui.assistance.services.campaigns import grant_review
from gonghui.assistance.services.campaigns.grants import GRANT_DECIDED
from gonghui.assistance.services.inbox import (
    ARCHIVE_DECIDED,
    ARCHIVED,
    FINAL_PASSED,
    FINAL_REJECTED,
    FIRST_PASSED,
    FIRST_REJECTED,
    OBJECTION_UPHELD,
)
from gonghui.assistance.tests.conftest import today
from gonghui.assistance.tests.test_archive_services import apply, visit
from gonghui.assistance.tests.test_grant_services import apply as grant_apply
from gonghui.conftest import _add
from gonghui.inbox.selectors import check_items, inbox_count, visible_items
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.orgs.models import OrgType
from gonghui.workcalendar.selectors import end_of_day


def items(user) -> list[tuple[str, str]]:
    """(kind, link) of the user's assistance items."""
    return sorted(
        visible_items(user).filter(kind__startswith="assistance.").values_list("kind", "link")
    )


def link(archive) -> str:
    return reverse("assistance:archive_detail", args=[archive.pk])


def title(step: str, name: str) -> str:
    return ARCHIVE_DECIDED.format(step=step, name=name)


def decided(org) -> list[str]:
    return list(
        Notification.objects.filter(recipient_org=org, kind=NotificationKind.DECIDED)
        .order_by("pk")
        .values_list("title", flat=True)
    )


def test_an_archive_moves_from_the_township_to_the_county_and_closes(
    tree, staff, township_admin, make_member
):
    archive = apply(staff, make_member(tree.base_a, name="赵困难"))
    # 初审 waits for the township above the base union: its admin, nobody else.
    assert items(township_admin) == [("assistance.first_review", link(archive))]
    for user in (staff.base_admin, staff.county_admin, staff.county_staff, staff.sibling_admin):
        assert items(user) == []
    arrived = Notification.objects.get(kind=NotificationKind.WORK)
    assert arrived.recipient_org_id == tree.donggang.pk and "赵困难" in arrived.body
    assert check_items() == []

    archive_first_review(actor=township_admin, archive=archive, approved=True, visit=visit())
    assert items(township_admin) == []
    assert items(staff.county_admin) == [("assistance.final_review", link(archive))]
    assert items(staff.county_auditor) == [] and items(staff.city_admin) == []
    assert Notification.objects.filter(
        kind=NotificationKind.WORK, recipient_org=tree.chengguan
    ).exists()
    assert decided(tree.base_a) == [title(FIRST_PASSED, "赵困难")]
    assert check_items() == []

    archive = archive_final_review(
        actor=staff.county_admin, archive=archive, approved=True, today=date(2026, 9, 29)
    )
    assert items(staff.county_admin) == [("assistance.notice_end", link(archive))]
    item = visible_items(staff.county_admin).get()
    # 公示 2026-09-30 … 10-12: the county confirms on the first working day after it.
    assert item.due_at == end_of_day(date(2026, 10, 13))
    assert "公示至 2026-10-12" in item.summary
    assert decided(tree.base_a)[-1] == title(FINAL_PASSED, "赵困难")
    assert check_items() == []

    objection = objection_record(
        actor=staff.county_admin, archive=archive, content="有两套房", received_on=date(2026, 10, 9)
    )
    # An open objection comes first: the 公示 cannot be closed before it is verified.
    assert items(staff.county_admin) == [("assistance.objection", link(archive))]
    assert visible_items(staff.county_admin).get().due_at == end_of_day(date(2026, 10, 12))
    assert check_items() == []

    objection_resolve(
        actor=staff.county_admin, objection=objection, upheld=False, resolution="不实"
    )
    assert items(staff.county_admin) == [("assistance.notice_end", link(archive))]
    assert check_items() == []

    archive_complete_notice(actor=staff.county_admin, archive=archive, today=date(2026, 10, 13))
    for user in (township_admin, staff.county_admin, staff.base_admin):
        assert items(user) == []
    assert decided(tree.base_a)[-1] == title(ARCHIVED, "赵困难")
    assert check_items() == []


def test_an_upheld_objection_closes_every_item_of_the_archive(
    tree, staff, township_admin, make_member
):
    archive = apply(staff, make_member(tree.base_a))
    archive_first_review(actor=township_admin, archive=archive, approved=True, visit=visit())
    archive = archive_final_review(
        actor=staff.county_admin, archive=archive, approved=True, today=date(2026, 9, 29)
    )
    first = objection_record(
        actor=staff.county_admin, archive=archive, content="一", received_on=date(2026, 10, 8)
    )
    objection_record(
        actor=staff.county_admin, archive=archive, content="二", received_on=date(2026, 10, 9)
    )
    assert inbox_count(staff.county_admin) == 2
    objection_resolve(actor=staff.county_admin, objection=first, upheld=True, resolution="属实")
    # The archive is rejected: the other objection has nothing left to verify.
    assert inbox_count(staff.county_admin) == 0
    assert decided(tree.base_a)[-1] == title(OBJECTION_UPHELD, archive.member.name)
    assert check_items() == []


def test_rejections_close_the_item_and_tell_the_union(tree, staff, township_admin, make_member):
    archive = apply(staff, make_member(tree.base_a, name="钱困难"))
    archive_first_review(
        actor=township_admin, archive=archive, approved=False, opinion="收入超标", visit=visit()
    )
    assert items(township_admin) == [] and items(staff.county_admin) == []
    assert decided(tree.base_a) == [title(FIRST_REJECTED, "钱困难")]
    assert Notification.objects.get(title=title(FIRST_REJECTED, "钱困难")).body == "收入超标"

    other = apply(staff, make_member(tree.base_b), actor=township_admin)
    archive_first_review(actor=township_admin, archive=other, approved=True, visit=visit())
    archive_final_review(actor=staff.county_admin, archive=other, approved=False, opinion="不符")
    assert items(staff.county_admin) == []
    assert decided(tree.base_b)[-1] == title(FINAL_REJECTED, other.member.name)
    assert check_items() == []


def test_without_a_township_the_county_does_the_first_review(tree, staff, make_member):
    direct = _add(tree.chengguan, "城关直属公司工会", OrgType.BASE)
    archive = apply(staff, make_member(direct), actor=staff.county_admin)
    assert items(staff.county_admin) == [("assistance.first_review", link(archive))]
    archive_first_review(actor=staff.county_admin, archive=archive, approved=True, visit=visit())
    assert items(staff.county_admin) == [("assistance.final_review", link(archive))]
    assert decided(direct) == [title(FIRST_PASSED, archive.member.name)]
    assert check_items() == []


def test_aid_exception_waits_for_the_approver(
    tree, staff, township_admin, make_member, make_archive
):
    archive = make_archive(make_member(tree.base_a, name="孙困难"))
    year = today().year
    aid_cap_set(actor=staff.sysadmin, org=None, year=year, amount=Decimal("100"))
    exception = aid_exception_request(
        actor=staff.base_admin, archive=archive, year=year, extra_amount=Decimal("50"), reason="病"
    )
    decide = reverse("assistance:aid_exception_decide", args=[exception.pk])
    assert items(township_admin) == [("assistance.aid_exception", decide)]
    assert items(staff.base_admin) == [] and items(staff.county_admin) == []
    assert "孙困难" in visible_items(township_admin).get().summary
    assert Notification.objects.get(recipient_org=tree.donggang).kind == NotificationKind.WORK
    assert check_items() == []

    aid_exception_decide(actor=township_admin, exception=exception, approved=True)
    assert items(township_admin) == []
    to_requester = Notification.objects.get(recipient_user=staff.base_admin)
    assert to_requester.kind == NotificationKind.DECIDED
    assert check_items() == []


def test_help_measures_wait_for_their_responsible_union(
    tree, staff, make_user, make_member, make_archive
):
    archive = make_archive(make_member(tree.base_a, name="周困难"))
    base_b_admin = make_user("base_b_admin", tree.base_b, ROLE_UNION_ADMIN)
    target = date(2026, 12, 31)
    measure = measure_add(
        actor=staff.county_admin,
        archive=archive,
        kind=Measure.EMPLOYMENT,
        content="推荐就业岗位",
        responsible_org=tree.base_b,
        target_date=target,
    )
    plan = reverse("assistance:aid_plan", args=[archive.pk])
    assert items(base_b_admin) == [("assistance.measure", plan)]
    assert items(staff.base_admin) == []
    assert visible_items(base_b_admin).get().due_at == end_of_day(target)
    assert Notification.objects.get(kind=NotificationKind.WORK).recipient_org_id == tree.base_b.pk

    measure_update_status(actor=staff.base_admin, measure=measure, status=MeasureStatus.ACTIVE)
    assert "实施中" in visible_items(base_b_admin).get().summary
    assert check_items() == []
    measure_update_status(actor=staff.base_admin, measure=measure, status=MeasureStatus.DONE)
    assert items(base_b_admin) == []
    assert check_items() == []

    # A measure still open when the household leaves hardship is no longer anybody's work.
    measure_add(
        actor=staff.county_admin,
        archive=archive,
        kind=Measure.SECURITY,
        content="办理低保",
        responsible_org=tree.base_b,
        target_date=target,
    )
    assert inbox_count(base_b_admin) == 1
    archive_exit(
        actor=staff.county_admin,
        archive=archive,
        reason="已就业",
        evidence="劳动合同",
    )
    assert inbox_count(base_b_admin) == 0
    assert check_items() == []


def test_grant_waits_for_the_county_and_the_decision_goes_back(
    tree, staff, make_member, make_archive
):
    archive = make_archive(make_member(tree.base_a))
    grant = grant_apply(staff.base_admin, archive)
    detail = reverse("assistance:grant_detail", args=[grant.pk])
    assert items(staff.county_admin) == [("assistance.grant_review", detail)]
    assert items(staff.base_admin) == [] and items(staff.sibling_admin) == []
    assert check_items() == []
    grant_review(actor=staff.county_admin, grant=grant, approved=True, amount="3000")
    assert items(staff.county_admin) == []
    assert decided(tree.base_a) == [
        GRANT_DECIDED.format(status=GrantStatus.APPROVED.label, name=grant.student.name)
    ]
    assert check_items() == []


@pytest.mark.raw_inbox_writes
def test_rebuild_restores_what_raw_writes_lost(tree, staff, township_admin, make_member):
    from gonghui.inbox.models import OpenItem
    from gonghui.inbox.services import rebuild

    archive = apply(staff, make_member(tree.base_a))
    OpenItem.objects.all().delete()
    assert check_items() == [f"assistance.first_review {archive.pk}: 缺少"]
    rebuild()
    assert items(township_admin) == [("assistance.first_review", link(archive))]
    assert check_items() == []
    assert isinstance(visible_items(township_admin).get().opened_at, datetime)
