import re
from datetime import timedelta
from decimal import Decimal

import pytest

from gonghui.assistance.codes import AidForm, ArchiveStatus, FundSource, Measure
from gonghui.assistance.metrics import archive_state, stats_archive_changed
from gonghui.assistance.models import (
    AidCap,
    AidException,
    AidRecord,
    ExceptionStatus,
    MeasureNote,
    MeasureStatus,
)
from gonghui.assistance.selectors.aid import applicable_cap, household_cap_status
from gonghui.assistance.services import aid as services
from gonghui.assistance.services.aid import (
    aid_cap_remove,
    aid_cap_set,
    aid_exception_decide,
    aid_exception_request,
    measure_add,
    measure_note_add,
    measure_update_status,
)
from gonghui.assistance.services.aid.common import (
    AMOUNT_INVALID,
    CAP_EXCEEDED,
    EXCEPTION_DECIDED,
    EXCEPTION_MISMATCH,
    EXCEPTION_NOT_APPROVER,
    EXCEPTION_PENDING,
    EXCEPTION_SELF,
    GOODS_REQUIRED,
    MEASURE_CONTENT_REQUIRED,
    MEASURE_DROP_REASON,
    MEASURE_KIND_INVALID,
    MEASURE_STATUS_STEP,
    NO_CAP,
    NO_PARENT,
    NOT_ARCHIVED,
    NOTE_REQUIRED,
    OPINION_REQUIRED,
    PAID_BEFORE_ARCHIVED,
    PAID_ON_FUTURE,
    REASON_REQUIRED,
    RESPONSIBLE_ORG_INVALID,
    TARGET_DATE_PAST,
    YEAR_INVALID,
)
from gonghui.assistance.tests.conftest import pay, today
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.conftest import message_pattern
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.metrics.models import OrgStat


@pytest.fixture
def archive(tree, make_member, make_archive):
    return make_archive(make_member(tree.base_a, name="李困难"))


def stat(org, metric, period):
    row = OrgStat.objects.filter(org=org, metric=metric, period=period).first()
    return row.value if row else 0


# --- yearly cap ---------------------------------------------------------------------------------


def test_payment_exactly_at_the_cap_passes_and_one_fen_more_is_refused(staff, archive):
    aid_cap_set(actor=staff.sysadmin, org=None, year=today().year, amount=Decimal("3000"))
    pay(staff.base_admin, archive, "1000.00")
    pay(staff.base_admin, archive, "2000.00")  # exactly at the cap
    with pytest.raises(ApplicationError) as exc:
        pay(staff.base_admin, archive, "0.01")
    message = exc.value.message
    assert exc.value.code == "cap_exceeded"
    assert "3000.00" in message and "已发放 3000.00" in message and "还可发放 0.00" in message
    assert "申请超限救助" in message
    assert AidRecord.objects.filter(archive=archive).count() == 2


def test_refusal_states_what_is_left(staff, archive):
    aid_cap_set(actor=staff.sysadmin, org=None, year=today().year, amount=Decimal("1000"))
    pay(staff.base_admin, archive, "600")
    with pytest.raises(ApplicationError, match="还可发放 400.00 元，本次 400.01 元"):
        pay(staff.base_admin, archive, "400.01")
    pay(staff.base_admin, archive, "400")


def test_no_cap_means_no_limit(staff, archive):
    assert not household_cap_status(archive, today().year).limited
    pay(staff.base_admin, archive, "99999.00")
    assert household_cap_status(archive, today().year).paid == Decimal("99999.00")


def test_nearest_cap_wins(tree, staff):
    year = today().year
    aid_cap_set(actor=staff.sysadmin, org=None, year=year, amount=Decimal("1000"))
    aid_cap_set(actor=staff.city_admin, org=tree.lanzhou, year=year, amount=Decimal("3000"))
    aid_cap_set(actor=staff.base_admin, org=tree.base_a, year=year, amount=Decimal("2000"))
    aid_cap_set(actor=staff.sysadmin, org=None, year=year - 1, amount=Decimal("9000"))
    assert applicable_cap(tree.base_a, year).amount == Decimal("2000")
    assert applicable_cap(tree.base_b, year).amount == Decimal("3000")
    assert applicable_cap(tree.base_c, year).amount == Decimal("3000")
    assert applicable_cap(tree.base_d, year).amount == Decimal("1000")
    assert applicable_cap(tree.base_d, year - 1).amount == Decimal("9000")
    assert applicable_cap(tree.base_d, year - 2) is None


