"""Every write to service sites: one function per use case, each audited.

Staff may write only to sites whose owning org is in their subtree: a refusal is a Forbidden
with its own audit row (`denial`), as for members.
"""

import re
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core import uploads
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.selectors import org_in_scope
from gonghui.sites.models import (
    Override,
    Site,
    SitePhoto,
    SiteRating,
    SiteType,
)
from gonghui.sites.parsing import format_hours, parse_coordinates, parse_hours
from gonghui.stats.services import stats_site_changed

OUT_OF_SCOPE = "您只能管理本工会及下级工会的服务阵地。"
NAME_REQUIRED = "请填写阵地名称。"
NAME_TOO_LONG = "阵地名称不能超过80个字。"
DUPLICATE_NAME = "「{org}」已有名为「{name}」的阵地，请换一个名称。"
TYPE_INVALID = "请选择阵地类型。"
ADDRESS_REQUIRED = "请填写地址。"
COUNTY_INVALID = "所在县区须是一个县区总工会，请重新选择。"
ORG_INACTIVE = "「{name}」已撤销或合并，不能再登记阵地。"
PHONE_INVALID = "联系电话格式不正确，请填写手机号或带区号的固定电话。"
OVERRIDE_INVALID = "请选择开放状态。"
PHOTO_TOO_LARGE = "照片不能超过 5 MB，请压缩后重新上传（当前 {size:.1f} MB）。"
PHOTO_EMPTY = "请选择要上传的照片。"
PHOTO_TYPE = uploads.PHOTO_TYPE_REFUSED
PHOTO_TOO_MANY = "每个阵地最多 {n} 张照片，请先删除不需要的照片。"
RATING_NOT_MEMBER = "只有会籍有效的工会会员才能评价，请先申请入会或完成实名认证。"
RATING_SCORE = "请选择 1 到 5 分。"
RATING_COMMENT_TOO_LONG = "评价不能超过300个字。"
RATING_TWICE = "您本月已评价过「{site}」，下个月可再次评价。"

PHOTO_MAX_BYTES = uploads.PHOTO_MAX_BYTES
PHOTO_MAX_COUNT = 6

_PHONE = re.compile(
    r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?|12351|400-?[0-9]{3}-?[0-9]{4})$"
)


def _require_scope(actor: User, org: Org, site: Site | None = None) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=site or org, org=org
        )


def _clean(
    *, org: Org, name: str, site_type: str, county: Org, address: str, phone: str, hours
) -> dict[str, Any]:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(NAME_REQUIRED, field="name")
    if len(name) > 80:
        raise ApplicationError(NAME_TOO_LONG, field="name")
    if site_type not in SiteType.values:
        raise ApplicationError(TYPE_INVALID, field="site_type")
    if not org.is_active:
        raise ApplicationError(ORG_INACTIVE.format(name=org.name), field="org")
    if county is None or county.org_type != OrgType.COUNTY:
        raise ApplicationError(COUNTY_INVALID, field="county")
    address = (address or "").strip()
    if not address:
        raise ApplicationError(ADDRESS_REQUIRED, field="address")
    phone = (phone or "").strip().replace(" ", "")
    if phone and not _PHONE.match(phone):
        raise ApplicationError(PHONE_INVALID, field="phone")
    if isinstance(hours, str):
        hours = parse_hours(hours)
    return {"name": name, "address": address[:200], "phone": phone, "hours": hours}


def _save(site: Site) -> None:
    try:
        with transaction.atomic():
            site.save()
    except IntegrityError:
        raise Conflict(
            DUPLICATE_NAME.format(org=site.org.name, name=site.name), field="name"
        ) from None


def site_snapshot(site: Site) -> dict[str, Any]:
    return {
        "name": site.name,
        "site_type": site.site_type,
        "org": site.org.name,
        "county": site.county.name,
        "address": site.address,
        "lat": site.lat,
        "lng": site.lng,
        "phone": site.phone,
        "hours": format_hours(site.hours),
        "facilities": site.facilities,
        "note": site.note,
    }


@atomic_keeping_denials
def site_create(
    *,
    actor: User,
    org: Org,
    name: str,
    site_type: str,
    county: Org,
    address: str,
    lat: float,
    lng: float,
    crs: str = "WGS-84",
    phone: str = "",
    hours: str | dict = "",
    facilities: int = 0,
    note: str = "",
) -> Site:
    _require_scope(actor, org)
    fields = _clean(
        org=org,
        name=name,
        site_type=site_type,
        county=county,
        address=address,
        phone=phone,
        hours=hours,
    )
    lat, lng = parse_coordinates(lat, lng, crs)
    site = Site(
        org=org,
        county=county,
        site_type=site_type,
        lat=lat,
        lng=lng,
        facilities=int(facilities),
        note=(note or "").strip()[:300],
        **fields,
    )
    _save(site)
    stats_site_changed(after=(site.org_id, site.site_type))
    audit_record(actor=actor, action="site.create", obj=site, org=org, changes=site_snapshot(site))
    return site


