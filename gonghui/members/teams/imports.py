"""Import of teams (班组 / 车间 / 项目部) with their members from Excel: all rows or none.

One row is one member of one team: the team (所属工会 + 班组名称) is created at its first row,
with its 类型, and each row adds the member of that 身份证号 (a row without one creates the team
alone). Refused, row by row into the job's error report: a union outside the uploader's subtree
(or unknown), a name a team of that union already has, a 类型 that is not 班组/车间/项目部 (or
differs from the team's first row), a member not found or not 在会 in that union's subtree, the
same member twice in a team. Any bad row rolls the whole file back. Every write goes through the
teams' services (scope, rules, audit).
"""

from collections.abc import Callable
from io import BytesIO

from django.db import transaction
from django.db.models import Q
from openpyxl import Workbook

from gonghui.accounts.models import User
from gonghui.core import crypto, uploads
from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import ErrorReport, mask_cell, open_table, text
from gonghui.imports.kinds import JobSummary
from gonghui.members.codes import MemberStatus
from gonghui.members.idnumber import parse_id_number
from gonghui.members.models import Member, Team, TeamKind
from gonghui.members.teams.services import DUPLICATE_NAME, team_add_member, team_create
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import orgs_in_scope

ORG, NAME, KIND, ID_NUMBER, ROLE = "所属工会", "班组名称", "类型", "成员身份证号", "岗位"
HEADERS = [ORG, NAME, KIND, ID_NUMBER, ROLE]
REQUIRED = {ORG, NAME, KIND, ID_NUMBER}
EXAMPLES = [
    ["兰州甲公司工会", "焊接一班", "班组", "620102195503070016", "班组长"],
    ["兰州甲公司工会", "焊接一班", "班组", "620102196812150022", "焊工"],
    ["兰州乙公司工会", "东岗项目部", "项目部", "", ""],
]
FIELD_COLUMNS = {
    "org": ORG,
    "name": NAME,
    "kind": KIND,
    "member": ID_NUMBER,
    "id_number": ID_NUMBER,
    "role": ROLE,
}
KINDS = {label: code for code, label in TeamKind.choices}
MAX_ROWS = 5000
PROGRESS_ROWS = 100

NO_PERMISSION = "您没有管理班组的权限。"
NO_ROWS = "文件中没有数据行。"
TOO_MANY_ROWS = "一次最多导入 {n} 行，请拆分文件。"
ROWS_INVALID = "有 {n} 行数据有误，全部未导入，请修改后重新上传。"
REQUIRED_EMPTY = "请填写「{name}」。"
ORG_UNKNOWN = "所属工会「{value}」不在您管理的范围内，或名称、行政区划代码不正确。"
ORG_AMBIGUOUS = "所属工会「{value}」有重名，请改填行政区划代码。"
KIND_UNKNOWN = "类型「{value}」只能是班组、车间或项目部。"
KIND_DIFFERS = "与第{other}行是同一班组，但类型不同。"
MEMBER_NOT_FOUND = "该身份证号不是「{org}」（含下级工会）的在会会员。"
MEMBER_TWICE = "与第{other}行是同一班组的同一成员。"


def template_xlsx() -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "班组"
    ws.append(HEADERS)
    for row in EXAMPLES:
        ws.append(row)
    for column, width in zip("ABCDE", [24, 20, 8, 22, 12], strict=True):
        ws.column_dimensions[column].width = width
    notes = wb.create_sheet("填写说明")
    notes.append(["列", "说明"])
    notes.append([ORG, "本工会或下级基层工会的全称，或其行政区划代码"])
    notes.append([NAME, "同一工会下不能与已有班组重名；同一班组的成员各占一行，班组名称相同"])
    notes.append([KIND, "班组 / 车间 / 项目部"])
    notes.append([ID_NUMBER, "18 位；须是该工会（含下级）的在会会员。暂无成员可留空"])
    notes.append([ROLE, "选填，如 班组长、焊工"])
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def read_rows(upload, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, values by header); the file's faults as ApplicationError."""
    uploads.check_spreadsheet(upload, filename=filename)
    table = open_table(upload, filename, columns=HEADERS, required={ORG, NAME, KIND})
    try:
        out = []
        for number, raw in table.rows:
            values = {name: text(value) for name, value in raw.items()}
            if any(values.values()):
                out.append((number, values))
            if len(out) > MAX_ROWS:
                raise ApplicationError(TOO_MANY_ROWS.format(n=MAX_ROWS), field="file")
    finally:
        table.close()
    if not out:
        raise ApplicationError(NO_ROWS, field="file")
    return out


