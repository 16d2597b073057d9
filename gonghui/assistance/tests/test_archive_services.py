"""困难职工档案 lifecycle: income, one open archive per household, reviews, 公示, objections,
annual review, exit and re-entry, scope."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.assistance.codes import ArchiveStatus, Cause, Level, Relation
from gonghui.assistance.models import Archive, ArchiveReview, HouseholdMember, PovertyLine
from gonghui.assistance.services.archives import (
    archive_annual_review,
    archive_apply,
    archive_complete_notice,
    archive_exit,
    archive_final_review,
    archive_first_review,
    archive_income,
    archive_reapply,
    notice_period,
    objection_record,
    objection_resolve,
    poverty_line_set,
)
from gonghui.assistance.services.archives.common import (
    ALREADY_OPEN,
    ANNUAL_TWICE,
    ANNUAL_YEAR,
    EXIT_EVIDENCE,
    FINAL_REVIEW_FORBIDDEN,
    HOUSEHOLD_DUPLICATE,
    HOUSEHOLD_ID,
    NOT_MEMBER,
    OBJECTION_DATE,
    OBJECTIONS_OPEN,
    OPINION_REQUIRED,
    POVERTY_COUNTY,
    REAPPLY_HAS_NEXT,
    VISIT_FUTURE,
    VISIT_REQUIRED,
)
from gonghui.audit.models import AuditLog
from gonghui.conftest import id_with_check, message_pattern
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.core.uploads import PHOTO_TYPE_REFUSED
from gonghui.members.idnumber import ID_CHECKSUM

SPOUSE_ID = id_with_check("62010219720304002")
CHILD_ID = id_with_check("62010220080910003")

FIELDS = dict(
    level=Level.DEEP,
    causes=[Cause.ILLNESS, Cause.EDUCATION],
    monthly_income=Decimal("2400.00"),
    other_annual_income=Decimal("1000.00"),
    health="serious",
    housing="rented",
    work_status="employed",
    marriage="married",
    hukou="urban",
    medical_insurance="employee",
    situation="本人患病，子女上学。",
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def household(*ids):
    rows = []
    for n, number in enumerate(ids):
        rows.append(
            {
                "name": f"成员{n}",
                "relation": Relation.SPOUSE if n == 0 else Relation.CHILD,
                "id_number": number,
                "monthly_income": Decimal("0"),
                "occupation": "",
            }
        )
    return rows


def visit(**extra):
    return {
        "visited_on": timezone.localdate(),
        "visitors": "李四、王五",
        "findings": "家中确有困难。",
        **extra,
    }


def apply(staff, member, *ids, actor=None, **fields):
    return archive_apply(
        actor=actor or staff.base_admin,
        member=member,
        household=household(*ids),
        **{**FIELDS, **fields},
    )


# --- income -------------------------------------------------------------------------------------


def test_income_exact_figures():
    assert archive_income(Decimal("2400"), Decimal("1000"), 3) == (
        Decimal("29800.00"),
        Decimal("827.78"),  # 29800 / 12 / 3 = 827.777…
    )
    assert archive_income(Decimal("1000.01"), Decimal(0), 4) == (
        Decimal("12000.12"),
        Decimal("250.00"),  # 250.0025 rounds down
    )
    # half-up: 0.125 → 0.13
    assert archive_income(Decimal("0.50"), Decimal(0), 4)[1] == Decimal("0.13")
    assert archive_income(Decimal(0), Decimal("1.5"), 1)[1] == Decimal("0.13")


def test_apply_computes_income_household_and_county(tree, staff, make_member):
    member = make_member(tree.base_a)
    poverty_line_set(actor=staff.county_admin, county=tree.chengguan, year=2026, amount="900")
    archive = apply(staff, member, SPOUSE_ID, CHILD_ID)
    assert archive.status == ArchiveStatus.SUBMITTED
    assert archive.org == tree.base_a and archive.county == tree.chengguan
    assert archive.household_size == 3
    assert archive.annual_income == Decimal("29800.00")
    assert archive.per_capita_monthly == Decimal("827.78")
    assert archive.poverty_line == Decimal("900.00")
    people = list(archive.household.order_by("pk"))
    assert people[0].relation == Relation.SELF and people[0].name == member.name
    assert people[2].birth_date == date(2008, 9, 10)
    log = AuditLog.objects.get(action="assistance.archive_apply")
    assert SPOUSE_ID not in str(log.changes) and member.id_number not in str(log.changes)


def test_a_worker_applies_only_with_the_separate_sensitive_consent(tree, make_member, make_worker):
    from gonghui.assistance.services.archives import (
        SENSITIVE_CONSENT_REQUIRED,
        archive_apply_by_worker,
    )

    member = make_member(tree.base_a, name="郑职工")
    worker = make_worker("13800000009", name=member.name, id_number=member.id_number, member=member)
    with pytest.raises(ApplicationError) as info:
        archive_apply_by_worker(worker=worker, sensitive_consent=False, **FIELDS)
    assert info.value.message == SENSITIVE_CONSENT_REQUIRED
    assert info.value.field == "sensitive_consent"
    assert not Archive.objects.exists()
    archive = archive_apply_by_worker(worker=worker, sensitive_consent=True, **FIELDS)
    assert archive.sensitive_consent_at is not None


def test_a_union_entering_a_paper_form_records_no_portal_consent(tree, staff, make_member):
    archive = apply(staff, make_member(tree.base_a))
    assert archive.sensitive_consent_at is None


def test_poverty_line_missing_is_none(tree, staff, make_member):
    archive = apply(staff, make_member(tree.base_a))
    assert archive.poverty_line is None and archive.household_size == 1


def test_poverty_line_scope_and_county_only(tree, staff):
    with pytest.raises(Forbidden):
        poverty_line_set(actor=staff.sibling_admin, county=tree.chengguan, year=2026, amount="900")
    assert AuditLog.objects.filter(action="access.denied", actor=staff.sibling_admin).exists()
    with pytest.raises(ApplicationError, match=re.escape(POVERTY_COUNTY)):
        poverty_line_set(actor=staff.city_admin, county=tree.lanzhou, year=2026, amount="900")
    poverty_line_set(actor=staff.city_admin, county=tree.chengguan, year=2026, amount="900")
    poverty_line_set(actor=staff.city_admin, county=tree.chengguan, year=2026, amount="950.5")
    assert PovertyLine.objects.get().monthly_amount == Decimal("950.50")


def test_household_id_validated_with_chinese_message(tree, staff, make_member):
    with pytest.raises(
        ApplicationError, match=re.escape(HOUSEHOLD_ID.format(n=1, message=ID_CHECKSUM))
    ):
        apply(
            staff, make_member(tree.base_a), SPOUSE_ID[:-1] + ("0" if SPOUSE_ID[-1] != "0" else "1")
        )
    assert not Archive.objects.exists()


# --- one open archive per household ----------------------------------------------------------


def test_second_archive_for_same_applicant_refused(tree, staff, make_member):
    member = make_member(tree.base_a)
    apply(staff, member)
    with pytest.raises(ApplicationError) as exc:
        apply(staff, member)
    message = exc.value.message
    assert "兰州甲公司工会" in message and "待初审" in message and "一户只能有一份" in message
    assert member.id_number not in message and member.id_number[:6] in message
    assert Archive.objects.count() == 1


def test_household_member_in_another_open_archive_refused(tree, staff, make_member):
    first = make_member(tree.base_a, name="张一")
    second = make_member(tree.base_b, name="李二")
    apply(staff, first, SPOUSE_ID)
    # The spouse is the applicant's household member in another open archive.
    with pytest.raises(ApplicationError, match="已在「兰州甲公司工会」"):
        apply(staff, second, CHILD_ID, SPOUSE_ID, actor=staff.county_admin)
    # ...and the first applicant cannot be listed in someone else's household.
    with pytest.raises(ApplicationError, match=message_pattern(ALREADY_OPEN)):
        apply(staff, second, first.id_number, actor=staff.county_admin)


def test_rejected_and_exited_do_not_block(tree, staff, make_member, make_archive):
    member = make_member(tree.base_a)
    make_archive(member, status=ArchiveStatus.REJECTED)
    exited = make_archive(member, status=ArchiveStatus.EXITED, exited_on=date(2026, 5, 1))
    archive = apply(staff, member)
    assert archive.status == ArchiveStatus.SUBMITTED
    # The exited one is the previous period.
    assert archive.previous == exited and archive.period == 2


def test_archived_blocks(tree, staff, make_member, make_archive):
    member = make_member(tree.base_a)
    make_archive(member, status=ArchiveStatus.ARCHIVED)
    with pytest.raises(ApplicationError, match="已建档"):
        apply(staff, member)


def test_apply_out_of_scope_forbidden_and_audited(tree, staff, make_member):
    member = make_member(tree.base_c)
    with pytest.raises(Forbidden):
        apply(staff, member)
    assert AuditLog.objects.filter(
        action="access.denied", actor=staff.base_admin, result="denied"
    ).exists()


# --- reviews ------------------------------------------------------------------------------------


def test_first_review_by_township_with_visit_and_photo(tree, staff, township_admin, make_member):
    archive = apply(staff, make_member(tree.base_a))
    photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    archive = archive_first_review(
        actor=township_admin,
        archive=archive,
        approved=True,
        opinion="属实",
        visit=visit(photos=[photo]),
    )
    assert archive.status == ArchiveStatus.FIRST_PASSED
    home_visit = archive.visits.get()
    assert home_visit.photos.get().content_type == "image/png"
    assert ArchiveReview.objects.get(archive=archive).org == tree.donggang


def test_first_review_refusals(tree, staff, township_admin, make_member):
    archive = apply(staff, make_member(tree.base_a))
    # a base union, and a county of another subtree, cannot do 初审
    for actor in (staff.base_admin, staff.sibling_admin, staff.city_admin):
        with pytest.raises(Forbidden):
            archive_first_review(actor=actor, archive=archive, approved=True, visit=visit())
    assert AuditLog.objects.filter(action="access.denied", result="denied").count() == 3
    with pytest.raises(ApplicationError, match=re.escape(VISIT_REQUIRED)):
        archive_first_review(actor=township_admin, archive=archive, approved=True, visit={})
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ApplicationError, match=re.escape(VISIT_FUTURE)):
        archive_first_review(
            actor=township_admin, archive=archive, approved=True, visit=visit(visited_on=tomorrow)
        )
    fake = SimpleUploadedFile("a.jpg", b"GIF89a" + b"\x00" * 20, content_type="image/jpeg")
    with pytest.raises(ApplicationError, match=re.escape(PHOTO_TYPE_REFUSED)):
        archive_first_review(
            actor=township_admin, archive=archive, approved=True, visit=visit(photos=[fake])
        )
    big = SimpleUploadedFile("b.png", PNG + b"\x00" * (5 * 1024 * 1024), content_type="image/png")
    with pytest.raises(ApplicationError, match="5 MB"):
        archive_first_review(
            actor=township_admin, archive=archive, approved=True, visit=visit(photos=[big])
        )
    with pytest.raises(ApplicationError, match=re.escape(OPINION_REQUIRED)):
        archive_first_review(actor=township_admin, archive=archive, approved=False, visit=visit())
    archive.refresh_from_db()
    assert archive.status == ArchiveStatus.SUBMITTED and not archive.visits.exists()


def test_county_can_do_first_review_and_reject(tree, staff, make_member):
    archive = apply(staff, make_member(tree.base_a))
    archive = archive_first_review(
        actor=staff.county_admin, archive=archive, approved=False, opinion="收入超标", visit=visit()
    )
    assert archive.status == ArchiveStatus.REJECTED
    assert "收入超标" in archive.rejected_reason


def _passed_first(staff, township_admin, member):
    archive = apply(staff, member)
    return archive_first_review(actor=township_admin, archive=archive, approved=True, visit=visit())


def test_township_cannot_final_review(tree, staff, township_admin, make_member):
    archive = _passed_first(staff, township_admin, make_member(tree.base_a))
    with pytest.raises(Forbidden, match=re.escape(FINAL_REVIEW_FORBIDDEN)):
        archive_final_review(actor=township_admin, archive=archive, approved=True)
    with pytest.raises(Forbidden):
        archive_final_review(actor=staff.sibling_admin, archive=archive, approved=True)
    assert AuditLog.objects.filter(action="access.denied", actor=township_admin).exists()
    archive.refresh_from_db()
    assert archive.status == ArchiveStatus.FIRST_PASSED


def test_notice_is_five_working_days_across_national_day(tree, staff, township_admin, make_member):
    # 2026: 9-25 (Fri) 中秋, 10-01..10-07 国庆, 10-10 (Sat) is a 调休 working day.
    assert notice_period(date(2026, 9, 29)) == (date(2026, 9, 30), date(2026, 10, 12))
    assert notice_period(date(2026, 9, 30)) == (date(2026, 10, 8), date(2026, 10, 13))
    # decided on a Friday: starts Monday
    assert notice_period(date(2026, 11, 20)) == (date(2026, 11, 23), date(2026, 11, 27))
    archive = _passed_first(staff, township_admin, make_member(tree.base_a))
    archive = archive_final_review(
        actor=staff.county_admin, archive=archive, approved=True, today=date(2026, 9, 29)
    )
    assert archive.status == ArchiveStatus.NOTICE
    assert (archive.notice_start, archive.notice_end) == (date(2026, 9, 30), date(2026, 10, 12))
    with pytest.raises(ApplicationError, match="2026-10-12"):
        archive_complete_notice(actor=staff.county_admin, archive=archive, today=date(2026, 10, 12))
    archive = archive_complete_notice(
        actor=staff.county_admin, archive=archive, today=date(2026, 10, 13)
    )
    assert archive.status == ArchiveStatus.ARCHIVED and archive.archived_on == date(2026, 10, 13)


def _in_notice(staff, township_admin, member):
    archive = _passed_first(staff, township_admin, member)
    return archive_final_review(
        actor=staff.county_admin, archive=archive, approved=True, today=date(2026, 9, 29)
    )


def test_unresolved_objection_blocks_and_upheld_rejects(tree, staff, township_admin, make_member):
    archive = _in_notice(staff, township_admin, make_member(tree.base_a))
    with pytest.raises(ApplicationError, match=message_pattern(OBJECTION_DATE)):
        objection_record(
            actor=staff.county_admin, archive=archive, content="x", received_on=date(2026, 9, 1)
        )
    objection = objection_record(
        actor=staff.county_admin,
        archive=archive,
        content="家中有两套房。",
        received_on=date(2026, 10, 9),
    )
    with pytest.raises(ApplicationError, match=re.escape(OBJECTIONS_OPEN.format(n=1))):
        archive_complete_notice(actor=staff.county_admin, archive=archive, today=date(2026, 10, 20))
    objection_resolve(actor=staff.county_admin, objection=objection, upheld=True, resolution="属实")
    archive.refresh_from_db()
    assert archive.status == ArchiveStatus.REJECTED
    assert "公示异议成立" in archive.rejected_reason
    with pytest.raises(Conflict):
        objection_resolve(
            actor=staff.county_admin, objection=objection, upheld=False, resolution="再看"
        )


def test_objection_not_upheld_then_archived(tree, staff, township_admin, make_member):
    archive = _in_notice(staff, township_admin, make_member(tree.base_a))
    objection = objection_record(
        actor=staff.county_admin, archive=archive, content="不实", received_on=date(2026, 10, 8)
    )
    objection_resolve(
        actor=staff.county_admin, objection=objection, upheld=False, resolution="核实不属实"
    )
    archive = archive_complete_notice(
        actor=staff.county_admin, archive=archive, today=date(2026, 10, 13)
    )
    assert archive.status == ArchiveStatus.ARCHIVED


def test_wrong_state_actions_conflict(tree, staff, township_admin, make_member, make_archive):
    submitted = apply(staff, make_member(tree.base_a))
    with pytest.raises(Conflict, match="待初审"):
        archive_final_review(actor=staff.county_admin, archive=submitted, approved=True)
    with pytest.raises(Conflict):
        archive_complete_notice(actor=staff.county_admin, archive=submitted)
    with pytest.raises(Conflict):
        objection_record(actor=staff.county_admin, archive=submitted, content="x")
    with pytest.raises(Conflict):
        archive_exit(actor=staff.county_admin, archive=submitted, reason="r", evidence="e")
    with pytest.raises(Conflict):
        archive_annual_review(actor=staff.county_admin, archive=submitted, year=2026, approved=True)
    archived = make_archive(make_member(tree.base_b))
    with pytest.raises(Conflict, match="已建档"):
        archive_first_review(actor=township_admin, archive=archived, approved=True, visit=visit())
    with pytest.raises(Conflict):
        archive_reapply(actor=staff.base_admin, previous=submitted, **FIELDS)


# --- after archiving ----------------------------------------------------------------------------


def test_annual_review_once_a_year_with_updates(tree, staff, make_member, make_archive):
    archive = make_archive(make_member(tree.base_a), children=2)
    poverty_line_set(actor=staff.county_admin, county=tree.chengguan, year=2026, amount="880")
    archive = archive_annual_review(
        actor=staff.county_admin,
        archive=archive,
        year=2026,
        approved=True,
        updates={"level": Level.RELATIVE, "monthly_income": "3000"},
    )
    assert archive.level == Level.RELATIVE
    assert archive.per_capita_monthly == Decimal("1000.00")
    assert archive.poverty_line == Decimal("880.00") and archive.last_reviewed_year == 2026
    with pytest.raises(Conflict, match=re.escape(ANNUAL_TWICE.format(year=2026))):
        archive_annual_review(actor=staff.county_admin, archive=archive, year=2026, approved=True)
    with pytest.raises(ApplicationError, match=re.escape(ANNUAL_YEAR)):
        archive_annual_review(actor=staff.county_admin, archive=archive, year=2025, approved=True)


def test_failed_annual_review_exits(tree, staff, township_admin, make_member, make_archive):
    archive = make_archive(make_member(tree.base_a))
    archive = archive_annual_review(
        actor=township_admin, archive=archive, year=2026, approved=False, opinion="已就业"
    )
    assert archive.status == ArchiveStatus.EXITED
    assert archive.exit_reason == "年审不再符合条件"


def test_exit_and_reentry_keeps_history(tree, staff, township_admin, make_member, make_archive):
    member = make_member(tree.base_a)
    old = make_archive(member)
    with pytest.raises(ApplicationError, match=re.escape(EXIT_EVIDENCE)):
        archive_exit(actor=staff.county_admin, archive=old, reason="再就业", evidence="")
    with pytest.raises(Forbidden):
        archive_exit(actor=staff.base_admin, archive=old, reason="再就业", evidence="合同")
    old = archive_exit(
        actor=staff.county_admin,
        archive=old,
        reason="再就业",
        evidence="劳动合同",
        on=date(2026, 6, 1),
    )
    assert old.status == ArchiveStatus.EXITED and old.exited_on == date(2026, 6, 1)
    new = archive_reapply(actor=staff.base_admin, previous=old, **FIELDS)
    assert new.period == 2 and new.previous == old and new.status == ArchiveStatus.SUBMITTED
    with pytest.raises(Conflict, match=re.escape(REAPPLY_HAS_NEXT)):
        archive_reapply(actor=staff.base_admin, previous=old, **FIELDS)
    old.refresh_from_db()
    assert old.status == ArchiveStatus.EXITED and old.household.exists()
    assert HouseholdMember.objects.filter(archive=new, relation=Relation.SELF).exists()


@pytest.mark.raw_member_writes
def test_only_holding_members_may_apply(tree, staff, make_member):
    from gonghui.members.codes import MemberStatus
    from gonghui.members.models import Member

    member = make_member(tree.base_a)
    Member.objects.filter(pk=member.pk).update(status=MemberStatus.LEFT)
    with pytest.raises(ApplicationError, match=re.escape(NOT_MEMBER)):
        apply(staff, member)


def test_applicant_listed_twice_refused(tree, staff, make_member):
    member = make_member(tree.base_a)
    with pytest.raises(ApplicationError, match=re.escape(HOUSEHOLD_DUPLICATE.format(n=1))):
        apply(staff, member, member.id_number)
