"""Cleaning what people type or send, the same way on every boundary (forms, API, imports).

- Text: trimmed; NUL and the other control characters are refused (PostgreSQL cannot store NUL
  and answers a server error; the others are invisible and only ever come from a bad copy or an
  attack). A multi-line text keeps tab, line feed and carriage return; a single line refuses
  them too. Lone UTF-16 surrogates (valid JSON escapes, not valid text) are refused as well.
- Money: yuan with at most two decimals, from 0 (or above 0, where an amount may not be
  nothing) to `MAX_YUAN`: every money column is NUMERIC(14, 2), which holds up to
  999,999,999,999.99. A spreadsheet cell (`parse_yuan_cell`) may also end in 元 and is rounded
  to the fen, since a spreadsheet's floats carry binary noise (2400.1 reads 2400.0999999…).
- Code lists: a value of a `TextChoices`, documented in the OpenAPI as an enum with its Chinese
  labels.

The pydantic types (`Line`, `Text`, `Yuan`, `code_of`) put the same rules into API schemas, with
a JSON-schema pattern so clients (and schemathesis) know them.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from gonghui.core.errors import ApplicationError

TEXT_CONTROL = "{label}含有空字符或其他不可见的控制字符，请删除后重新输入。"
TEXT_LINE_BREAK = "{label}只能填写一行，请删除其中的换行符或制表符。"
CELL_CONTROL = "「{column}」列含有空字符或其他不可见的控制字符，请在表格中删除后重新导入。"
MONEY_INVALID = "{label}应为 0 到 {max} 元之间的金额，最多两位小数。"
MONEY_POSITIVE = "{label}应为大于 0、不超过 {max} 元的金额，最多两位小数。"
CELL_MONEY = "「{column}」应为 0 到 {max} 元之间的金额，如 2400 或 2400.50。"

# C0 controls but tab, LF and CR; DEL; C1 controls; lone surrogates.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_LINE_BREAKS = "\t\n\r"
CONTROL_CHARS = re.compile(f"[{_CONTROL}]")
LINE_CONTROL_CHARS = re.compile(f"[{_CONTROL}{_LINE_BREAKS}]")
# The same rules as JSON-schema patterns (ECMA regex, no surrogates: JSON text has none).
TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"

MAX_YUAN = Decimal("999999999999.99")
CENT = Decimal("0.01")


def text_problem(value: str, *, multiline: bool = False, label: str = "") -> str | None:
    """The Chinese message for a text that may not be stored, or None."""
    if CONTROL_CHARS.search(value):
        return TEXT_CONTROL.format(label=label or "内容")
    if not multiline and LINE_CONTROL_CHARS.search(value):
        return TEXT_LINE_BREAK.format(label=label or "内容")
    return None


def clean_text(
    value: Any, *, multiline: bool = False, label: str = "", field: str | None = None
) -> str:
    """`value` as trimmed text; ApplicationError (400, code `text_control`) if it holds control
    characters."""
    value = "" if value is None else str(value)
    problem = text_problem(value, multiline=multiline, label=label)
    if problem:
        raise ApplicationError(problem, code="text_control", field=field)
    return value.strip()


def control_cell(cells: dict) -> str | None:
    """The first column of an import row whose cell holds a control character (a cell may span
    lines: tab and line breaks are kept), or None. Each import refuses that row with
    CELL_CONTROL, in its own error report (the cell itself is left out of the report: a
    spreadsheet cannot hold it)."""
    # One search over the row's text first (no match in nearly every row), then the cells.
    if not CONTROL_CHARS.search("".join(v for v in cells.values() if isinstance(v, str))):
        return None
    for column, value in cells.items():
        if isinstance(value, str) and CONTROL_CHARS.search(value):
            return column
    return None


def _yuan_or_none(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value if value not in (None, "") else 0).strip().replace(",", ""))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and 0 <= amount <= MAX_YUAN else None


def money_message(label: str, *, positive: bool = False) -> str:
    """The refusal parse_yuan gives for `label` (for the constants services and tests share)."""
    return (MONEY_POSITIVE if positive else MONEY_INVALID).format(label=label, max=f"{MAX_YUAN:,}")


def parse_yuan(
    value: Any, *, label: str = "金额", field: str | None = None, positive: bool = False
) -> Decimal:
    """An amount in yuan: 0 to MAX_YUAN, at most two decimals; empty is 0. `positive` refuses 0
    (an amount paid, granted or budgeted is never nothing) with MONEY_POSITIVE."""
    amount = _yuan_or_none(value)
    if (
        amount is None
        or amount != amount.quantize(CENT, rounding="ROUND_DOWN")
        or (positive and amount == 0)
    ):
        raise ApplicationError(
            money_message(label, positive=positive), code="money_invalid", field=field
        )
    return amount.quantize(CENT)


def parse_yuan_cell(value: Any, *, column: str) -> Decimal | None:
    """An amount in a spreadsheet cell: as parse_yuan, but "元" may follow the number, the
    value is rounded half-up to the fen, and an empty cell is None. Refused with CELL_MONEY,
    which names the column."""
    raw = str(value if value is not None else "").strip().removesuffix("元")
    if not raw:
        return None
    amount = _yuan_or_none(raw)
    if amount is None:
        raise ApplicationError(
            CELL_MONEY.format(column=column, max=f"{MAX_YUAN:,}"),
            code="money_invalid",
            field=column,
        )
    return amount.quantize(CENT, rounding="ROUND_HALF_UP")


def code_labels(choices) -> str:
    """「phone 电话；online 网上」: the values of a code list with their Chinese labels."""
    return "；".join(f"{value} {label}" for value, label in choices.choices)


# --- Django form validators ---------------------------------------------------------------------


def validate_line(value: str) -> None:
    if problem := text_problem(str(value)):
        raise ValidationError(problem, code="text_control")


def validate_text(value: str) -> None:
    if problem := text_problem(str(value), multiline=True):
        raise ValidationError(problem, code="text_control")


# --- pydantic types for API schemas -------------------------------------------------------------


def _pydantic_check(multiline: bool):
    def check(value: str) -> str:
        if text_problem(value, multiline=multiline):
            kind = "text_control" if multiline else "line_control"
            raise PydanticCustomError(kind, "contains control characters")
        return value

    return check


# A single line (names, numbers, codes, short notes): trimmed, no control characters at all.
Line = Annotated[
    str,
    AfterValidator(_pydantic_check(multiline=False)),
    StringConstraints(strip_whitespace=True),
    Field(json_schema_extra={"pattern": LINE_PATTERN}),
]
# Free text that may span lines (descriptions, outcomes): tab, LF and CR allowed.
Text = Annotated[
    str,
    AfterValidator(_pydantic_check(multiline=True)),
    StringConstraints(strip_whitespace=True),
    Field(json_schema_extra={"pattern": TEXT_PATTERN}),
]
# A password: checked like a line but never trimmed (its spaces are part of it).
Secret = Annotated[
    str,
    AfterValidator(_pydantic_check(multiline=False)),
    Field(json_schema_extra={"pattern": LINE_PATTERN}),
]
# Money in yuan: documented bounds; the services parse and refuse with a Chinese 400.
Yuan = Annotated[
    Decimal,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": float(MAX_YUAN)},
                {"type": "string", "pattern": r"^[0-9]{1,12}(\.[0-9]{1,2})?$"},
            ],
            "description": f"金额（元），0 到 {MAX_YUAN:,}，最多两位小数",
        }
    ),
]


def code_of(choices, *, blank: bool = False, check: bool = False):
    """A code field of `choices` (a TextChoices): an enum in the OpenAPI with its Chinese
    labels. `blank` allows "" (a filter left empty, a code not yet set).

    In a body the service checks the value (a Chinese 400 that names the field, the same as the
    workbench form shows); `check=True` refuses any other value here (422 listing the codes),
    for query filters that no service checks."""
    values = [str(value) for value in choices.values] + ([""] if blank else [])
    labels = code_labels(choices)

    def refuse_unknown(value: str) -> str:
        if value not in values:
            raise PydanticCustomError("code_choice", "not one of the codes", {"labels": labels})
        return value

    schema = WithJsonSchema({"type": "string", "enum": values, "description": labels})
    line = AfterValidator(_pydantic_check(multiline=False))
    if check:
        return Annotated[str, line, AfterValidator(refuse_unknown), schema]
    return Annotated[str, line, schema]