def test_cap_counts_every_period_of_the_household(tree, staff, make_member, make_archive):
    """A household that left and re-entered in the same year keeps one yearly cap."""
    member = make_member(tree.base_a)
    aid_cap_set(actor=staff.sysadmin, org=None, year=today().year, amount=Decimal("1000"))
    first = make_archive(member)
    pay(staff.base_admin, first, "800")
    before = archive_state(first)
    first.status, first.exited_on = ArchiveStatus.EXITED, today()
    first.save()
    stats_archive_changed(before=before, after=first)
    second = make_archive(member, period=2, previous=first)
    with pytest.raises(ApplicationError, match="已发放 800.00"):
        pay(staff.base_admin, second, "300")
    pay(staff.base_admin, second, "200")


def test_cap_set_scope_and_default(tree, staff):
    year = today().year
    with pytest.raises(Forbidden):
        aid_cap_set(actor=staff.county_admin, org=None, year=year, amount=Decimal("1"))
    with pytest.raises(Forbidden):
        aid_cap_set(actor=staff.county_admin, org=tree.qilihe, year=year, amount=Decimal("1"))
    assert (
        AuditLog.objects.filter(
            action="access.denied", actor=staff.county_admin, result=AuditResult.DENIED
        ).count()
        == 2
    )
    cap = aid_cap_set(actor=staff.county_admin, org=tree.chengguan, year=year, amount=Decimal("5"))
    aid_cap_set(actor=staff.county_admin, org=tree.chengguan, year=year, amount=Decimal("6.5"))
    cap.refresh_from_db()
    assert cap.amount == Decimal("6.50") and AidCap.objects.count() == 1
    assert AuditLog.objects.filter(action="aid.cap_set").count() == 2
    with pytest.raises(ApplicationError, match=message_pattern(YEAR_INVALID)):
        aid_cap_set(actor=staff.county_admin, org=tree.chengguan, year=1999, amount=Decimal("5"))
    with pytest.raises(ApplicationError) as refused:
        aid_cap_set(actor=staff.county_admin, org=tree.chengguan, year=year, amount=Decimal("0"))
    assert refused.value.message == AMOUNT_INVALID
    with pytest.raises(Forbidden):
        aid_cap_remove(actor=staff.sibling_admin, cap=cap)
    aid_cap_remove(actor=staff.county_admin, cap=cap)
    assert not AidCap.objects.exists()


# --- exceptions ---------------------------------------------------------------------------------


def test_exception_covers_the_excess_only_after_approval(staff, archive, township_admin, tree):
    year = today().year
    aid_cap_set(actor=staff.sysadmin, org=None, year=year, amount=Decimal("1000"))
    pay(staff.base_admin, archive, "1000")
    exception = aid_exception_request(
        actor=staff.base_admin,
        archive=archive,
        year=year,
        extra_amount=Decimal("500"),
        reason="本人突发重病住院",
    )
    assert exception.requested_by_org == tree.base_a
    assert exception.approver_org == tree.donggang  # one level up
    with pytest.raises(ApplicationError, match=message_pattern(CAP_EXCEEDED)):
        pay(staff.base_admin, archive, "500")

    aid_exception_decide(actor=township_admin, exception=exception, approved=True, opinion="同意")
    record = pay(staff.base_admin, archive, "500")
    assert record.exception == exception  # drawn on the exception
    with pytest.raises(ApplicationError, match="含已批准超限 500.00"):
        pay(staff.base_admin, archive, "0.01")


def test_rejected_exception_adds_nothing(staff, archive, township_admin):
    year = today().year
    aid_cap_set(actor=staff.sysadmin, org=None, year=year, amount=Decimal("100"))
    exception = aid_exception_request(
        actor=staff.base_admin, archive=archive, year=year, extra_amount=Decimal("50"), reason="x"
    )
    with pytest.raises(ApplicationError, match=re.escape(OPINION_REQUIRED)):
        aid_exception_decide(actor=township_admin, exception=exception, approved=False)
    aid_exception_decide(
        actor=township_admin, exception=exception, approved=False, opinion="已有其他救助"
    )
    exception.refresh_from_db()
    assert exception.status == ExceptionStatus.REJECTED
    with pytest.raises(ApplicationError):
        pay(staff.base_admin, archive, "100.01")
    with pytest.raises(Conflict, match=message_pattern(EXCEPTION_DECIDED)):
        aid_exception_decide(actor=township_admin, exception=exception, approved=True)


