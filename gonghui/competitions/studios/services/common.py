"""What the studio services share: scope checks, snapshots, messages of scope."""

from typing import Any

from gonghui.accounts.models import User
from gonghui.audit.services import denial
from gonghui.competitions.models.studios import Studio
from gonghui.core.errors import Forbidden
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能办理本工会及下级工会范围内的创新工作室。"


def require_scope(actor: User, org: Org, obj=None) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=obj or org, org=org
        )


def locked(studio: Studio) -> Studio:
    return (
        Studio.objects.select_for_update(of=("self",))
        .select_related("org", "batch", "batch__org", "at_org", "lead")
        .get(pk=studio.pk)
    )


def studio_snapshot(studio: Studio) -> dict[str, Any]:
    return {
        "name": studio.name,
        "kind": studio.kind,
        "level": studio.level,
        "studio_status": studio.status,
        "plaque": studio.plaque,
        "alliance": studio.alliance,
        "lead": studio.lead.name,
        "host": studio.org.name,
        "batch": studio.batch.name,
    }
