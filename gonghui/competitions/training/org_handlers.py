"""What training hangs on an org (port "org merge/dissolve handlers", `gonghui.orgs.handlers`):
a merged union's academies (hosted or named), classes and its members' enrolments become the
receiving union's. The merge recounts both unions' statistics and 待办 afterwards. Nothing
stops a dissolution: a dissolved unit's records stay as they are."""

from gonghui.audit.registry import Field, register_fields
from gonghui.competitions.models.training import Academy, Enrollment, TrainingClass
from gonghui.orgs.handlers import OrgHandler, register_org_handler
from gonghui.orgs.models import Org


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    academies = Academy.objects.filter(org=source).update(org=target)
    Academy.objects.filter(naming_org=source).update(naming_org=target)
    classes = TrainingClass.objects.filter(org=source).update(org=target)
    Enrollment.objects.filter(org=source).update(org=target)
    changes = {}
    if academies:
        changes["academies_moved"] = academies
    if classes:
        changes["training_classes_moved"] = classes
    return changes


register_fields(
    {
        "academies_moved": Field(label="转移工匠学院数"),
        "training_classes_moved": Field(label="转移培训班次数"),
    }
)
register_org_handler(OrgHandler(app="training", move_for_merge=_move_for_merge))
