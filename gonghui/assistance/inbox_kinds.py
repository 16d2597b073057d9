"""The 待办 kinds of hardship assistance (port: gonghui.inbox.kinds).

The archive workflow (services.archives) waits, in turn, for:
- 初审: the nearest township (乡镇/街道) union at or above the archive's union, or its county
  union when there is none (`is_first_reviewer` lets either act; the item goes to the nearer);
- 终审: the archive's county union;
- the end of the 公示: the county union confirms the archive (已建档) from the day after
  `notice_end`, once no objection is open; due the first working day after the notice ends;
- each open objection (公示异议): the county union verifies it, by the end of the notice.
Beside the workflow: 超限救助 requests wait for their `approver_org`, help measures (帮扶措施)
planned or under way on an archived household wait for their responsible union until their
target date, and 金秋助学 applications wait for the archive's county union.

The services refresh these in the transaction of every action (`services.inbox`).
"""

from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.lookups import StartsWith
from django.urls import reverse

from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.models import (
    AidException,
    Archive,
    ExceptionStatus,
    GrantStatus,
    HelpMeasure,
    MeasureStatus,
    Objection,
    StudentGrant,
)
from gonghui.core.permissions import Perm
from gonghui.inbox.kinds import InboxKind, Item, register_kind
from gonghui.orgs.models import Org, OrgType
from gonghui.workcalendar.selectors import end_of_day, next_working_day

FIRST_REVIEW = "困难职工档案待初审：{name}（{org}，{day} 申请）"
FINAL_REVIEW = "困难职工档案待终审：{name}（{org}，初审已通过）"
NOTICE_END = "公示期满待确认建档：{name}（{org}，公示至 {end}）"
OBJECTION = "公示异议待核实：{name}（{org}，{day} 收到）"
AID_EXCEPTION = "超限救助待审批：{name}（{org}申请，{year} 年超出上限 {amount} 元）"
MEASURE = "帮扶措施待落实：{name}（{kind}，{status}，完成时限 {day}）"
GRANT = "金秋助学待审核：{name}（{org}，{year} 年度，{school}）"


def _archive_link(archive_id: int) -> str:
    return reverse("assistance:archive_detail", args=[archive_id])


def first_reviewer_id() -> Subquery:
    """The nearest township union at or above the archive's union (None when there is none)."""
    townships = Org.objects.filter(
        StartsWith(OuterRef("org__path"), F("path")),
        org_type=OrgType.TOWNSHIP,
        path__startswith=OuterRef("county__path"),
    )
    return Subquery(townships.order_by("-depth").values("pk")[:1])


def _first_source():
    return (
        Archive.objects.filter(status=ArchiveStatus.SUBMITTED)
        .annotate(township_id=first_reviewer_id())
        .select_related("org", "member")
    )


def _first_item(archive: Archive) -> Item:
    return Item(
        org_id=archive.township_id or archive.county_id,
        summary=FIRST_REVIEW.format(
            name=archive.member.name, org=archive.org.name, day=archive.applied_on
        ),
        link=_archive_link(archive.pk),
    )


def _final_item(archive: Archive) -> Item:
    return Item(
        org_id=archive.county_id,
        summary=FINAL_REVIEW.format(name=archive.member.name, org=archive.org.name),
        link=_archive_link(archive.pk),
    )


def _open_objections():
    return Objection.objects.filter(archive=OuterRef("pk"), upheld__isnull=True)


def _notice_item(archive: Archive) -> Item:
    return Item(
        org_id=archive.county_id,
        summary=NOTICE_END.format(
            name=archive.member.name, org=archive.org.name, end=archive.notice_end
        ),
        link=_archive_link(archive.pk),
        due_at=end_of_day(next_working_day(archive.notice_end)) if archive.notice_end else None,
    )


def _objection_item(objection: Objection) -> Item:
    archive = objection.archive
    return Item(
        org_id=archive.county_id,
        summary=OBJECTION.format(
            name=archive.member.name, org=archive.org.name, day=objection.received_on
        ),
        link=_archive_link(archive.pk),
        due_at=end_of_day(archive.notice_end) if archive.notice_end else None,
    )