def test_requesting_org_cannot_approve_its_own_exception(staff, archive, township_admin, tree):
    year = today().year
    aid_cap_set(actor=staff.sysadmin, org=None, year=year, amount=Decimal("100"))
    exception = aid_exception_request(
        actor=township_admin, archive=archive, year=year, extra_amount=Decimal("50"), reason="x"
    )
    assert exception.approver_org == tree.chengguan
    with pytest.raises(Forbidden, match=message_pattern(EXCEPTION_SELF)):
        aid_exception_decide(actor=township_admin, exception=exception, approved=True)
    # Nor can a union below the requester, or one in another subtree.
    for outsider in (staff.base_admin, staff.sibling_admin):
        with pytest.raises(Forbidden, match=message_pattern(EXCEPTION_NOT_APPROVER)):
            aid_exception_decide(actor=outsider, exception=exception, approved=True)
    assert (
        AuditLog.objects.filter(
            action="access.denied", object_id=str(exception.pk), result=AuditResult.DENIED
        ).count()
        == 3
    )
    exception.refresh_from_db()
    assert exception.status == ExceptionStatus.PENDING
    # One level up decides (a union above it could too).
    aid_exception_decide(actor=staff.county_admin, exception=exception, approved=True)
    exception.refresh_from_db()
    assert exception.status == ExceptionStatus.APPROVED
    assert exception.decided_by == staff.county_admin and exception.decided_at is not None


def test_a_union_above_the_approver_may_decide(staff, archive):
    year = today().year
    aid_cap_set(actor=staff.sysadmin, org=None, year=year, amount=Decimal("100"))
    exception = aid_exception_request(
        actor=staff.base_admin, archive=archive, year=year, extra_amount=Decimal("50"), reason="x"
    )
    aid_exception_decide(actor=staff.city_admin, exception=exception, approved=True)
    assert household_cap_status(archive, year).limit == Decimal("150.00")


def test_exception_request_rules(staff, archive):
    year = today().year
    with pytest.raises(ApplicationError, match=re.escape(NO_CAP.format(year=year))):
        aid_exception_request(
            actor=staff.base_admin, archive=archive, year=year, extra_amount=1, reason="x"
        )
    aid_cap_set(actor=staff.sysadmin, org=None, year=year, amount=Decimal("100"))
    with pytest.raises(ApplicationError, match=re.escape(REASON_REQUIRED)):
        aid_exception_request(
            actor=staff.base_admin, archive=archive, year=year, extra_amount=1, reason=" "
        )
    with pytest.raises(ApplicationError, match=message_pattern(NO_PARENT)):
        aid_exception_request(
            actor=staff.sysadmin, archive=archive, year=year, extra_amount=1, reason="x"
        )
    aid_exception_request(
        actor=staff.base_admin, archive=archive, year=year, extra_amount=1, reason="x"
    )
    with pytest.raises(Conflict, match=re.escape(EXCEPTION_PENDING.format(year=year))):
        aid_exception_request(
            actor=staff.county_admin, archive=archive, year=year, extra_amount=1, reason="y"
        )
    assert AidException.objects.count() == 1


# --- aid record rules ---------------------------------------------------------------------------


def test_goods_need_a_description(staff, archive):
    with pytest.raises(ApplicationError, match=re.escape(GOODS_REQUIRED)) as exc:
        pay(staff.base_admin, archive, "200", form=AidForm.GOODS, goods="  ")
    assert exc.value.field == "goods"
    record = pay(staff.base_admin, archive, "200", form=AidForm.GOODS, goods="大米 2 袋")
    assert record.goods == "大米 2 袋"
    assert pay(staff.base_admin, archive, "1", goods="ignored").goods == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": Decimal("0")}, services.AMOUNT_INVALID),
        ({"amount": Decimal("-5")}, services.AMOUNT_INVALID),
        ({"amount": Decimal("1.005")}, services.AMOUNT_INVALID),
        ({"amount": Decimal("1e30")}, services.AMOUNT_INVALID),
        ({"fund_source": "bank"}, services.FUND_SOURCE_INVALID),
        ({"form": "voucher"}, services.FORM_INVALID),
    ],
)
def test_bad_payments_are_refused_and_nothing_is_written(staff, archive, fields, message):
    values = {"amount": Decimal("10"), **fields}
    with pytest.raises(ApplicationError) as exc:
        pay(staff.base_admin, archive, **values)
    assert exc.value.message == message
    assert not AidRecord.objects.exists()
    assert not AuditLog.objects.filter(action="aid.record").exists()


