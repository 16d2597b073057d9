"""The contests' kinds of import (see gonghui/imports/kinds.py): a contest's member, unit and
team entries, and its results (organisers often get them back from an outside scorer as a
sheet)."""

from gonghui.accounts.permissions import Perm
from gonghui.competitions.contests.group_imports import import_team_entries, import_unit_entries
from gonghui.competitions.contests.imports import import_entries, import_results
from gonghui.competitions.contests.selectors import access_contest_by_id, can_manage
from gonghui.core.errors import NotFound
from gonghui.imports.kinds import ImportKind, register_kind

ENTRIES = "competitions.contest.entries"
RESULTS = "competitions.contest.results"
UNITS = "competitions.contest.units"
TEAMS = "competitions.contest.teams"
NO_PERMISSION = "您没有竞赛报名和成绩录入的权限。"
NOT_HOST = "只有主办工会可以导入竞赛成绩。"


def _contest(job):
    return access_contest_by_id(job.created_by, job.options.get("contest"))


def _run_entries(*, job, file, report, on_progress):
    return import_entries(
        actor=job.created_by,
        contest=_contest(job),
        upload=file,
        report=report,
        on_progress=on_progress,
    )


def _runner(function):
    def run(*, job, file, report, on_progress):
        return function(
            actor=job.created_by,
            contest=_contest(job),
            upload=file,
            report=report,
            on_progress=on_progress,
        )

    return run


def _run_results(*, job, file, report, on_progress):
    return import_results(
        actor=job.created_by,
        contest=_contest(job),
        upload=file,
        report=report,
        on_progress=on_progress,
    )


def _check_entries(*, actor, org, options):
    access_contest_by_id(actor, options.get("contest"))


def _check_results(*, actor, org, options):
    if not can_manage(actor, access_contest_by_id(actor, options.get("contest"))):
        raise NotFound(NOT_HOST)


def _args(job) -> tuple:
    return (job.options.get("contest"),)


_COUNTERS = (("created", "导入"), ("skipped", "未变"), ("failed", "错误"))

register_kind(
    ImportKind(
        code=ENTRIES,
        label="竞赛报名",
        permission=Perm.CONTEST_ENTER,
        refusal=NO_PERMISSION,
        audit_prefix="competitions.contest.entries",
        run=_run_entries,
        upload_url="competitions:import_entries",
        home_url="competitions:detail",
        home_label="劳动和技能竞赛",
        done_label="查看竞赛",
        template_url="competitions:entries_template",
        url_args=_args,
        check=_check_entries,
        counters=_COUNTERS,
    )
)
register_kind(
    ImportKind(
        code=RESULTS,
        label="竞赛成绩",
        permission=Perm.CONTEST_ENTER,
        refusal=NO_PERMISSION,
        audit_prefix="competitions.contest.results",
        run=_run_results,
        upload_url="competitions:import_results",
        home_url="competitions:detail",
        home_label="劳动和技能竞赛",
        done_label="查看竞赛",
        template_url="competitions:results_template",
        url_args=_args,
        check=_check_results,
        counters=_COUNTERS,
    )
)
for code, label, function, name in (
    (UNITS, "竞赛参赛单位", import_unit_entries, "units"),
    (TEAMS, "竞赛参赛班组", import_team_entries, "teams"),
):
    register_kind(
        ImportKind(
            code=code,
            label=label,
            permission=Perm.CONTEST_ENTER,
            refusal=NO_PERMISSION,
            audit_prefix=code,
            run=_runner(function),
            upload_url=f"competitions:import_{name}",
            home_url="competitions:detail",
            home_label="劳动和技能竞赛",
            done_label="查看竞赛",
            template_url=f"competitions:{name}_template",
            url_args=_args,
            check=_check_entries,
            counters=_COUNTERS,
        )
    )

# The online quiz and the studios (with 五小) register their own, in their packages.
from gonghui.competitions.quiz import import_kinds as _quiz  # noqa: E402, F401
