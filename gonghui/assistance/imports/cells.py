"""One row's cells → the archive's own fields: code lists, yes/no flags, dates, areas and money,
the incomes recomputed and checked. The applicant, org and poverty line come in `archives`."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from gonghui.assistance.codes import ArchiveStatus, Cause
from gonghui.assistance.imports.common import (
    _CAUSE_SEPARATORS,
    _CAUSES,
    _CODES,
    _FLAGS,
    _LOOKUPS,
    _NO,
    _YES,
    ANNUAL_MISMATCH,
    ARCHIVED_IN_FUTURE,
    AREA_INVALID,
    CODE_UNKNOWN,
    CONTRACT_ORDER,
    DIVISION_INVALID,
    FLAG_INVALID,
    HEADER,
    PER_CAPITA_MISMATCH,
    REQUIRED,
    REQUIRED_EMPTY,
    SIZE_INVALID,
    STATUS_NOT_IMPORTABLE,
    _RowError,
)
from gonghui.assistance.services.archives import archive_income
from gonghui.core.cleaning import parse_yuan_cell
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import header_name, parse_date, text


def _money(cells: dict, column: str, *, required: bool = False) -> Decimal | None:
    raw = text(cells.get(column))
    if not raw and required:
        raise _RowError(REQUIRED_EMPTY.format(name=column), column)
    try:
        return parse_yuan_cell(raw, column=column)
    except ApplicationError as exc:
        raise _RowError(exc.message, column, raw) from None


def _flag(cells: dict, column: str, default: bool) -> bool:
    raw = text(cells.get(column)).lower()
    if not raw:
        return default
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise _RowError(FLAG_INVALID.format(name=column), column, raw)


def _date(cells: dict, column: str) -> date | None:
    try:
        return parse_date(cells.get(column))
    except ApplicationError as exc:
        raise _RowError(exc.message, column, cells.get(column)) from None


def _causes(cells: dict) -> list[str]:
    raw = text(cells.get("致困原因"))
    causes: list[str] = []
    for part in _CAUSE_SEPARATORS.split(raw):
        if not part:
            continue
        code = _CAUSES.get(header_name(part))
        if code is None:
            choices = "、".join(Cause.labels)
            raise _RowError(
                CODE_UNKNOWN.format(value=part, name="致困原因", choices=choices), "致困原因", raw
            )
        if code not in causes:
            causes.append(code)
    if not causes:
        raise _RowError(REQUIRED_EMPTY.format(name="致困原因"), "致困原因")
    return causes


def _fields(cells: dict, *, today: date) -> dict:
    """The archive's own fields from one row (no applicant, org or poverty line yet)."""
    for column in HEADER:
        if column in REQUIRED and not text(cells.get(column)):
            raise _RowError(REQUIRED_EMPTY.format(name=column), column)
    status = text(cells.get("状态"))
    if status and status not in (ArchiveStatus.ARCHIVED.label, ArchiveStatus.ARCHIVED.value):
        raise _RowError(STATUS_NOT_IMPORTABLE.format(value=status), "状态", status)
    fields: dict = {}
    for column, (name, choices, _) in _CODES.items():
        raw = text(cells.get(column))
        if not raw:
            fields[name] = ""
            continue
        code = _LOOKUPS[column].get(header_name(raw))
        if code is None:
            labels = "、".join(label for _, label in choices)
            raise _RowError(
                CODE_UNKNOWN.format(value=raw, name=column, choices=labels), column, raw
            )
        fields[name] = code
    fields["causes"] = _causes(cells)
    for column, (name, default) in _FLAGS.items():
        fields[name] = _flag(cells, column, default)
    fields["criterion"] = text(cells.get("建档标准"))[:200]
    fields["industry"] = text(cells.get("所属行业"))[:40]
    division = text(cells.get("户口所在地行政区划"))
    if division and (not division.isdigit() or len(division) not in (6, 12)):
        raise _RowError(DIVISION_INVALID, "户口所在地行政区划", division)
    fields["hukou_division"] = division
    area = text(cells.get("住房面积"))
    if area:
        try:
            fields["housing_area"] = Decimal(area).quantize(Decimal("0.1"), ROUND_HALF_UP)
        except InvalidOperation:
            raise _RowError(AREA_INVALID, "住房面积", area) from None
        if fields["housing_area"] < 0 or fields["housing_area"] >= 1_000_000:
            raise _RowError(AREA_INVALID, "住房面积", area)
    else:
        fields["housing_area"] = None
    fields["contract_start"] = _date(cells, "劳动合同开始日期")
    fields["contract_end"] = _date(cells, "劳动合同结束日期")
    if (
        fields["contract_start"]
        and fields["contract_end"]
        and fields["contract_end"] < fields["contract_start"]
    ):
        raise _RowError(CONTRACT_ORDER, "劳动合同结束日期", cells.get("劳动合同结束日期"))
    archived_on = _date(cells, "建档日期")
    if archived_on > today:
        raise _RowError(ARCHIVED_IN_FUTURE, "建档日期", cells.get("建档日期"))
    fields["archived_on"] = archived_on
    fields.update(_income(cells))
    return fields


def _income(cells: dict) -> dict:
    monthly = _money(cells, "月收入", required=True)
    other = _money(cells, "家庭其他年收入") or Decimal(0)
    size_raw = text(cells.get("家庭人口"))
    if not size_raw.isdigit() or not 1 <= int(size_raw) <= 20:
        raise _RowError(SIZE_INVALID, "家庭人口", size_raw)
    size = int(size_raw)
    try:
        annual, per_capita = archive_income(monthly, other, size)
    except ApplicationError as exc:
        raise _RowError(exc.message, "月收入", monthly) from None
    given = _money(cells, "家庭年度总收入")
    if given is not None and given != annual:
        raise _RowError(
            ANNUAL_MISMATCH.format(expected=annual, given=given), "家庭年度总收入", given
        )
    given = _money(cells, "家庭月人均收入")
    if given is not None and given != per_capita:
        raise _RowError(
            PER_CAPITA_MISMATCH.format(expected=per_capita, given=given), "家庭月人均收入", given
        )
    return {
        "monthly_income": monthly,
        "other_annual_income": other,
        "annual_income": annual,
        "household_size": size,
        "per_capita_monthly": per_capita,
    }