def test_paid_on_cannot_be_in_the_future_or_before_archiving(staff, archive):
    with pytest.raises(ApplicationError, match=message_pattern(PAID_ON_FUTURE)):
        pay(staff.base_admin, archive, "10", paid_on=today() + timedelta(days=1))
    with pytest.raises(ApplicationError, match=message_pattern(PAID_BEFORE_ARCHIVED)):
        pay(staff.base_admin, archive, "10", paid_on=archive.archived_on - timedelta(days=1))


@pytest.mark.parametrize(
    "status", [ArchiveStatus.SUBMITTED, ArchiveStatus.NOTICE, ArchiveStatus.EXITED]
)
def test_aid_and_measures_need_an_archived_archive(tree, staff, make_member, make_archive, status):
    archive = make_archive(make_member(tree.base_a), status=status)
    label = ArchiveStatus(status).label
    with pytest.raises(
        Conflict, match=re.escape(NOT_ARCHIVED.format(status=label, action="登记救助"))
    ):
        pay(staff.base_admin, archive, "10")
    with pytest.raises(
        Conflict, match=re.escape(NOT_ARCHIVED.format(status=label, action="制定帮扶措施"))
    ):
        measure_add(
            actor=staff.base_admin,
            archive=archive,
            kind=Measure.RELIEF,
            content="发放临时救助金",
            responsible_org=tree.base_a,
            target_date=today(),
        )
    assert not AidRecord.objects.exists()


def test_other_subtree_is_forbidden_and_audited(staff, archive):
    with pytest.raises(Forbidden):
        pay(staff.sibling_admin, archive, "10")
    denied = AuditLog.objects.get(action="access.denied", actor=staff.sibling_admin)
    assert denied.result == AuditResult.DENIED and denied.object_id == str(archive.pk)
    assert not AidRecord.objects.exists()


def test_record_is_audited_and_rolled_up(staff, archive, tree):
    record = pay(staff.county_admin, archive, "1234.56", fund_source=FundSource.DONATION)
    assert record.paid_by_org == tree.chengguan
    row = AuditLog.objects.get(action="aid.record")
    assert row.changes["amount"] == "1234.56" and row.object_id == str(archive.pk)
    month = today().strftime("%Y-%m")
    for org in (tree.base_a, tree.chengguan, tree.province):
        assert stat(org, "aid.amount.donation", month) == 123456
        assert stat(org, "aid.count.donation", month) == 1
    assert stat(tree.qilihe, "aid.count.donation", month) == 0


# --- help plan ----------------------------------------------------------------------------------


def test_measure_add_and_rules(staff, archive, tree):
    measure = measure_add(
        actor=staff.base_admin,
        archive=archive,
        kind=Measure.EMPLOYMENT,
        content="推荐到社区公益岗位",
        responsible_org=tree.chengguan,  # a union above the archive's org
        target_date=today(),
    )
    assert measure.status == MeasureStatus.PLANNED
    assert AuditLog.objects.filter(action="aid.measure_add", object_id=str(archive.pk)).exists()
    kwargs = dict(
        actor=staff.base_admin,
        archive=archive,
        kind=Measure.EMPLOYMENT,
        content="x",
        responsible_org=tree.base_a,
        target_date=today(),
    )
    with pytest.raises(ApplicationError, match=message_pattern(TARGET_DATE_PAST)):
        measure_add(**{**kwargs, "target_date": today() - timedelta(days=1)})
    with pytest.raises(ApplicationError, match=re.escape(RESPONSIBLE_ORG_INVALID)):
        measure_add(**{**kwargs, "responsible_org": tree.qilihe})
    with pytest.raises(ApplicationError, match=re.escape(MEASURE_KIND_INVALID)):
        measure_add(**{**kwargs, "kind": "other"})
    with pytest.raises(ApplicationError, match=re.escape(MEASURE_CONTENT_REQUIRED)):
        measure_add(**{**kwargs, "content": ""})
    with pytest.raises(Forbidden):
        measure_add(**{**kwargs, "actor": staff.sibling_admin, "responsible_org": tree.qilihe})
    assert archive.measures.count() == 1


