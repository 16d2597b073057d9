"""The notices' org handler: a merged union's notices go to the union it is merged into."""

from gonghui.audit.models import AuditLog
from gonghui.notices.selectors import notices_for_union
from gonghui.orgs.services import org_merge


def test_a_merge_moves_the_notices_targeted_at_the_merged_union(staff, tree, make_notice):
    moved = make_notice(target=tree.base_b, title="乙公司通知")
    kept = make_notice(target=tree.base_a, title="甲公司通知")

    org_merge(actor=staff.county_admin, source=tree.base_b, target=tree.base_a)

    moved.refresh_from_db()
    assert moved.target == tree.base_a and moved.publisher == tree.chengguan
    assert set(notices_for_union(tree.base_a)) == {moved, kept}
    assert AuditLog.objects.get(action="org.merge").changes["notices_moved"] == 1
