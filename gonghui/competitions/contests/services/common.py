"""What the contests' use cases share: scope checks and the audit snapshot."""

from typing import Any

from gonghui.accounts.models import User
from gonghui.audit.services import denial
from gonghui.competitions.models import Competition
from gonghui.core.errors import Forbidden
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能管理本工会及下级工会主办的竞赛。"
ENTRY_OUT_OF_SCOPE = "您只能为本工会及下级工会的单位、班组和职工报名。"


def require_host_scope(actor: User, contest: Competition) -> None:
    if not org_in_scope(actor, contest.host):
        raise denial(
            Forbidden(OUT_OF_SCOPE),
            actor=actor,
            action="access.denied",
            obj=contest,
            org=contest.host,
        )


def require_org_scope(actor: User, org: Org, obj) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(ENTRY_OUT_OF_SCOPE), actor=actor, action="access.denied", obj=obj, org=org
        )


def contest_snapshot(contest: Competition) -> dict[str, Any]:
    return {
        "name": contest.name,
        "kind": contest.kind,
        "level": contest.level,
        "level_label": contest.level_label,
        "contest_class": contest.contest_class,
        "host": contest.host.name,
        "co_organisers": contest.co_organisers,
        "industry_chain": contest.industry_chain,
        "trades": "、".join(contest.trades),
        "starts_on": str(contest.starts_on),
        "ends_on": str(contest.ends_on),
        "entry_deadline": str(contest.entry_deadline or ""),
        "results_due": str(contest.results_due or ""),
        "parent": contest.parent.name if contest.parent_id else "",
    }
