"""The org tree's kind of import (see gonghui/imports/kinds.py)."""

from gonghui.accounts.permissions import Perm
from gonghui.imports.kinds import ImportKind, register_kind
from gonghui.orgs.imports import NO_PERMISSION, org_import

ORGS = "orgs"


def _run(*, job, file, report, on_progress):
    return org_import(
        actor=job.created_by,
        file=file,
        filename=job.filename,
        mode=job.mode,
        report=report,
        on_progress=on_progress,
    )


register_kind(
    ImportKind(
        code=ORGS,
        label="工会组织",
        permission=Perm.ORG_MANAGE,
        refusal=NO_PERMISSION,
        audit_prefix="org",
        run=_run,
        upload_url="orgs:import",
        home_url="orgs:home",
        home_label="工会组织",
        done_label="查看工会组织",
    )
)
