"""Excel imports of a contest's unit and team entries: all rows or none, like the members'.

A unit is named by its name, its 18-character 统一社会信用代码 or its 9-character 组织机构代码
(characters 9 to 17 of the former), looked up in the importer's subtree; a team by its union
(named the same way) and its name. Each row then goes through the page's service
(`entry_add_unit`, `entry_add_team`), so the refusals are the page's: entered twice, outside the
host's scope, after the deadline, a trade the contest does not run.
"""

from io import BytesIO

from django.db.models import Q
from django.db.models.functions import Substr

from gonghui.accounts.models import User
from gonghui.competitions.contests.imports import read_rows, run_rows, template_xlsx
from gonghui.competitions.contests.services import entry_add_team, entry_add_unit
from gonghui.competitions.models import Competition
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import ErrorReport
from gonghui.imports.kinds import JobSummary
from gonghui.members.teams.selectors import teams_in_scope
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import orgs_in_scope

UNIT_NAME = "单位名称"
CODE = "统一社会信用代码/组织机构代码"
UNION = "所在工会"
TEAM_NAME = "班组名称"
TRADE = "工种"
UNIT_HEADERS = [UNIT_NAME, CODE, TRADE]
TEAM_HEADERS = [UNION, TEAM_NAME, TRADE]

UNIT_REQUIRED = "请填写「单位名称」或「统一社会信用代码/组织机构代码」。"
REQUIRED_EMPTY = "请填写「{name}」。"
CODE_INVALID = "「{value}」不是18位统一社会信用代码，也不是9位组织机构代码。"
ORG_UNKNOWN = "「{value}」不在您管理的工会范围内，或名称、代码不正确。"
ORG_AMBIGUOUS = "「{value}」有{n}个同名工会，请填写其统一社会信用代码。"
CODE_NAME_MISMATCH = "单位名称与代码对应的工会（{name}）不一致。"
TEAM_UNKNOWN = "「{union}」没有名为「{name}」的班组。"
DUPLICATE_UNIT = "与第{other}行是同一单位。"
DUPLICATE_TEAM = "与第{other}行是同一班组。"

UNIT_COLUMNS = {"unit": UNIT_NAME, "code": CODE, "trade": TRADE}
TEAM_COLUMNS = {"union": UNION, "team": TEAM_NAME, "trade": TRADE}


def units_template() -> BytesIO:
    example = ["兰州甲公司工会", "91620102MA74XXXX0X", "焊工"]
    return template_xlsx(UNIT_HEADERS, example, "参赛单位")


def teams_template() -> BytesIO:
    return template_xlsx(TEAM_HEADERS, ["兰州甲公司工会", "检修一班", "焊工"], "参赛班组")


def _pick(candidates: list[Org], value: str, field: str) -> Org:
    """One org among those found: an active one first (a dissolved one is left for the service
    to refuse with its own message)."""
    active = [org for org in candidates if org.is_active]
    found = active or candidates
    if not found:
        raise ApplicationError(ORG_UNKNOWN.format(value=value), field=field)
    if len(found) > 1:
        raise ApplicationError(ORG_AMBIGUOUS.format(value=value, n=len(found)), field=field)
    return found[0]


def _by_code(actor: User, code: str, field: str) -> Org:
    code = code.upper()
    scope = orgs_in_scope(actor)
    if len(code) == 18:
        orgs = scope.filter(uscc=code)
    elif len(code) == 9:
        orgs = scope.annotate(org_code=Substr("uscc", 9, 9)).filter(org_code=code)
    else:
        raise ApplicationError(CODE_INVALID.format(value=code), field=field)
    return _pick(list(orgs[:5]), code, field)


def find_org(actor: User, value: str, field: str) -> Org:
    """A union of the actor's subtree by its name or code (one cell holding either)."""
    if len(value) in (9, 18) and value.isascii() and any(ch.isdigit() for ch in value):
        return _by_code(actor, value, field)
    found = orgs_in_scope(actor).filter(Q(name=value) | Q(short_name=value))
    return _pick(list(found[:5]), value, field)


def _unit(actor: User, values: dict[str, str]) -> Org:
    name, code = values.get(UNIT_NAME, ""), values.get(CODE, "")
    if not name and not code:
        raise ApplicationError(UNIT_REQUIRED, field="unit")
    if not code:
        return find_org(actor, name, "unit")
    unit = _by_code(actor, code, "code")
    if name and name not in (unit.name, unit.short_name):
        raise ApplicationError(CODE_NAME_MISMATCH.format(name=unit.name), field="unit")
    return unit


def import_unit_entries(
    *, actor: User, contest: Competition, upload, report: ErrorReport, on_progress=None
) -> JobSummary:
    rows = read_rows(upload, UNIT_HEADERS, required={UNIT_NAME, CODE})

    def handle(values, seen, number):
        unit = _unit(actor, values)
        key = ("unit", unit.pk)
        if key in seen:
            raise ApplicationError(DUPLICATE_UNIT.format(other=seen[key]), field="unit")
        entry_add_unit(actor=actor, contest=contest, unit=unit, trade=values.get(TRADE, ""))
        return key, True

    return run_rows(rows, report, on_progress, handle, columns=UNIT_COLUMNS)


def import_team_entries(
    *, actor: User, contest: Competition, upload, report: ErrorReport, on_progress=None
) -> JobSummary:
    rows = read_rows(upload, TEAM_HEADERS, required={UNION, TEAM_NAME})

    def handle(values, seen, number):
        for column, field in ((UNION, "union"), (TEAM_NAME, "team")):
            if not values.get(column):
                raise ApplicationError(REQUIRED_EMPTY.format(name=column), field=field)
        union = find_org(actor, values[UNION], "union")
        team = (
            teams_in_scope(actor)
            .filter(org=union, name=values[TEAM_NAME])
            .order_by("-active", "id")
            .first()
        )
        if team is None:
            raise ApplicationError(
                TEAM_UNKNOWN.format(union=union.name, name=values[TEAM_NAME]), field="team"
            )
        key = ("team", team.pk)
        if key in seen:
            raise ApplicationError(DUPLICATE_TEAM.format(other=seen[key]), field="team")
        entry_add_team(actor=actor, contest=contest, team=team, trade=values.get(TRADE, ""))
        return key, True

    return run_rows(rows, report, on_progress, handle, columns=TEAM_COLUMNS)
