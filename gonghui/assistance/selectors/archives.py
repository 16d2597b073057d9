"""Reads of 困难职工档案, scoped to the user's subtree (the archive's `org`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import ArchiveStatus
from gonghui.assistance.models import (
    Archive,
    ArchiveReview,
    HomeVisitPhoto,
    Objection,
    PovertyLine,
    ReviewStage,
)
from gonghui.core.access import access_in_scope
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.selectors import org_scope_path, orgs_in_scope

ARCHIVE_NOT_FOUND = "找不到该困难职工档案，或您无权查看。"
PHOTO_NOT_FOUND = "找不到该走访照片。"
OBJECTION_NOT_FOUND = "找不到该异议。"


def archive_list(
    *,
    user: User,
    status: str = "",
    level: str = "",
    county_id: int | None = None,
    year: int | None = None,
    q: str = "",
) -> QuerySet[Archive]:
    """Archives whose union is in the user's subtree, newest first."""
    qs = Archive.objects.filter(org__path__startswith=org_scope_path(user)).select_related(
        "org", "county", "member"
    )
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    if county_id:
        qs = qs.filter(county_id=county_id)
    if year:
        qs = qs.filter(applied_on__year=year)
    if q:
        qs = qs.filter(Q(member__name__contains=q) | Q(household__name__contains=q)).distinct()
    return qs.order_by("-applied_on", "-pk")


def county_choices(user: User) -> QuerySet[Org]:
    """County unions in the user's subtree, or the county above the user's org."""
    return orgs_in_scope(user).filter(org_type=OrgType.COUNTY).order_by("path")


def access_archive_by_id(user: User, archive_id) -> Archive:
    """The archive if its union is in the user's subtree; the same NotFound whether missing or
    out of scope, and an out-of-scope attempt is audited."""
    return access_in_scope(
        scoped_archives(user).select_related("county", "member", "previous"),
        actor=user,
        message=ARCHIVE_NOT_FOUND,
        org_of=lambda archive: archive.org,
        pk=archive_id,
    )


def scoped_archives(user: User) -> QuerySet[Archive]:
    """Archives whose union is in the user's subtree, with the union."""
    return Archive.objects.filter(org__path__startswith=org_scope_path(user)).select_related("org")


def review_queue(*, user: User) -> dict[str, QuerySet[Archive]]:
    """待我审核: 初审 for township/county staff (archives below their org), 终审 for county
    staff and above."""
    org = getattr(user, "org", None)
    scoped = Archive.objects.filter(org__path__startswith=org_scope_path(user)).select_related(
        "org", "county", "member"
    )
    empty = Archive.objects.none()
    first = (
        scoped.filter(status=ArchiveStatus.SUBMITTED)
        if org is not None and org.org_type in (OrgType.TOWNSHIP, OrgType.COUNTY)
        else empty
    )
    final = (
        scoped.filter(status=ArchiveStatus.FIRST_PASSED)
        if org is None or org.org_type in (OrgType.COUNTY, OrgType.CITY, OrgType.PROVINCE)
        else empty
    )
    notice = (
        scoped.filter(status=ArchiveStatus.NOTICE)
        if org is None or org.org_type in (OrgType.COUNTY, OrgType.CITY, OrgType.PROVINCE)
        else empty
    )
    return {
        "first": first.order_by("applied_on", "pk"),
        "final": final.order_by("applied_on", "pk"),
        "notice": notice.order_by("notice_end", "pk"),
    }


@dataclass
class Event:
    when: date | datetime
    title: str
    text: str = ""
    kind: str = ""
    visit: object | None = None


def _day(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    return value


def archive_timeline(archive: Archive) -> list[Event]:
    """Everything that happened to the archive, in order: application, visits, reviews, 公示,
    objections, annual reviews, exit."""
    events = [
        Event(
            archive.applied_on,
            "提出申请",
            f"{archive.get_channel_display()}，第{archive.period}期",
            "apply",
        )
    ]
    for visit in archive.visits.prefetch_related("photos").all():
        events.append(
            Event(
                visit.visited_on,
                "入户走访",
                f"走访人员：{visit.visitors}。{visit.findings}",
                "visit",
                visit,
            )
        )
    for review in ArchiveReview.objects.filter(archive=archive).select_related("org", "reviewer"):
        stage = review.get_stage_display()
        if review.stage == ReviewStage.ANNUAL:
            stage = f"{review.year}年度年审"
        result = "通过" if review.approved else "不通过"
        events.append(
            Event(
                review.created_at,
                f"{stage}{result}",
                f"{review.org.name}：{review.opinion or '（无意见）'}",
                review.stage,
            )
        )
    if archive.notice_start:
        events.append(
            Event(
                archive.notice_start,
                "公示",
                f"{archive.notice_start:%Y-%m-%d} 至 {archive.notice_end:%Y-%m-%d}（5个工作日）",
                "notice",
            )
        )
    for objection in archive.objections.all():
        events.append(
            Event(
                objection.received_on,
                "收到公示异议",
                objection.content,
                "objection",
            )
        )
        if objection.upheld is not None:
            events.append(
                Event(
                    objection.resolved_at,
                    "异议成立" if objection.upheld else "异议不成立",
                    objection.resolution,
                    "objection",
                )
            )
    if archive.archived_on:
        events.append(Event(archive.archived_on, "建档", "公示期满，正式建档", "archived"))
    if archive.exited_on:
        events.append(
            Event(archive.exited_on, "解困脱困", archive.exit_reason, "exit"),
        )
    events.sort(key=lambda e: (_day(e.when), isinstance(e.when, datetime)))
    return events


def archive_history(archive: Archive) -> list[Archive]:
    """All periods of the household's chain (oldest first), this one included."""
    chain = [archive]
    current = archive
    while current.previous_id:
        current = Archive.objects.select_related("org").get(pk=current.previous_id)
        chain.insert(0, current)
    current = archive
    while True:
        following = Archive.objects.filter(previous=current).select_related("org").first()
        if following is None:
            break
        chain.append(following)
        current = following
    return chain


def access_visit_photo(user: User, photo_id, *, archive: Archive) -> HomeVisitPhoto:
    """A home-visit photo of `archive` (already accessed by the user)."""
    return access_in_scope(
        HomeVisitPhoto.objects.filter(visit__archive__org__path__startswith=org_scope_path(user)),
        actor=user,
        message=PHOTO_NOT_FOUND,
        org_of=lambda photo: photo.visit.archive.org,
        within={"visit__archive": archive},
        pk=photo_id,
    )


def access_objection(user: User, objection_id, *, archive: Archive) -> Objection:
    """A 公示异议 of `archive` (already accessed by the user)."""
    return access_in_scope(
        Objection.objects.filter(archive__org__path__startswith=org_scope_path(user)),
        actor=user,
        message=OBJECTION_NOT_FOUND,
        org_of=lambda objection: objection.archive.org,
        within={"archive": archive},
        pk=objection_id,
    )


def poverty_lines(*, user: User) -> QuerySet[PovertyLine]:
    return (
        PovertyLine.objects.filter(county__path__startswith=org_scope_path(user))
        .select_related("county")
        .order_by("-year", "county__path")
    )


def archives_of_member(member) -> QuerySet[Archive]:
    """A worker's own archives (portal 申请进度), newest first."""
    return Archive.objects.filter(member=member).select_related("org").order_by("-pk")