@atomic_keeping_denials
def site_update(
    *,
    actor: User,
    site: Site,
    org: Org,
    name: str,
    site_type: str,
    county: Org,
    address: str,
    lat: float,
    lng: float,
    crs: str = "WGS-84",
    phone: str = "",
    hours: str | dict = "",
    facilities: int = 0,
    note: str = "",
) -> Site:
    site = Site.objects.select_for_update().select_related("org", "county").get(pk=site.pk)
    _require_scope(actor, site.org, site)
    _require_scope(actor, org, site)
    before = site_snapshot(site)
    counted_before = (site.org_id, site.site_type)
    fields = _clean(
        org=org,
        name=name,
        site_type=site_type,
        county=county,
        address=address,
        phone=phone,
        hours=hours,
    )
    site.lat, site.lng = parse_coordinates(lat, lng, crs)
    site.org, site.county, site.site_type = org, county, site_type
    site.facilities, site.note = int(facilities), (note or "").strip()[:300]
    for field, value in fields.items():
        setattr(site, field, value)
    after = site_snapshot(site)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        _save(site)
        stats_site_changed(before=counted_before, after=(site.org_id, site.site_type))
        audit_record(actor=actor, action="site.update", obj=site, org=org, changes=changes)
    return site


@atomic_keeping_denials(durable=True)
def site_delete(*, actor: User, site: Site) -> None:
    site = Site.objects.select_for_update().select_related("org", "county").get(pk=site.pk)
    _require_scope(actor, site.org, site)
    audit_record(
        actor=actor, action="site.delete", obj=site, org=site.org, changes=site_snapshot(site)
    )
    stats_site_changed(before=(site.org_id, site.site_type))
    site.delete()


@atomic_keeping_denials(durable=True)
def site_set_override(*, actor: User, site: Site, override: str) -> Site:
    site = Site.objects.select_for_update().select_related("org").get(pk=site.pk)
    _require_scope(actor, site.org, site)
    if override not in Override.values:
        raise ApplicationError(OVERRIDE_INVALID, field="override")
    if override != site.override:
        audit_record(
            actor=actor,
            action="site.override",
            obj=site,
            org=site.org,
            changes={"override": [site.override, override]},
        )
        site.override = override
        site.save(update_fields=["override", "updated_at"])
    return site


@atomic_keeping_denials(durable=True)
def site_photo_add(*, actor: User, site: Site, upload, caption: str = "") -> SitePhoto:
    """`upload` is a Django UploadedFile (or anything with `size` and `read`)."""
    site = Site.objects.select_for_update().select_related("org").get(pk=site.pk)
    _require_scope(actor, site.org, site)
    if upload is None or not upload.size:
        raise ApplicationError(PHOTO_EMPTY, field="photo")
    if upload.size > PHOTO_MAX_BYTES:
        raise ApplicationError(
            PHOTO_TOO_LARGE.format(size=upload.size / 1024 / 1024), field="photo"
        )
    if site.photos.count() >= PHOTO_MAX_COUNT:
        raise ApplicationError(PHOTO_TOO_MANY.format(n=PHOTO_MAX_COUNT), field="photo")
    data = upload.read(PHOTO_MAX_BYTES + 1)
    if len(data) > PHOTO_MAX_BYTES:
        raise ApplicationError(PHOTO_TOO_LARGE.format(size=len(data) / 1024 / 1024), field="photo")
    content_type = uploads.content_type(data, uploads.PHOTO_TYPES)
    if content_type is None:
        raise ApplicationError(PHOTO_TYPE, field="photo")
    photo = SitePhoto.objects.create(
        site=site,
        data=data,
        content_type=content_type,
        size=len(data),
        caption=(caption or "").strip()[:60],
    )
    audit_record(
        actor=actor,
        action="site.photo_add",
        obj=site,
        org=site.org,
        changes={"photo": photo.pk, "bytes": len(data), "type": content_type},
    )
    return photo


@atomic_keeping_denials(durable=True)
def site_photo_remove(*, actor: User, photo: SitePhoto) -> None:
    site = Site.objects.select_for_update().select_related("org").get(pk=photo.site_id)
    _require_scope(actor, site.org, site)
    audit_record(
        actor=actor, action="site.photo_remove", obj=site, org=site.org, changes={"photo": photo.pk}
    )
    photo.delete()


def month_of(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic(durable=True)
def site_rate(*, worker, site: Site, score: int, comment: str = "") -> SiteRating:
    """会员评家 by a worker who holds a membership; once per site per calendar month."""
    member = worker.member if worker is not None else None
    if member is None or member.status not in HOLDING_STATUSES:
        raise ApplicationError(RATING_NOT_MEMBER)
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ApplicationError(RATING_SCORE, field="score")
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise ApplicationError(RATING_COMMENT_TOO_LONG, field="comment")
    month = month_of(timezone.localdate())
    twice = Conflict(RATING_TWICE.format(site=site.name), code="rated_this_month", field="score")
    if SiteRating.objects.filter(member=member, site=site, month=month).exists():
        raise twice
    try:
        # The constraint decides between two concurrent submissions.
        with transaction.atomic():
            rating = SiteRating.objects.create(
                site=site, member=member, score=score, comment=comment, month=month
            )
    except IntegrityError:
        raise twice from None
    audit_record(
        actor=None,
        action="site.rate",
        obj=site,
        org=site.org,
        changes={"score": score, "member": member.pk},
    )
    return rating
