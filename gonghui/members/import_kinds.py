"""The member registry's kind of import (see gonghui/imports/kinds.py)."""

from gonghui.accounts.permissions import Perm
from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record
from gonghui.core.errors import Forbidden
from gonghui.imports.kinds import ImportKind, register_kind
from gonghui.members.imports.engine import NO_PERMISSION, member_import
from gonghui.members.services import OUT_OF_SCOPE
from gonghui.orgs.selectors import org_in_scope

MEMBERS = "members"


def _check(*, actor, org, options) -> None:
    """The default union (for rows that name none) must be in the uploader's subtree."""
    if org is not None and not org_in_scope(actor, org):
        audit_record(
            actor=actor, action="access.denied", obj=org, org=org, result=AuditResult.DENIED
        )
        raise Forbidden(OUT_OF_SCOPE)


def _run(*, job, file, report, on_progress):
    return member_import(
        actor=job.created_by,
        file=file,
        filename=job.filename,
        mode=job.mode,
        default_org=job.org,
        report=report,
        on_progress=on_progress,
    )


register_kind(
    ImportKind(
        code=MEMBERS,
        label="会员",
        permission=Perm.MEMBER_ADD,
        refusal=NO_PERMISSION,
        audit_prefix="member",
        run=_run,
        check=_check,
        upload_url="members:import",
        home_url="members:list",
        home_label="会员",
        done_label="查看会员名单",
        template_url="members:import_template",
        restartable=True,  # a re-import skips the members it finds unchanged in their union
    )
)

# The teams (班组 / 车间 / 项目部) register theirs in their package.
from gonghui.members.teams import import_kinds as _teams  # noqa: E402, F401