def _exception_item(exception: AidException) -> Item:
    return Item(
        org_id=exception.approver_org_id,
        summary=AID_EXCEPTION.format(
            name=exception.archive.member.name,
            org=exception.requested_by_org.name,
            year=exception.year,
            amount=f"{exception.extra_amount:.2f}",
        ),
        link=reverse("assistance:aid_exception_decide", args=[exception.pk]),
    )


def _measure_item(measure: HelpMeasure) -> Item:
    return Item(
        org_id=measure.responsible_org_id,
        summary=MEASURE.format(
            name=measure.archive.member.name,
            kind=measure.get_kind_display(),
            status=measure.get_status_display(),
            day=measure.target_date,
        ),
        link=reverse("assistance:aid_plan", args=[measure.archive_id]),
        due_at=end_of_day(measure.target_date),
    )


def _grant_item(grant: StudentGrant) -> Item:
    return Item(
        org_id=grant.archive.county_id,
        summary=GRANT.format(
            name=grant.student.name, org=grant.org.name, year=grant.year, school=grant.school
        ),
        link=reverse("assistance:grant_detail", args=[grant.pk]),
    )


register_kind(
    InboxKind(
        key="assistance.first_review",
        label="困难职工档案待初审",
        permission=Perm.ASSIST_REVIEW,
        model="assistance.Archive",
        source=_first_source,
        item=_first_item,
        order=40,
        notify=True,
    ),
    InboxKind(
        key="assistance.final_review",
        label="困难职工档案待终审",
        permission=Perm.ASSIST_REVIEW,
        model="assistance.Archive",
        source=lambda: Archive.objects.filter(status=ArchiveStatus.FIRST_PASSED).select_related(
            "org", "member"
        ),
        item=_final_item,
        order=41,
        notify=True,
    ),
    InboxKind(
        key="assistance.notice_end",
        label="公示期满待建档",
        permission=Perm.ASSIST_REVIEW,
        model="assistance.Archive",
        source=lambda: (
            Archive.objects.filter(status=ArchiveStatus.NOTICE)
            .exclude(Exists(_open_objections()))
            .select_related("org", "member")
        ),
        item=_notice_item,
        order=42,
    ),
    InboxKind(
        key="assistance.objection",
        label="公示异议待核实",
        permission=Perm.ASSIST_REVIEW,
        model="assistance.Objection",
        source=lambda: Objection.objects.filter(
            upheld__isnull=True, archive__status=ArchiveStatus.NOTICE
        ).select_related("archive__org", "archive__member"),
        item=_objection_item,
        order=43,
    ),
    InboxKind(
        key="assistance.aid_exception",
        label="超限救助待审批",
        permission=Perm.ASSIST_REVIEW,
        model="assistance.AidException",
        source=lambda: AidException.objects.filter(status=ExceptionStatus.PENDING).select_related(
            "archive__member", "requested_by_org"
        ),
        item=_exception_item,
        order=44,
    ),
    InboxKind(
        key="assistance.grant_review",
        label="金秋助学待审核",
        permission=Perm.CAMPAIGN_MANAGE,
        model="assistance.StudentGrant",
        source=lambda: (
            StudentGrant.objects.filter(status=GrantStatus.SUBMITTED)
            .select_related("archive", "student", "org")
            .defer("admission_proof")
        ),
        item=_grant_item,
        order=45,
        notify=True,
    ),
    InboxKind(
        key="assistance.measure",
        label="帮扶措施待落实",
        permission=Perm.ASSIST_MANAGE,
        model="assistance.HelpMeasure",
        source=lambda: HelpMeasure.objects.filter(
            status__in=(MeasureStatus.PLANNED, MeasureStatus.ACTIVE),
            archive__status=ArchiveStatus.ARCHIVED,
        ).select_related("archive__member"),
        item=_measure_item,
        order=46,
        notify=True,
    ),
)
