from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.audit.models import AuditLog, AuditResult
from gonghui.conftest import message_pattern
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.members.services import member_leave
from gonghui.sites.geo import haversine_m, wgs84_to_gcj02
from gonghui.sites.models import Override, Site, SitePhoto, SiteRating
from gonghui.sites.parsing import COORDS_INVALID, COORDS_OUTSIDE
from gonghui.sites.selectors import access_site_by_id
from gonghui.sites.services import (
    ADDRESS_REQUIRED,
    COUNTY_INVALID,
    DUPLICATE_NAME,
    OUT_OF_SCOPE,
    PHOTO_MAX_COUNT,
    PHOTO_TOO_LARGE,
    PHOTO_TOO_MANY,
    PHOTO_TYPE,
    RATING_NOT_MEMBER,
    RATING_SCORE,
    RATING_TWICE,
    site_delete,
    site_photo_add,
    site_rate,
    site_set_override,
    site_update,
)

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 100


def upload(data: bytes, name: str = "a.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_create_records_audit(make_site, staff):
    site = make_site(name="东岗驿站", phone="0931-8888888")
    row = AuditLog.objects.get(action="site.create", object_id=str(site.pk))
    assert row.actor == staff.sysadmin
    assert row.changes["name"] == "东岗驿站"


@pytest.mark.parametrize(
    "change,message",
    [
        ({"address": " "}, ADDRESS_REQUIRED),
        ({"lat": 48.85, "lng": 2.35}, COORDS_OUTSIDE),
        ({"lat": 103.8, "lng": 36.0}, COORDS_INVALID),
        ({"county": "lanzhou"}, COUNTY_INVALID),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(make_site, tree, change, message):
    if change.get("county") == "lanzhou":
        change["county"] = tree.lanzhou
    with pytest.raises(ApplicationError) as exc:
        make_site(**change)
    assert exc.value.message == message
    assert not Site.objects.exists()
    assert not AuditLog.objects.filter(action="site.create").exists()


def test_duplicate_name_in_same_org(make_site, tree):
    make_site(name="同名驿站")
    with pytest.raises(Conflict) as exc:
        make_site(name="同名驿站")
    assert exc.value.message == DUPLICATE_NAME.format(org=tree.chengguan.name, name="同名驿站")
    make_site(name="同名驿站", org=tree.qilihe)  # another union may use the name
    assert Site.objects.count() == 2


def test_gcj02_input_is_stored_as_wgs84(make_site):
    glat, glng = wgs84_to_gcj02(36.0611, 103.8343)
    site = make_site(lat=glat, lng=glng, crs="GCJ-02")
    assert haversine_m(site.lat, site.lng, 36.0611, 103.8343) < 0.05


def test_write_outside_subtree_is_forbidden_and_audited(make_site, staff, tree):
    site = make_site(org=tree.qilihe)
    with pytest.raises(Forbidden) as exc:
        site_set_override(actor=staff.county_admin, site=site, override=Override.CLOSED)
    assert exc.value.message == OUT_OF_SCOPE
    site.refresh_from_db()
    assert site.override == Override.AUTO
    denied = AuditLog.objects.get(action="access.denied", actor=staff.county_admin)
    assert denied.result == AuditResult.DENIED and denied.object_id == str(site.pk)
    with pytest.raises(Forbidden):
        make_site(org=tree.qilihe, actor=staff.county_admin, name="越权新建")
    assert not Site.objects.filter(name="越权新建").exists()


def test_moving_a_site_out_of_scope_is_forbidden(make_site, staff, tree):
    site = make_site()
    with pytest.raises(Forbidden):
        site_update(
            actor=staff.county_admin,
            site=site,
            org=tree.qilihe,
            name=site.name,
            site_type=site.site_type,
            county=tree.chengguan,
            address=site.address,
            lat=site.lat,
            lng=site.lng,
        )
    assert Site.objects.get(pk=site.pk).org == tree.chengguan


def test_update_audits_only_changes(make_site, staff, tree):
    site = make_site(hours="24小时")
    site_update(
        actor=staff.county_admin,
        site=site,
        org=tree.chengguan,
        name=site.name,
        site_type=site.site_type,
        county=tree.chengguan,
        address="新地址",
        lat=site.lat,
        lng=site.lng,
        hours="24小时",
        facilities=site.facilities,
    )
    row = AuditLog.objects.get(action="site.update")
    assert set(row.changes) == {"address"}


def test_read_outside_subtree_is_not_found_and_audited(make_site, staff, tree):
    site = make_site(org=tree.qilihe)
    with pytest.raises(ApplicationError) as exc:
        access_site_by_id(staff.county_admin, site.pk)
    assert exc.value.status == 404
    assert AuditLog.objects.filter(action="access.denied", object_id=str(site.pk)).exists()
    assert access_site_by_id(staff.city_admin, site.pk) == site


def test_delete_removes_site_with_photos_and_ratings(make_site, staff):
    site = make_site()
    site_photo_add(actor=staff.county_admin, site=site, upload=upload(JPEG))
    site_delete(actor=staff.county_admin, site=site)
    assert not Site.objects.exists() and not SitePhoto.objects.exists()
    assert AuditLog.objects.filter(action="site.delete").exists()


@pytest.mark.parametrize(
    "data,kind", [(JPEG, "image/jpeg"), (PNG, "image/png"), (WEBP, "image/webp")]
)
def test_photo_type_by_content(make_site, staff, data, kind):
    photo = site_photo_add(actor=staff.county_admin, site=make_site(), upload=upload(data, "x.bin"))
    assert photo.content_type == kind and bytes(photo.data) == data


def test_photo_refused_when_not_an_image_even_if_named_jpg(make_site, staff):
    site = make_site()
    with pytest.raises(ApplicationError) as exc:
        site_photo_add(actor=staff.county_admin, site=site, upload=upload(b"GIF89a" + b"0" * 50))
    assert exc.value.message == PHOTO_TYPE
    assert not SitePhoto.objects.exists()


def test_oversize_photo_refused(make_site, staff):
    site = make_site()
    big = JPEG + b"\x00" * (5 * 1024 * 1024)
    with pytest.raises(ApplicationError, match=message_pattern(PHOTO_TOO_LARGE)):
        site_photo_add(actor=staff.county_admin, site=site, upload=upload(big))
    assert not SitePhoto.objects.exists()
    # Exactly 5 MB is allowed.
    exact = JPEG + b"\x00" * (5 * 1024 * 1024 - len(JPEG))
    site_photo_add(actor=staff.county_admin, site=site, upload=upload(exact))
    assert SitePhoto.objects.count() == 1


def test_photo_count_limit(make_site, staff):
    site = make_site()
    for _ in range(PHOTO_MAX_COUNT):
        site_photo_add(actor=staff.county_admin, site=site, upload=upload(PNG))
    with pytest.raises(ApplicationError) as exc:
        site_photo_add(actor=staff.county_admin, site=site, upload=upload(PNG))
    assert exc.value.message == PHOTO_TOO_MANY.format(n=PHOTO_MAX_COUNT)
    assert SitePhoto.objects.count() == PHOTO_MAX_COUNT


# --- 会员评家 -------------------------------------------------------------------------------------


@pytest.fixture
def member_worker(make_worker, make_member, tree):
    member = make_member(tree.base_a, id_number="620102198506060044", name="李四")
    return make_worker("13900001111", name="李四", id_number="620102198506060044", member=member)


def test_rating_once_per_month_then_again_next_month(make_site, member_worker, monkeypatch):
    site = make_site()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 11, 21))
    site_rate(worker=member_worker, site=site, score=5, comment="热水很方便")
    with pytest.raises(Conflict) as exc:
        site_rate(worker=member_worker, site=site, score=1)
    assert exc.value.message == RATING_TWICE.format(site=site.name)
    assert SiteRating.objects.count() == 1
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: date(2026, 12, 1))
    site_rate(worker=member_worker, site=site, score=3)
    assert list(SiteRating.objects.order_by("month").values_list("month", "score")) == [
        (date(2026, 11, 1), 5),
        (date(2026, 12, 1), 3),
    ]


