"""Limits and checks for every uploaded file, by kind of upload.

Sizes (bytes, checked before anything reads the content):

| kind | limit | used by |
|---|---|---|
| spreadsheet import (.xlsx / .csv) | `SPREADSHEET_MAX_BYTES` 20 MB | members, orgs, sites, hardship archives, campaign payments |
| photo (JPEG / PNG / WebP) | `PHOTO_MAX_BYTES` 5 MB | site photos, home-visit photos |
| PDF proof (PDF / JPEG / PNG) | `PDF_MAX_BYTES` 5 MB | 金秋助学 admission proof |
| case attachment | `ATTACHMENT_MAX_BYTES` 10 MB | 12351 case attachments |

Larger member files go through `manage.py import_members` on the server, which has no byte
limit but the same checks of what is inside an XLSX.

Content is recognised by its first bytes with puremagic (`content_type`), whatever the file is
called: pure Python, maintained, and it knows the Office 97–2003 compound file from its header
(filetype needs 512+ bytes and a Word- or Excel-specific sub-header). The one signature added
here is the MPEG audio frame of MPEG-2/2.5 recordings, which puremagic lacks. An XLSX is a zip: before openpyxl opens it, `check_xlsx` reads the zip's central
directory (nothing is decompressed) and refuses too many parts, a part declaring more than
`XLSX_MAX_PART_BYTES` (parts that openpyxl loads whole: shared strings, styles, workbook) or
`XLSX_MAX_SHEET_BYTES` (worksheets, which are streamed), more than `XLSX_MAX_TOTAL_BYTES` in
all, or a part larger than 1 MB compressed more than `XLSX_MAX_RATIO` times. Python's zipfile
stops every part at its declared size (and then fails its CRC), so a lying directory does not
get past this. The XML inside is parsed safely: sheets and shared strings by defusedxml's
iterparse (openpyxl uses it once defusedxml is installed: entity declarations and external
references are refused), the small parts openpyxl reads whole by lxml with entities left
unresolved; whatever a hostile file makes openpyxl raise is one of
`XLSX_ERRORS`, which the readers turn into a Chinese message.
"""

import zipfile
import zlib
from xml.etree.ElementTree import ParseError

import puremagic
from openpyxl.utils.exceptions import InvalidFileException

from gonghui.core.errors import ApplicationError

MB = 1024 * 1024

SPREADSHEET_MAX_BYTES = 20 * MB
PHOTO_MAX_BYTES = 5 * MB
PDF_MAX_BYTES = 5 * MB
ATTACHMENT_MAX_BYTES = 10 * MB

XLSX_MAX_PARTS = 1000
XLSX_MAX_PART_BYTES = 64 * MB
XLSX_MAX_SHEET_BYTES = 256 * MB
XLSX_MAX_TOTAL_BYTES = 512 * MB
XLSX_MAX_RATIO = 200
XLSX_RATIO_FROM_BYTES = 1 * MB

# Rows and columns any spreadsheet import reads at most (Excel's own row limit; the templates
# have fewer than 40 columns). Each import has its own, lower row limit on top.
SPREADSHEET_MAX_ROWS = 1_048_576
SPREADSHEET_MAX_COLUMNS = 200

SPREADSHEET_TOO_LARGE = (
    "文件不能超过 {limit} MB（当前 {size:.1f} MB），请拆分后分批导入；"
    "更大的会员名单请由系统管理员在服务器上用 import_members 命令导入。"
)
XLSX_BOMB = (
    "该 Excel 文件解压后过大或压缩比异常（可能是恶意构造的文件），已拒绝读取。"
    "请在 Excel 中打开、另存为 .xlsx 后重新上传，或拆分为多个文件。"
)
XLSX_UNREADABLE = (
    "无法读取该文件：Excel 文件已损坏，或含有不允许的内容（如 XML 实体、外部引用）。"
    "请用 Excel 或 WPS 打开后另存为 .xlsx，再重新上传。"
)
TOO_MANY_ROWS = "文件超过 {n} 行，请拆分后分批导入。"
TOO_MANY_COLUMNS = "第{row}行超过 {n} 列，请使用下载的模板。"

