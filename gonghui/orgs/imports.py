"""Org import from the federation's XLSX/CSV template (STANDARDS.md, "Union organisation").

Each row goes through `org_create_child` / `org_update` (scope, USCC check, audit, roll-ups), so
an org import is as safe as the form; orgs are few next to members (a province has ~100,000).
A parent is found by name (or USCC) in the user's subtree, or among the rows above. A row whose
parent already has a child of that name updates it when a field differs and is skipped as
unchanged otherwise: importing the same file twice creates nothing new.

Modes as for members: `all` rolls everything back if any row fails; `valid` keeps the good rows
(each row in its own savepoint). The whole file is one transaction either way (orgs are few), and
it ends with the roll-up recount of the orgs touched. `on_progress(summary)` is called after each
chunk of rows; if it returns True the import stops: mode `all` then writes nothing, mode `valid`
keeps (commits) the rows done so far.
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from gonghui.accounts.permissions import Perm
from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record
from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.tabular import (
    ErrorReport,
    choice_lookup,
    header_name,
    mask_cell,
    open_table,
    parse_date,
    text,
)
from gonghui.imports.kinds import JobSummary
from gonghui.metrics.services import stats_refresh_orgs
from gonghui.orgs.codes import INDUSTRY_CHOICES, UNIT_NATURE_CHOICES
from gonghui.orgs.models import Org, OrgStatus, OrgType
from gonghui.orgs.selectors import orgs_in_scope
from gonghui.orgs.services import org_create_child, org_update

TEMPLATE = [
    "单位名称",
    "上级工会（企业）名称",
    "组织机构代码",
    "单位地址",
    "单位所在政区",
    "单位性质类别",
    "经济类型",
    "工会/企业负责人",
    "联系电话",
    "单位所属行业",
    "社会信用代码",
    "建会日期",
    "基层工会类型",
]
EXTRA = ["工会简称", "工会类型", "职工人数"]
HEADER = TEMPLATE + EXTRA
# Template columns deliberately not read, with the reason the import page gives (no warning).
UNREAD = {
    "组织机构代码": "已由「社会信用代码」取代（18位社会信用代码的第9至17位即组织机构代码）",
    "经济类型": "本系统按「单位性质类别」统计，不另存经济类型",
    "联系电话": "本系统暂不保存单位的联系电话",
    "基层工会类型": "工会的类型请填在「工会类型」列（如 基层工会、产业(系统)工会）",
}
COLUMNS = [c for c in HEADER if c not in UNREAD]
REQUIRED = {"单位名称", "上级工会（企业）名称"}
PARENT = "上级工会（企业）名称"

NO_PERMISSION = "您没有管理工会组织的权限。"
REQUIRED_EMPTY = "请填写「{name}」。"
PARENT_UNKNOWN = "上级工会「{value}」不在您管理的范围内，也不在本文件的前面几行中。"
PARENT_SUGGEST = "您要找的是不是：{names}？"
PARENT_AMBIGUOUS = "上级工会「{value}」有{n}个同名工会，请改填其社会信用代码。"
CODE_UNKNOWN = "「{value}」不是有效的{name}，可填：{choices}。"
DIVISION_INVALID = "单位所在政区应为6位或12位行政区划代码，如 620102。"
COUNT_INVALID = "职工人数应为不小于0的整数。"
DUPLICATE_ROW = "与第{other}行的单位名称和上级工会相同。"

CHUNK_SIZE = 500  # rows between two progress reports (and cancel checks)

_CODES = {
    "单位性质类别": ("unit_nature", choice_lookup(UNIT_NATURE_CHOICES), UNIT_NATURE_CHOICES),
    "单位所属行业": ("industry", choice_lookup(INDUSTRY_CHOICES), INDUSTRY_CHOICES),
    "工会类型": ("org_type", choice_lookup(OrgType.choices), OrgType.choices),
}


@dataclass
class OrgImportSummary(JobSummary):
    errors: list[tuple[int, str, str]] = field(default_factory=list)


class _RowError(ApplicationError):
    def __init__(self, message: str, column: str, value=""):
        super().__init__(message, field=column)
        self.column, self.value = column, text(value)


def _fields(cells: dict) -> dict:
    fields: dict = {}
    for column, (name, lookup, choices) in _CODES.items():
        raw = text(cells.get(column))
        if raw:
            code = lookup.get(header_name(raw))
            if code is None:
                labels = "、".join(label for _, label in choices)
                raise _RowError(
                    CODE_UNKNOWN.format(value=raw, name=column, choices=labels), column, raw
                )
            fields[name] = code
    division = text(cells.get("单位所在政区"))
    if division:
        if not division.isdigit() or len(division) not in (6, 12):
            raise _RowError(DIVISION_INVALID, "单位所在政区", division)
        fields["division_code"] = division.ljust(12, "0")
    for column, name in [
        ("单位地址", "address"),
        ("工会/企业负责人", "chair_name"),
        ("工会简称", "short_name"),
    ]:
        if text(cells.get(column)):
            fields[name] = text(cells[column])
    uscc = text(cells.get("社会信用代码")).upper()
    if uscc:
        fields["uscc"] = uscc
    try:
        founded = parse_date(cells.get("建会日期"))
    except ApplicationError as exc:
        raise _RowError(exc.message, "建会日期", cells.get("建会日期")) from None
    if founded:
        fields["founded_on"] = founded
    workers = text(cells.get("职工人数"))
    if workers:
        if not workers.isdigit():
            raise _RowError(COUNT_INVALID, "职工人数", workers)
        fields["workers_count"] = int(workers)
    return fields


class _Parents:
    def __init__(self, actor):
        self.actor = actor
        self.from_file: dict[str, Org] = {}
        self._names: list[str] | None = None

    def get(self, name: str) -> Org:
        if name in self.from_file:
            return self.from_file[name]
        found = list(
            orgs_in_scope(self.actor)
            .filter(status=OrgStatus.ACTIVE)
            .filter(**({"uscc": name} if len(name) == 18 and name.isalnum() else {"name": name}))[
                :5
            ]
        )
        if len(found) == 1:
            return found[0]
        if found:
            raise _RowError(PARENT_AMBIGUOUS.format(value=name, n=len(found)), PARENT, name)
        if self._names is None:
            self._names = list(
                orgs_in_scope(self.actor)
                .filter(status=OrgStatus.ACTIVE)
                .values_list("name", flat=True)
            )
        close = difflib.get_close_matches(name, self._names + list(self.from_file), n=3)
        message = PARENT_UNKNOWN.format(value=name)
        if close:
            message += PARENT_SUGGEST.format(names="、".join(close))
        raise _RowError(message, PARENT, name)


def _import_row(actor, parents: _Parents, cells: dict, summary: OrgImportSummary) -> None:
    if column := control_cell(cells):
        raise _RowError(CELL_CONTROL.format(column=column), column)
    name = text(cells.get("单位名称"))
    parent_name = text(cells.get(PARENT))
    for column, value in (("单位名称", name), (PARENT, parent_name)):
        if not value:
            raise _RowError(REQUIRED_EMPTY.format(name=column), column)
    root = actor.org
    if root is not None and name == root.name and parent_name in ("", parent_name_of(root)):
        # The user's own union heads an export of their subtree: it is not changed by an import.
        parents.from_file[name] = root
        summary.skipped += 1
        return
    parent = parents.get(parent_name)
    fields = _fields(cells)
    org_type = fields.pop("org_type", OrgType.BASE)
    existing = Org.objects.get_children(parent).filter(name=name, status=OrgStatus.ACTIVE).first()
    try:
        if existing is None:
            org = org_create_child(
                actor=actor, parent=parent, name=name, org_type=org_type, **fields
            )
            summary.created += 1
        else:
            fields["org_type"] = org_type
            changed = {k: v for k, v in fields.items() if getattr(existing, k) != v}
            if changed:
                org = org_update(actor=actor, org=existing, **changed)
                summary.updated += 1
            else:
                org = existing
                summary.skipped += 1
    except ApplicationError as exc:
        column = _column_of(exc.field)
        raise _RowError(exc.message, column, cells.get(column)) from None
    parents.from_file[name] = org
    if org.uscc:
        parents.from_file[org.uscc] = org


def parent_name_of(org: Org) -> str:
    parent = Org.objects.get_parent(org)
    return parent.name if parent is not None else ""


def _column_of(field_name: str | None) -> str:
    columns = {"uscc": "社会信用代码", "name": "单位名称", "org_type": "工会类型"}
    return columns.get(field_name or "", "单位名称")


def org_import(
    *,
    actor,
    file,
    filename: str,
    mode: str = "all",
    report: ErrorReport | None = None,
    on_progress: Callable[[OrgImportSummary], bool] | None = None,
    chunk_size: int | None = None,
) -> OrgImportSummary:
    if not actor.has_perm(Perm.ORG_MANAGE):
        audit_record(actor=actor, action="org.import", result=AuditResult.DENIED)
        raise Forbidden(NO_PERMISSION)
    report = report if report is not None else ErrorReport()
    chunk_size = chunk_size or CHUNK_SIZE
    table = open_table(file, filename, columns=COLUMNS, required=REQUIRED, unread=UNREAD)
    summary = OrgImportSummary(warnings=table.warnings, total=table.total)
    parents = _Parents(actor)
    touched: set[int] = set()
    try:
        with transaction.atomic():
            for number, cells in table.rows:
                if not any(text(v) for v in cells.values()):
                    continue
                summary.read += 1
                try:
                    with transaction.atomic():
                        _import_row(actor, parents, cells, summary)
                    touched.add(parents.from_file[text(cells["单位名称"])].pk)
                except _RowError as exc:
                    summary.failed += 1
                    report.add(number, exc.column, mask_cell(exc.value), exc.message)
                    if len(summary.errors) < 200:
                        summary.errors.append((number, exc.column, exc.message))
                at_chunk_end = summary.read % chunk_size == 0
                if at_chunk_end and on_progress is not None and on_progress(summary):
                    summary.cancelled = True
                    break
            if mode == "all" and (summary.failed or summary.cancelled):
                transaction.set_rollback(True)
                summary.rolled_back = True
            else:
                if touched:
                    stats_refresh_orgs(org_ids=touched)
                audit_record(
                    actor=actor,
                    action="org.import",
                    changes={
                        "file": filename,
                        "mode": mode,
                        "read": summary.read,
                        "created": summary.created,
                        "updated": summary.updated,
                        "skipped": summary.skipped,
                        "failed": summary.failed,
                        "cancelled": summary.cancelled,
                    },
                )
    finally:
        table.close()
    return summary