def test_rating_constraint_holds_in_the_database(make_site, member_worker):
    from django.db import IntegrityError, transaction

    site = make_site()
    SiteRating.objects.create(
        site=site, member=member_worker.member, score=4, month=date(2026, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteRating.objects.create(
            site=site, member=member_worker.member, score=2, month=date(2026, 1, 1)
        )


@pytest.mark.parametrize("score", [0, 6, "x", None])
def test_rating_score_must_be_1_to_5(make_site, member_worker, score):
    with pytest.raises(ApplicationError) as exc:
        site_rate(worker=member_worker, site=make_site(), score=score)
    assert exc.value.message == RATING_SCORE
    assert not SiteRating.objects.exists()


def test_rating_needs_a_holding_member(make_site, make_worker, member_worker, staff):
    site = make_site()
    not_member = make_worker("13900002222", name="王五", id_number="620102195503070016")
    for worker in (None, not_member):
        with pytest.raises(ApplicationError) as exc:
            site_rate(worker=worker, site=site, score=4)
        assert exc.value.message == RATING_NOT_MEMBER
    member_leave(actor=staff.sysadmin, member=member_worker.member, on=date(2026, 1, 5))
    member_worker.refresh_from_db()
    with pytest.raises(ApplicationError):
        site_rate(worker=member_worker, site=site, score=4)
    assert not SiteRating.objects.exists()


def test_average_rating(make_site, make_member, make_worker, tree, staff):
    from gonghui.sites.selectors import public_site_by_id

    site = make_site()
    ids = ["620102196812150022", "620103197702280038", "620502199210100058"]
    for n, (id_number, score) in enumerate(zip(ids, [5, 4, 2], strict=True)):
        member = make_member(tree.base_a, id_number=id_number)
        worker = make_worker(f"1370000000{n}", name="张三", id_number=id_number, member=member)
        site_rate(worker=worker, site=site, score=score)
    shown = public_site_by_id(site.pk)
    assert shown.rating_count == 3
    assert shown.rating_avg == pytest.approx(11 / 3)
    assert access_site_by_id(staff.county_staff, site.pk).rating_avg == pytest.approx(11 / 3)


def test_override_is_audited(make_site, staff):
    site = make_site()
    site_set_override(actor=staff.county_admin, site=site, override=Override.CLOSED)
    row = AuditLog.objects.get(action="site.override")
    assert row.changes == {"override": ["auto", "closed"]}
    with pytest.raises(ApplicationError):
        site_set_override(actor=staff.county_admin, site=site, override="maybe")
