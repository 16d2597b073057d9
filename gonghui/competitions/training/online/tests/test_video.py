import io
import struct

import pytest

from gonghui.competitions.training.online.tests.conftest import WEBM, box, mp4_bytes, mvhd
from gonghui.competitions.training.online.video import (
    MP4,
    ByteRange,
    UnsatisfiableRange,
    mp4_seconds,
    parse_range,
    sniff,
)
from gonghui.competitions.training.online.video import (
    WEBM as WEBM_TYPE,
)


def test_sniff_knows_mp4_and_webm_by_their_first_bytes():
    assert sniff(mp4_bytes()[:64]) == MP4
    assert sniff(WEBM[:64]) == WEBM_TYPE
    assert sniff(b"%PDF-1.7 " + b"\x00" * 60) is None
    assert sniff(b"\x1a\x45\xdf\xa3" + b"matroska" + b"\x00" * 40) is None  # MKV, not WebM
    assert sniff(b"") is None


@pytest.mark.parametrize("version", [0, 1])
@pytest.mark.parametrize("moov_last", [False, True])
def test_mp4_length_from_mvhd_wherever_moov_lies(version, moov_last):
    data = mp4_bytes(754, version=version, moov_last=moov_last)
    assert mp4_seconds(io.BytesIO(data)) == 754


def test_mp4_length_with_a_64_bit_box_size():
    ftyp = box(b"ftyp", b"isom\x00\x00\x02\x00")
    body = b"\x00" * 100
    large_mdat = struct.pack(">I4sQ", 1, b"mdat", 16 + len(body)) + body
    moov = box(b"moov", mvhd(30))
    assert mp4_seconds(io.BytesIO(ftyp + large_mdat + moov)) == 30


@pytest.mark.parametrize(
    "data",
    [
        b"",
        box(b"ftyp", b"isom"),  # no moov
        box(b"ftyp", b"isom") + struct.pack(">I4s", 4, b"moov"),  # a box smaller than its header
        box(b"ftyp", b"isom") + struct.pack(">I4s", 10_000, b"moov") + b"\x00" * 20,  # truncated
        box(b"ftyp", b"isom") + box(b"moov", box(b"mvhd", b"\x00" * 8)),  # mvhd cut short
        box(b"ftyp", b"isom") + box(b"moov", box(b"mvhd", b"\x00" * 40)),  # timescale 0
    ],
)
def test_mp4_without_a_readable_mvhd_has_no_length(data):
    assert mp4_seconds(io.BytesIO(data)) is None


def test_mp4_walk_is_bounded_by_the_number_of_boxes():
    many = box(b"ftyp", b"isom") + box(b"free", b"") * 200 + box(b"moov", b"")
    assert mp4_seconds(io.BytesIO(many)) is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-99", ByteRange(0, 99)),
        ("bytes=100-", ByteRange(100, 999)),
        ("bytes=900-5000", ByteRange(900, 999)),  # the end is clipped to the file
        ("bytes=-100", ByteRange(900, 999)),  # the last 100 bytes
        ("bytes=-5000", ByteRange(0, 999)),
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("items=0-9", None),  # another unit: the whole file
    ],
)
def test_parse_range(header, expected):
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize(
    "header", ["bytes=1000-", "bytes=5000-6000", "bytes=500-100", "bytes=-0", "bytes=-", "bytes=x-"]
)
def test_unsatisfiable_ranges(header):
    with pytest.raises(UnsatisfiableRange):
        parse_range(header, 1000)
