"""What the training services share: scope checks, text fields, locks."""

from typing import Any

from gonghui.accounts.models import User
from gonghui.audit.services import denial
from gonghui.competitions.models.training import TrainingClass
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能办理本工会及下级工会范围内的工匠学院和培训。"
REQUIRED = "请填写{label}。"
TOO_LONG = "{label}不能超过{max}个字。"


def require_scope(actor: User, org: Org, obj=None) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=obj or org, org=org
        )


def line(value: Any, *, label: str, field: str, max_length: int, required: bool = True) -> str:
    value = clean_text(value, label=label, field=field)
    if required and not value:
        raise ApplicationError(REQUIRED.format(label=label), field=field)
    if len(value) > max_length:
        raise ApplicationError(TOO_LONG.format(label=label, max=max_length), field=field)
    return value


def locked_class(training_class: TrainingClass) -> TrainingClass:
    """The class row locked: enrolments, sessions and status changes of one class queue up."""
    return (
        TrainingClass.objects.select_for_update(of=("self",))
        .select_related("org", "course", "course__academy")
        .get(pk=training_class.pk)
    )
