"""Hostile spreadsheets, built in the tests: a decompression bomb and XML-entity workbooks; and
the process's memory, read from /proc (Linux)."""

import io
import re
import zipfile

GIB = 1024 * 1024 * 1024

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)
EXTERNAL = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}


def _sheet(header, second_row: str) -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for i, name in enumerate(header)
    )
    return (
        f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1">{cells}</row>'
        f'<row r="2">{second_row}</row></sheetData></worksheet>'
    )


def _xlsx(sheet: str, shared_strings, parts=None) -> bytes:
    """A minimal workbook: one sheet and its shared strings (text, or a callable writing them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, content in {**_PARTS, **(parts or {})}.items():
            book.writestr(name, content)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
        if callable(shared_strings):
            with book.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                shared_strings(part)
        else:
            book.writestr("xl/sharedStrings.xml", shared_strings)
    return out.getvalue()


def plain_workbook(header, value: str = "x") -> bytes:
    """The same workbook as the hostile ones below, without the hostility (a control)."""
    return _xlsx(
        _sheet(header, '<c r="A2" t="s"><v>0</v></c>'),
        f'<sst xmlns="{_MAIN}"><si><t>{value}</t></si></sst>',
    )


def shared_string_bomb(header, size: int = GIB) -> bytes:
    """About 1 MB of XLSX whose shared strings hold one string of `size` bytes (deflate)."""

    def write(part):
        part.write(f'<sst xmlns="{_MAIN}"><si><t>'.encode())
        chunk = b"a" * (1024 * 1024)
        for _ in range(size // len(chunk)):
            part.write(chunk)
        part.write(b"</t></si></sst>")

    return _xlsx(_sheet(header, '<c r="A2" t="s"><v>0</v></c>'), write)


def entity_workbooks(header) -> dict[str, bytes]:
    """Billion laughs in the shared strings (read by defusedxml) and in the workbook part (read
    by lxml), and an external entity in the sheet."""
    laughs = LAUGHS + f'<sst xmlns="{_MAIN}"><si><t>&lol9;</t></si></sst>'
    sheet = _sheet(header, '<c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c>')
    return {
        "billion_laughs": _xlsx(_sheet(header, '<c r="A2" t="s"><v>0</v></c>'), laughs),
        "workbook_laughs": _xlsx(
            _sheet(header, '<c r="A2" t="s"><v>0</v></c>'),
            f'<sst xmlns="{_MAIN}"><si><t>x</t></si></sst>',
            {"xl/workbook.xml": LAUGHS + _PARTS["xl/workbook.xml"].replace("Sheet1", "&lol9;")},
        ),
        "external_entity": _xlsx(EXTERNAL + sheet, f'<sst xmlns="{_MAIN}"><si><t>x</t></si></sst>'),
    }


def lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with the central directory declaring `size` uncompressed bytes for `name`."""
    data = bytearray(data)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_length] == name.encode():
            data[at + 24 : at + 28] = size.to_bytes(4, "little")
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise KeyError(name)


def _status_kb(key: str) -> int:
    with open("/proc/self/status") as status:
        return int(re.search(rf"^{key}:\s+(\d+) kB", status.read(), re.M).group(1))


class PeakMemory:
    """Peak resident memory while the block runs, over the resident memory before it (MB): the
    kernel's high-water mark (VmHWM) is reset first by writing 5 to /proc/self/clear_refs."""

    def __enter__(self):
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        self.before = _status_kb("VmRSS")
        return self

    def __exit__(self, *exc):
        self.growth_mb = (_status_kb("VmHWM") - self.before) / 1024
        return False
