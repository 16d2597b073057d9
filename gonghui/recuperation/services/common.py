"""What the recuperation services share: scope checks and the organiser's rule."""

from gonghui.accounts.models import User
from gonghui.audit.services import denial
from gonghui.core.errors import Forbidden
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope
from gonghui.recuperation.models import Plan

OUT_OF_SCOPE = "您只能管理本工会及下级工会的疗休养事项。"
NOT_ORGANISER = "只有组织本计划的「{org}」（或其上级）工会可以进行此操作。"


def require_scope(actor: User, org: Org, obj=None) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=obj or org, org=org
        )


def require_organiser(actor: User, plan: Plan, obj=None) -> None:
    """Plans, batches, quotas and decisions on participants belong to the organising union."""
    if not org_in_scope(actor, plan.org):
        raise denial(
            Forbidden(NOT_ORGANISER.format(org=plan.org.name)),
            actor=actor,
            action="access.denied",
            obj=obj or plan,
            org=plan.org,
        )
