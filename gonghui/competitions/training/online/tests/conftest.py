import struct
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.competitions.models.training import Academy, AcademyLevel, Course, CourseMode
from gonghui.competitions.training.online.services import course_publish, course_video_upload


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def mvhd(seconds: int, *, version: int = 0, timescale: int = 1000) -> bytes:
    if version == 0:
        body = b"\x00\x00\x00\x00" + struct.pack(">IIII", 0, 0, timescale, seconds * timescale)
    else:
        body = b"\x01\x00\x00\x00" + struct.pack(">QQIQ", 0, 0, timescale, seconds * timescale)
    return box(b"mvhd", body + b"\x00" * 80)


def mp4_bytes(seconds: int = 600, *, version: int = 0, moov_last: bool = False) -> bytes:
    """A minimal MP4: `ftyp`, `moov` with its `mvhd`, and some `mdat` (not playable)."""
    ftyp = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
    moov = box(b"moov", mvhd(seconds, version=version) + box(b"trak", b"\x00" * 16))
    mdat = box(b"mdat", bytes(range(256)) * 16)
    return ftyp + (mdat + moov if moov_last else moov + mdat)


WEBM = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
    + b"\x00" * 200
)


def upload(data: bytes, name: str = "课程.mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="video/mp4")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def online_stats_consistent(request):
    """After every database test here, `training.online.*` agree with a recount."""
    from gonghui.conftest import with_database

    if not with_database(request):
        yield
        return
    yield
    from gonghui.metrics.registry import provider
    from gonghui.metrics.services import stats_differences

    mine = provider("training_online")
    wrong = [d for d in stats_differences() if mine.owns(d.metric)]
    if wrong:
        pytest.fail(f"online training roll-ups disagree with a recount: {wrong[:10]}")


@pytest.fixture
def academy(tree):
    """An academy hosted by 城关区总工会 (the offline side's services are not needed here)."""
    return Academy.objects.create(
        name="城关区工匠学院",
        level=AcademyLevel.CITY,
        org=tree.chengguan,
        naming_org=tree.lanzhou,
        named_on=date(2025, 5, 1),
    )


@pytest.fixture
def tianshui_academy(tree):
    return Academy.objects.create(
        name="天水市工匠学院",
        level=AcademyLevel.CITY,
        org=tree.qinzhou,
        naming_org=tree.tianshui,
        named_on=date(2025, 5, 1),
    )


@pytest.fixture
def make_course(academy):
    def make(*, title="焊接基础", mode=CourseMode.ONLINE, hours="2.0", on=None):
        return Course.objects.create(
            academy=on or academy, title=title, mode=mode, hours=Decimal(hours), trade="焊工"
        )

    return make


@pytest.fixture
def published_course(make_course, staff):
    """An online course of 城关区 with a 100-second video, published."""
    course = make_course()
    course_video_upload(actor=staff.county_admin, course=course, upload=upload(mp4_bytes(100)))
    return course_publish(actor=staff.county_admin, course=course, published=True)


@pytest.fixture
def learner(tree, make_member):
    return make_member(tree.base_a, name="李四")
