"""The federation's member template (STANDARDS.md) and how one row's cells become fields.

Columns are the 24 of the usual template, then the ones this platform adds. Code-list columns
take the label or the code (性别: 男 / 男性 / 1). Every function raises ApplicationError whose
`field` is the Chinese column name, so the error report can say which cell is wrong.
"""

import re
from dataclasses import dataclass
from datetime import date

from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import choice_lookup, header_name, parse_date, text
from gonghui.members.codes import (
    EDUCATION_CHOICES,
    EMPLOYMENT_CHOICES,
    ETHNICITY_CHOICES,
    GENDER_CHOICES,
    HOUSEHOLD_CHOICES,
    ID_TYPE_CHOICES,
    MEMBER_TYPE_CHOICES,
    POLITICAL_CHOICES,
    TECH_LEVEL_CHOICES,
    Category,
    ChangeReason,
    ChangeType,
    MemberStatus,
)
from gonghui.members.idnumber import IdNumber, parse_id_number, parse_phone

TEMPLATE = [
    "用户名",
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "移动电话",
    "有效证件类别",
    "证件号码",
    "所属企业/工会",
    "邮箱",
    "工会会员号",
    "工种",
    "企业工号",
    "职称",
    "参加工作年份",
    "微信号",
    "支付宝账号",
    "就业状况",
    "户籍类型",
    "学历",
    "技术等级",
    "会籍变化类型",
    "会籍变化日期",
    "会籍变化原因",
]
EXTRA = ["职工类别", "入会日期", "政治面貌", "籍贯", "工作单位", "会员类型"]
HEADER = TEMPLATE + EXTRA
# Template columns deliberately not read, with the reason the import page and the template's
# notes give (no warning when a file carries them). 工会会员号 is not matched either: a file from
# another system carries that system's numbers, so checking them would fail every re-import of
# the same file, and adopting them could collide with the numbers issued here.
UNREAD = {
    "用户名": "职工的登录账号由本人在服务平台注册，不随会员名册导入",
    "工会会员号": "会员卡号由本系统按所属县区发放；重复导入时按证件号码识别会员",
    "微信号": "按个人信息最小必要原则，本系统不收集职工的微信号",
    "支付宝账号": "按个人信息最小必要原则，本系统不收集职工的支付宝账号",
}
COLUMNS = [c for c in HEADER if c not in UNREAD]
REQUIRED = {"姓名", "证件号码", "移动电话"}
ORG_COLUMN = "所属企业/工会"

REQUIRED_EMPTY = "请填写「{name}」。"
ID_IS_NUMBER = (
    "证件号码「{value}」被 Excel 当成了数字（显示为科学计数法或丢了末位），无法还原。"
    "请把这一列设为「文本」格式，重新粘贴或输入证件号码后再导入。"
)
ID_TYPE_UNSUPPORTED = "目前只能导入以居民身份证登记的会员，其他证件请在「新增会员」页面逐个登记。"
CODE_UNKNOWN = "「{value}」不是有效的{name}，可填：{choices}。"
GENDER_MISMATCH = "性别「{value}」与身份证号不符（身份证号为{expected}）。"
BIRTH_MISMATCH = "出生日期 {value} 与身份证号中的 {expected} 不符。"
YEAR_INVALID = "参加工作年份「{value}」应为4位年份，如 2015。"
STATUS_UNSUPPORTED = "会籍变化类型为「{value}」的人员不能导入为会员，只能导入在会或保留会籍的会员。"
TOO_LONG = "「{name}」不能超过{n}个字。"
REASON_UNKNOWN = "会籍变化原因「{value}」无法识别，可填：{choices}。"

_SCIENTIFIC = re.compile(r"^[0-9.]+[eE][+\-]?[0-9]+$")

