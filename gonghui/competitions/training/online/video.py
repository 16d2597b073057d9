"""Course videos: what an upload is (MP4 or WebM, by its first bytes), how long an MP4 runs
(its `mvhd` box), and serving the file with HTTP Range requests or through nginx.

Limits: `VIDEO_MAX_BYTES` (1 GB) per video, checked before anything reads the content;
`VIDEO_MAX_SECONDS` (6 hours) for the length. The file is stored under MEDIA_ROOT with a random
name (`training/videos/<year>/<month>/<32 hex>.mp4`), never the name it was uploaded with, and
is reached only through the course's video view, which checks the viewer first.

Serving: with `GONGHUI_MEDIA_ACCEL_PREFIX` set (e.g. `/protected-media/`), the view answers
with `X-Accel-Redirect: <prefix><file name>` and nginx sends the bytes from an `internal`
location (README, 线上课程); without it (`make run`, tests) Django streams the file itself and
answers a single `Range: bytes=a-b` with 206 and `Content-Range`, which the player needs to seek.
"""

import os
import re
import struct
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

MB = 1024 * 1024
VIDEO_MAX_BYTES = 1024 * MB
VIDEO_MAX_SECONDS = 6 * 3600
MP4, WEBM = "video/mp4", "video/webm"
EXTENSIONS = {MP4: ".mp4", WEBM: ".webm"}
CHUNK = 64 * 1024
# Boxes looked at, at most, while walking an MP4 for its `moov` (a real file has a handful).
MAX_BOXES = 64

_EBML = b"\x1a\x45\xdf\xa3"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def content_type_of(name: str) -> str:
    return WEBM if name.endswith(".webm") else MP4


def sniff(head: bytes) -> str | None:
    """MP4 (an ISO BMFF `ftyp` box first) or WebM (EBML with the `webm` doctype), else None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return MP4
    if head.startswith(_EBML) and b"webm" in head[:64]:
        return WEBM
    return None


def _box_header(file) -> tuple[int, bytes, int] | None:
    """(size of the whole box, its type, size of its header) at the file's position."""
    header = file.read(8)
    if len(header) < 8:
        return None
    size, kind = struct.unpack(">I4s", header)
    if size == 1:
        large = file.read(8)
        if len(large) < 8:
            return None
        return struct.unpack(">Q", large)[0], kind, 16
    return size, kind, 8


def mp4_seconds(file) -> int | None:
    """The length of an MP4 in whole seconds, from `moov/mvhd` (duration / timescale), or None
    when the file has no readable one. `file` is a seekable binary file; only box headers and
    the mvhd box are read, wherever `moov` lies (front or end of the file)."""
    file.seek(0, os.SEEK_END)
    end = file.tell()
    position = 0
    for _ in range(MAX_BOXES):
        file.seek(position)
        box = _box_header(file)
        if box is None:
            return None
        size, kind, header = box
        if size == 0:  # "to the end of the file"
            size = end - position
        if size < header or position + size > end:
            return None
        if kind == b"moov":
            return _mvhd_seconds(file, position + header, position + size)
        position += size
    return None


def _mvhd_seconds(file, start: int, stop: int) -> int | None:
    position = start
    for _ in range(MAX_BOXES):
        if position >= stop:
            return None
        file.seek(position)
        box = _box_header(file)
        if box is None:
            return None
        size, kind, header = box
        if size < header:
            return None
        if kind == b"mvhd":
            body = file.read(min(size - header, 32))
            version = body[:1]
            if version == b"\x00" and len(body) >= 20:
                timescale, duration = struct.unpack(">II", body[12:20])
            elif version == b"\x01" and len(body) >= 32:
                timescale, duration = struct.unpack(">IQ", body[20:32])
            else:
                return None
            if not timescale or duration in (0, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF):
                return None
            return round(duration / timescale)
        position += size
    return None


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class UnsatisfiableRange(Exception):
    pass


def parse_range(header: str, size: int) -> ByteRange | None:
    """The one range of a `Range: bytes=…` header, or None to send the whole file (no header,
    another unit, or several ranges, which RFC 9110 lets a server ignore). A range that asks
    for nothing inside the file raises `UnsatisfiableRange` (416)."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if match is None:
        if header.strip().startswith("bytes=") and "," not in header:
            raise UnsatisfiableRange
        return None
    first, last = match.groups()
    if not first and not last:
        raise UnsatisfiableRange
    if not first:  # the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise UnsatisfiableRange
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        raise UnsatisfiableRange
    return ByteRange(start, end)


def _chunks(file, byte_range: ByteRange):
    try:
        file.seek(byte_range.start)
        left = byte_range.length
        while left > 0:
            data = file.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        file.close()


def video_response(fieldfile, content_type: str, range_header: str) -> HttpResponse:
    """The video of `fieldfile` (a course's `video`), by nginx or by Django with ranges."""
    prefix = settings.GONGHUI_MEDIA_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + fieldfile.name
    else:
        size = fieldfile.size
        try:
            byte_range = parse_range(range_header, size)
        except UnsatisfiableRange:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        if byte_range is None:
            response = FileResponse(fieldfile.open("rb"), content_type=content_type)
        else:
            response = StreamingHttpResponse(
                _chunks(fieldfile.open("rb"), byte_range), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {byte_range.start}-{byte_range.end}/{size}"
            response["Content-Length"] = str(byte_range.length)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
