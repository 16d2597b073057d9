"""What the online courses hang on an org (port "org merge/dissolve handlers"): the learners'
progress counted at a union. A merge hands it to the receiving union (the merge recounts both
unions' figures afterwards); nothing here stops a dissolution."""

from gonghui.audit.registry import Field, register_fields
from gonghui.competitions.models.training import LessonProgress
from gonghui.orgs.handlers import OrgHandler, register_org_handler
from gonghui.orgs.models import Org


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    moved = LessonProgress.objects.filter(org=source).update(org=target)
    return {"online_learners_moved": moved} if moved else {}


register_fields({"online_learners_moved": Field(label="转移线上学习记录数")})
register_org_handler(OrgHandler(app="training_online", move_for_merge=_move_for_merge))
