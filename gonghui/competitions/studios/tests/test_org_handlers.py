"""A merge moves a union's studios and 五小/合理化建议 with their figures and 待办."""

from gonghui.audit.models import AuditLog
from gonghui.competitions.studios.services import suggestion_submit
from gonghui.competitions.studios.tests.conftest import stat
from gonghui.inbox.models import OpenItem
from gonghui.orgs.services import org_merge


def test_a_merge_moves_the_studios(staff, tree, studio_named_last_year, make_member):
    named_studio = studio_named_last_year
    suggestion = suggestion_submit(
        actor=staff.base_admin,
        org=tree.base_a,
        kind="proposal",
        title="建议",
        content="内容",
        member=make_member(tree.base_a, name="冯某"),
    )
    org_merge(actor=staff.county_admin, source=tree.base_a, target=tree.base_b)
    named_studio.refresh_from_db()
    suggestion.refresh_from_db()
    assert named_studio.org == tree.base_b and suggestion.org == tree.base_b
    assert stat(tree.base_b, "studios") == 1 and stat(tree.base_b, "suggestions") == 1
    assert OpenItem.objects.get(kind="competitions.studio.report").org_id == tree.base_b.pk
    changes = AuditLog.objects.get(action="org.merge").changes
    assert changes["studios_moved"] == 1 and changes["suggestions_moved"] == 1