# What openpyxl (zipfile, zlib, expat/lxml, defusedxml) raises on a damaged or hostile file.
# defusedxml's refusals (EntitiesForbidden, DTDForbidden, ExternalReferenceForbidden) are
# ValueErrors; expat's and lxml's syntax errors are SyntaxErrors.
XLSX_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    ParseError,
    SyntaxError,
    OSError,
    EOFError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
)
# Of those, what says the file is no zip at all (a plain "cannot read this file").
NOT_A_ZIP = (InvalidFileException, zipfile.BadZipFile)

JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
OLE2, ZIP = "application/x-ole-storage", "application/zip"
MP3, AMR, WAV = "audio/mpeg", "audio/amr", "audio/wav"
PHOTO_TYPES = (JPEG, PNG, WEBP)
# The refusal of a photo outside PHOTO_TYPES, shared by every app that takes photos.
PHOTO_TYPE_REFUSED = "只能上传 JPEG、PNG 或 WebP 格式的照片。"
PROOF_TYPES = (PDF, JPEG, PNG)

# content type -> (extensions puremagic reports for it, the least confidence that counts).
# Confidence tells how much of a signature matched: a bare RIFF header (0.4) is any RIFF file,
# a WAV or a WebP needs its own four-letter form (0.8).
_SIGNATURES = {
    JPEG: ({".jpg", ".jpeg", ".jfif", ".jpe"}, 0.3),
    PNG: ({".png"}, 0.0),
    WEBP: ({".webp"}, 0.8),
    PDF: ({".pdf"}, 0.0),
    OLE2: ({".doc", ".xls"}, 0.8),  # Office 97–2003 compound file
    ZIP: ({".zip", ".docx", ".xlsx"}, 0.4),  # Office Open XML
    MP3: ({".mp3", ".mpga"}, 0.0),
    AMR: ({".amr"}, 0.0),
    WAV: ({".wav"}, 0.8),
}
SNIFF_BYTES = 2048


def _mpeg_frame(head: bytes) -> bool:
    # puremagic knows MPEG-1 frames (FF FB) only; telephone recordings are often MPEG-2/2.5
    # (FF F3, FF E3): any frame header starts with 11 sync bits.
    return len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0


def content_type(head: bytes, allowed) -> str | None:
    """The first of the `allowed` content types that these first bytes are, or None."""
    try:
        matches = puremagic.magic_string(head[:SNIFF_BYTES])
    except (puremagic.PureError, ValueError):  # nothing recognised, or no bytes at all
        matches = []
    for kind in allowed:
        extensions, least = _SIGNATURES[kind]
        if any(m.extension in extensions and m.confidence >= least for m in matches):
            return kind
        if kind == MP3 and _mpeg_frame(head):
            return kind
    return None


def check_spreadsheet(upload, *, filename: str | None = None, field: str = "file") -> None:
    """An uploaded import file: its size, and for an XLSX what its zip declares."""
    filename = filename if filename is not None else str(getattr(upload, "name", "") or "")
    size = getattr(upload, "size", None) or 0
    if size > SPREADSHEET_MAX_BYTES:
        raise ApplicationError(
            SPREADSHEET_TOO_LARGE.format(limit=SPREADSHEET_MAX_BYTES // MB, size=size / MB),
            field=field,
        )
    if not filename.lower().endswith((".csv", ".txt")):
        check_xlsx(upload, field=field)


def check_xlsx(file, *, field: str = "file") -> bool:
    """Refuse a zip bomb from the zip's central directory alone (see the module note). `file`
    is a path or a seekable binary file, left rewound. Whether it is a zip at all: one that is
    not is left to the reader, which says so in its own words."""
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    total = 0
    for part in parts:
        limit = (
            XLSX_MAX_SHEET_BYTES
            if part.filename.startswith("xl/worksheets/sheet")
            else XLSX_MAX_PART_BYTES
        )
        total += part.file_size
        ratio_too_high = (
            part.file_size > XLSX_RATIO_FROM_BYTES
            and part.file_size > XLSX_MAX_RATIO * max(part.compress_size, 1)
        )
        if part.file_size > limit or ratio_too_high:
            raise ApplicationError(XLSX_BOMB, field=field)
    if len(parts) > XLSX_MAX_PARTS or total > XLSX_MAX_TOTAL_BYTES:
        raise ApplicationError(XLSX_BOMB, field=field)
    return True