def test_measure_status_steps_and_notes(staff, archive, tree):
    measure = measure_add(
        actor=staff.base_admin,
        archive=archive,
        kind=Measure.SECURITY,
        content="办理城乡居民医保",
        responsible_org=tree.base_a,
        target_date=today() + timedelta(days=30),
    )
    measure_update_status(actor=staff.base_admin, measure=measure, status=MeasureStatus.ACTIVE)
    note = measure_note_add(actor=staff.base_admin, measure=measure, note="已提交参保材料")
    assert note.created_by == staff.base_admin and note.created_at is not None
    with pytest.raises(ApplicationError, match=re.escape(NOTE_REQUIRED)):
        measure_note_add(actor=staff.base_admin, measure=measure, note=" ")
    with pytest.raises(ApplicationError, match=re.escape(MEASURE_DROP_REASON)):
        measure_update_status(actor=staff.base_admin, measure=measure, status=MeasureStatus.DROPPED)
    measure_update_status(
        actor=staff.base_admin, measure=measure, status=MeasureStatus.DONE, note="已参保"
    )
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DONE
    assert list(MeasureNote.objects.values_list("note", flat=True)) == ["已提交参保材料", "已参保"]
    with pytest.raises(
        Conflict,
        match=re.escape(
            MEASURE_STATUS_STEP.format(
                current=MeasureStatus.DONE.label, wanted=MeasureStatus.ACTIVE.label
            )
        ),
    ):
        measure_update_status(actor=staff.base_admin, measure=measure, status=MeasureStatus.ACTIVE)
    with pytest.raises(Forbidden):
        measure_note_add(actor=staff.sibling_admin, measure=measure, note="x")
    assert AuditLog.objects.filter(action="aid.measure_status").count() == 2
    assert AuditLog.objects.filter(action="aid.measure_note").count() == 1


def test_exception_notifies_the_approver_and_then_the_requester(staff, archive, township_admin):
    from gonghui.notifications.models import Notification

    year = today().year
    aid_cap_set(actor=staff.sysadmin, org=None, year=year, amount=Decimal("100"))
    exception = aid_exception_request(
        actor=staff.base_admin, archive=archive, year=year, extra_amount=Decimal("50"), reason="x"
    )
    to_approver = Notification.objects.get(recipient_org=township_admin.org)
    assert "超限救助待审批" in to_approver.title and str(exception.pk) in to_approver.link
    aid_exception_decide(actor=township_admin, exception=exception, approved=True)
    to_requester = Notification.objects.get(recipient_user=staff.base_admin)
    assert "已批准" in to_requester.title


def test_a_named_exception_must_be_approved_and_of_the_household(
    staff, archive, tree, make_member, make_archive, township_admin
):
    year = today().year
    aid_cap_set(actor=staff.sysadmin, org=None, year=year, amount=Decimal("100"))
    other = make_archive(make_member(tree.base_b))
    foreign = aid_exception_request(
        actor=township_admin, archive=other, year=year, extra_amount=Decimal("50"), reason="x"
    )
    aid_exception_decide(actor=staff.county_admin, exception=foreign, approved=True)
    with pytest.raises(ApplicationError, match=re.escape(EXCEPTION_MISMATCH.format(year=year))):
        pay(staff.base_admin, archive, "10", exception=foreign)
    pending = aid_exception_request(
        actor=staff.base_admin, archive=archive, year=year, extra_amount=Decimal("50"), reason="x"
    )
    with pytest.raises(ApplicationError, match=re.escape(EXCEPTION_MISMATCH.format(year=year))):
        pay(staff.base_admin, archive, "10", exception=pending)
    assert not AidRecord.objects.exists()


@pytest.mark.raw_inbox_writes  # sets the archive's status by hand
def test_an_exited_archive_keeps_its_plan_read_only(staff, archive, tree):
    measure = measure_add(
        actor=staff.base_admin,
        archive=archive,
        kind=Measure.TARGETED,
        content="技能培训",
        responsible_org=tree.base_a,
        target_date=today(),
    )
    pay(staff.base_admin, archive, "10")
    before = archive_state(archive)
    archive.status, archive.exited_on = ArchiveStatus.EXITED, today()
    archive.save()
    stats_archive_changed(before=before, after=archive)
    with pytest.raises(
        Conflict,
        match=re.escape(
            NOT_ARCHIVED.format(status=ArchiveStatus.EXITED.label, action="记录帮扶进展")
        ),
    ):
        measure_note_add(actor=staff.base_admin, measure=measure, note="x")
    with pytest.raises(
        Conflict,
        match=re.escape(
            NOT_ARCHIVED.format(status=ArchiveStatus.EXITED.label, action="更新帮扶措施")
        ),
    ):
        measure_update_status(actor=staff.base_admin, measure=measure, status=MeasureStatus.DONE)
    assert archive.aid_records.count() == 1 and archive.measures.count() == 1