_CODE_COLUMNS = {
    "性别": ("gender", GENDER_CHOICES, {"男": "1", "女": "2", "未知": "0"}),
    "民族": (
        "ethnicity",
        ETHNICITY_CHOICES,
        {n.removesuffix("族"): c for c, n in ETHNICITY_CHOICES},
    ),
    "有效证件类别": ("id_type", ID_TYPE_CHOICES, {"居民身份证": "1", "身份证号": "1"}),
    "就业状况": ("employment_status", EMPLOYMENT_CHOICES, {"待岗": "2", "下岗": "2", "退养": "7"}),
    "户籍类型": ("household_type", HOUSEHOLD_CHOICES, {"农业": "1", "非农业": "2", "居民": "3"}),
    "学历": (
        "education",
        EDUCATION_CHOICES,
        {"本科": "20", "大专": "30", "专科": "30", "中专": "40", "高中": "60", "硕士": "10"},
    ),
    "技术等级": ("tech_level", TECH_LEVEL_CHOICES, {"高级技师": "1", "技师": "2"}),
    "政治面貌": ("political_status", POLITICAL_CHOICES, {"党员": "01", "团员": "03"}),
    "会员类型": ("member_type", MEMBER_TYPE_CHOICES, {}),
    "职工类别": (
        "category",
        Category.choices,
        {label.removeprefix("新就业形态-"): value for value, label in Category.choices},
    ),
}
_LOOKUPS = {
    col: choice_lookup(choices, aliases) for col, (_, choices, aliases) in _CODE_COLUMNS.items()
}
_TEXT_COLUMNS = {
    "工种": ("job", 60),
    "企业工号": ("employee_no", 40),
    "职称": ("title", 40),
    "籍贯": ("native_place", 60),
    "工作单位": ("employer", 120),
    "邮箱": ("email", 254),
}
_STATUS = {
    "": MemberStatus.ACTIVE,
    ChangeType.JOIN: MemberStatus.ACTIVE,
    ChangeType.TRANSFER_IN: MemberStatus.ACTIVE,
    ChangeType.RETAIN: MemberStatus.RETAINED,
}
_CHANGE_TYPES = choice_lookup(ChangeType.choices)
_CHANGE_REASONS = choice_lookup(ChangeReason.choices)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CellError(ApplicationError):
    """A bad cell: `column` and the raw `value` go into the error report."""

    def __init__(self, message: str, *, column: str, value: object = ""):
        super().__init__(message, field=column)
        self.column = column
        self.value = "" if value is None else str(value)


@dataclass
class MemberRow:
    number: int
    id: IdNumber
    phone: str
    name: str
    org_name: str
    joined_on: date | None
    status: str
    status_changed_on: date | None
    fields: dict
    change_reason: str = ""


def id_number_cell(value, *, today: date | None = None) -> IdNumber:
    if isinstance(value, int | float) or _SCIENTIFIC.match(text(value)):
        raise CellError(ID_IS_NUMBER.format(value=text(value)), column="证件号码", value=value)
    try:
        return parse_id_number(text(value), today=today)
    except ApplicationError as exc:
        raise CellError(exc.message, column="证件号码", value=value) from None


def code_cell(column: str, value) -> str:
    raw = text(value)
    if not raw:
        return ""
    lookup = _LOOKUPS[column]
    code = lookup.get(raw)
    if code is None:
        raw = header_name(raw)
        code = lookup.get(raw) or lookup.get(raw.upper())
    if code is None:
        choices = "、".join(label for _, label in _CODE_COLUMNS[column][1])
        raise CellError(
            CODE_UNKNOWN.format(value=raw, name=column, choices=choices), column=column, value=value
        )
    return code


def date_cell(column: str, value) -> date | None:
    try:
        return parse_date(value)
    except ApplicationError as exc:
        raise CellError(exc.message, column=column, value=value) from None


