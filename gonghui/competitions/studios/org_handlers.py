"""What studios hang on an org (port "org merge/dissolve handlers", `gonghui.orgs.handlers`): a
merged union's studios, batches and 五小/合理化建议 become the receiving union's, and an
application waiting at it waits at the receiving union. The merge recounts both unions'
statistics and 待办 afterwards. They never stop a dissolution: a dissolved unit's studio stays
on record (a 回头看 revokes it)."""

from gonghui.audit.registry import Field, register_fields
from gonghui.competitions.models.studios import Studio, StudioBatch, Suggestion
from gonghui.orgs.handlers import OrgHandler, register_org_handler
from gonghui.orgs.models import Org


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    moved = Studio.objects.filter(org=source).update(org=target)
    Studio.objects.filter(at_org=source).update(at_org=target)
    StudioBatch.objects.filter(org=source).update(org=target)
    moved_suggestions = Suggestion.objects.filter(org=source).update(org=target)
    Suggestion.objects.filter(recommended_to=source).update(recommended_to=target)
    changes = {}
    if moved:
        changes["studios_moved"] = moved
    if moved_suggestions:
        changes["suggestions_moved"] = moved_suggestions
    return changes


register_fields(
    {
        "studios_moved": Field(label="转移创新工作室数"),
        "suggestions_moved": Field(label="转移五小和合理化建议数"),
    }
)
register_org_handler(OrgHandler(app="studios", move_for_merge=_move_for_merge))
