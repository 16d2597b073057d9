"""The teams' kind of import (see gonghui/imports/kinds.py): teams with their members."""

from gonghui.accounts.permissions import Perm
from gonghui.imports.kinds import ImportKind, register_kind
from gonghui.members.teams.imports import NO_PERMISSION, ROWS_INVALID, team_import

TEAMS = "members.teams"


def _run(*, job, file, report, on_progress):
    return team_import(
        actor=job.created_by,
        upload=file,
        filename=job.filename,
        report=report,
        on_progress=on_progress,
    )


register_kind(
    ImportKind(
        code=TEAMS,
        label="班组",
        permission=Perm.MEMBER_CHANGE,
        refusal=NO_PERMISSION,
        audit_prefix="team",
        run=_run,
        upload_url="members:teams_import",
        home_url="members:teams",
        home_label="班组",
        done_label="查看班组",
        template_url="members:teams_import_template",
        rolled_back=ROWS_INVALID,
        counters=(("created", "新建班组"), ("updated", "加入成员"), ("failed", "错误")),
    )
)