def _org_finder(actor: User) -> Callable[[str], Org]:
    cache: dict[str, list[Org]] = {}

    def find(value: str) -> Org:
        if value not in cache:
            cache[value] = list(
                orgs_in_scope(actor).filter(Q(name=value) | Q(division_code=value))[:2]
            )
        found = cache[value]
        if not found:
            raise ApplicationError(ORG_UNKNOWN.format(value=value), field="org")
        if len(found) > 1:
            raise ApplicationError(ORG_AMBIGUOUS.format(value=value), field="org")
        return found[0]

    return find


def _member(value: str, org: Org) -> Member:
    """The 在会 member of this ID number in `org`'s subtree; the number is never in a message."""
    number = parse_id_number(value).number
    member = (
        Member.objects.filter(
            id_number_hash__in=crypto.lookup_hashes(number),
            status=MemberStatus.ACTIVE,
            org__path__startswith=org.path,
        )
        .select_related("org")
        .first()
    )
    if member is None:
        raise ApplicationError(MEMBER_NOT_FOUND.format(org=org.name), field="member")
    return member


class _Rows:
    """The teams made so far in this file: (org id, name) → (team, its first row, its kind)."""

    def __init__(self, actor: User):
        self.actor = actor
        self.org_named = _org_finder(actor)
        self.teams: dict[tuple[int, str], tuple[Team, int, str]] = {}
        self.members: dict[tuple[int, int], int] = {}

    def one(self, number: int, values: dict[str, str]) -> str:
        """One row: 'created' (a new team, and its member if any) or 'updated' (a member)."""
        if column := control_cell(values):
            raise ApplicationError(CELL_CONTROL.format(column=column), field=column)
        for name in (ORG, NAME, KIND):
            if not values.get(name):
                raise ApplicationError(REQUIRED_EMPTY.format(name=name), field=name)
        org = self.org_named(values[ORG])
        kind = KINDS.get(values[KIND])
        if kind is None:
            raise ApplicationError(KIND_UNKNOWN.format(value=values[KIND]), field="kind")
        key = (org.pk, values[NAME])
        made = self.teams.get(key)
        if made is not None:
            team, first, first_kind = made
            if kind != first_kind:
                raise ApplicationError(KIND_DIFFERS.format(other=first), field="kind")
        else:
            if Team.objects.filter(org=org, name=values[NAME]).exists():
                raise ApplicationError(
                    DUPLICATE_NAME.format(org=org.name, name=values[NAME]), field="name"
                )
            team = team_create(actor=self.actor, org=org, name=values[NAME], kind=kind)
        joined = None
        if values.get(ID_NUMBER):
            member = _member(values[ID_NUMBER], org)
            joined = (team.pk, member.pk)
            if joined in self.members:
                raise ApplicationError(
                    MEMBER_TWICE.format(other=self.members[joined]), field="member"
                )
            team_add_member(actor=self.actor, team=team, member=member, role=values.get(ROLE, ""))
        # Kept only once the whole row went in (a refused row's writes are rolled back).
        if made is None:
            self.teams[key] = (team, number, kind)
        if joined is not None:
            self.members[joined] = number
        outcome = "updated" if made is not None else "created"
        return outcome


def team_import(
    *,
    actor: User,
    upload,
    filename: str,
    report: ErrorReport,
    on_progress: Callable[[JobSummary], bool] | None = None,
) -> JobSummary:
    rows = read_rows(upload, filename)
    result = JobSummary(total=len(rows))
    state = _Rows(actor)
    with transaction.atomic():
        for number, values in rows:
            at_step = result.read and result.read % PROGRESS_ROWS == 0
            if on_progress and at_step and on_progress(result):
                result.cancelled = True
                break
            result.read += 1
            try:
                with transaction.atomic():
                    outcome = state.one(number, values)
                setattr(result, outcome, getattr(result, outcome) + 1)
            except ApplicationError as exc:
                column = FIELD_COLUMNS.get(exc.field or "", exc.field or "")
                value = values.get(column, "")
                report.add(
                    number, column, mask_cell(value) if column == ID_NUMBER else value, exc.message
                )
                result.failed += 1
        if result.failed or result.cancelled:
            transaction.set_rollback(True)
            result.rolled_back = True
    if result.rolled_back:
        result.created = result.updated = result.skipped = 0
    return result