def parse_row(number: int, cells: dict[str, object], *, today: date | None = None) -> MemberRow:
    """One row's cells (raw, as read) → a MemberRow, or CellError for the first bad cell.
    `today` (default: the local date) bounds the birth date of the ID number."""
    if column := control_cell(cells):
        raise CellError(CELL_CONTROL.format(column=column), column=column)
    for column in REQUIRED:
        if not text(cells.get(column)):
            raise CellError(REQUIRED_EMPTY.format(name=column), column=column)
    if code_cell("有效证件类别", cells.get("有效证件类别")) not in ("", "1"):
        raise CellError(ID_TYPE_UNSUPPORTED, column="有效证件类别", value=cells["有效证件类别"])
    parsed = id_number_cell(cells["证件号码"], today=today)
    try:
        phone = parse_phone(text(cells["移动电话"]))
    except ApplicationError as exc:
        raise CellError(exc.message, column="移动电话", value=cells["移动电话"]) from None
    name = re.sub(r"\s+", "", text(cells["姓名"]))
    if len(name) > 40:
        raise CellError(TOO_LONG.format(name="姓名", n=40), column="姓名", value=name)

    fields: dict = {}
    for column, (field, *_rest) in _CODE_COLUMNS.items():
        if column in cells:
            code = code_cell(column, cells[column])
            if code:
                fields[field] = code
    gender = fields.pop("gender", "")
    if gender in ("1", "2") and gender != parsed.gender:
        expected = dict(GENDER_CHOICES)[parsed.gender]
        raise CellError(
            GENDER_MISMATCH.format(value=text(cells["性别"]), expected=expected),
            column="性别",
            value=cells["性别"],
        )
    fields.pop("id_type", None)
    birth = date_cell("出生日期", cells.get("出生日期"))
    if birth and birth != parsed.birth_date:
        raise CellError(
            BIRTH_MISMATCH.format(value=birth, expected=parsed.birth_date),
            column="出生日期",
            value=cells["出生日期"],
        )
    for column, (field, limit) in _TEXT_COLUMNS.items():
        value = text(cells.get(column))
        if len(value) > limit:
            raise CellError(TOO_LONG.format(name=column, n=limit), column=column, value=value)
        if value and column == "邮箱" and not _EMAIL.match(value):
            raise CellError("邮箱格式不正确。", column=column, value=value)
        if value:
            fields[field] = value
    year = text(cells.get("参加工作年份"))
    if year:
        if not re.fullmatch(r"(19|20)[0-9]{2}", year):
            raise CellError(YEAR_INVALID.format(value=year), column="参加工作年份", value=year)
        fields["work_start_year"] = int(year)

    change = header_name(text(cells.get("会籍变化类型")))
    change_code = _CHANGE_TYPES.get(change, None) if change else ""
    if change_code is None or change_code not in _STATUS:
        raise CellError(
            STATUS_UNSUPPORTED.format(value=change), column="会籍变化类型", value=change
        )
    status = _STATUS[change_code]
    reason_text = text(cells.get("会籍变化原因"))
    reason = _CHANGE_REASONS.get(header_name(reason_text), None) if reason_text else ""
    if reason is None:
        choices = "、".join(ChangeReason.labels)
        raise CellError(
            REASON_UNKNOWN.format(value=reason_text, choices=choices),
            column="会籍变化原因",
            value=reason_text,
        )
    changed_on = date_cell("会籍变化日期", cells.get("会籍变化日期"))
    joined_on = date_cell("入会日期", cells.get("入会日期"))
    if joined_on is None and status == MemberStatus.ACTIVE:
        joined_on = changed_on
    return MemberRow(
        number=number,
        id=parsed,
        phone=phone,
        name=name,
        org_name=text(cells.get(ORG_COLUMN)),
        joined_on=joined_on,
        status=status,
        status_changed_on=changed_on,
        fields=fields,
        change_reason=reason,
    )


def template_notes() -> list[tuple[str, str]]:
    """What to write in each column, for the template's second sheet."""
    notes = [
        (
            "证件号码",
            "18位身份证号（旧15位也可）；请先把这一列设为「文本」格式，否则 Excel 会改坏号码",
        ),
        ("移动电话", "11位手机号，可带 +86"),
        (ORG_COLUMN, "本工会或下级工会的全称，或其社会信用代码；留空则用导入页选择的默认工会"),
        ("性别、出生日期", "可不填，按身份证号；填写时须与身份证号一致"),
        ("入会日期", "如 2023-05-01、2023/5/1、2023.5.1、2023年5月1日；留空为导入当天"),
        ("会籍变化类型", "留空或 入会、转入（在会），保留（保留会籍）"),
        (
            "会籍变化原因",
            "可留空；填名称或代码，记入新会员该次会籍变化的记录："
            + "、".join(f"{c} {label}" for c, label in ChangeReason.choices),
        ),
    ]
    notes += [(column, "仅供参考，导入时不读取：" + why) for column, why in UNREAD.items()]
    for column, (_, choices, _aliases) in _CODE_COLUMNS.items():
        notes.append((column, "填名称或代码：" + "、".join(f"{c} {label}" for c, label in choices)))
    return notes
