"""Who sees which notice: staff by the publisher's subtree, workers by their union's ancestors."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.core.errors import NotFound
from gonghui.notices.models import NoticeStatus
from gonghui.notices.selectors import (
    access_notice_by_id,
    ancestor_paths,
    notice_list,
    notices_for_union,
    visible_notice,
)
from gonghui.notices.services import notice_withdraw
from gonghui.notices.tests.conftest import hours


def test_ancestor_paths_of_a_node():
    assert ancestor_paths("000100020003") == ["0001", "00010002", "000100020003"]
    assert ancestor_paths("0001") == ["0001"]


def test_a_worker_sees_his_unions_and_its_ancestors_notices_newest_first(staff, tree, make_notice):
    province = make_notice(actor=staff.sysadmin, title="省总通知", publish_from=hours(-3))
    city = make_notice(actor=staff.city_admin, title="市总通知", publish_from=hours(-2))
    county = make_notice(actor=staff.county_admin, title="城关区通知", publish_from=hours(-1))
    street = make_notice(actor=staff.county_admin, target=tree.donggang, title="街道范围通知")
    qilihe = make_notice(actor=staff.sibling_admin, title="七里河区通知")
    make_notice(actor=staff.tianshui_admin, title="秦州区通知")
    make_notice(actor=staff.county_admin, target=tree.base_b, title="乙公司通知")

    seen = list(notices_for_union(tree.base_a))
    assert seen == [street, county, city, province]
    assert list(notices_for_union(tree.base_c)) == [qilihe, city, province]


def test_drafts_withdrawn_future_and_expired_notices_are_not_shown(staff, tree, make_notice):
    shown = make_notice(title="有效", publish_until=hours(1))
    make_notice(title="草稿", status=NoticeStatus.DRAFT)
    make_notice(title="未到时间", publish_from=hours(1))
    make_notice(title="已过期", publish_from=hours(-3), publish_until=hours(-1))
    withdrawn = make_notice(title="已撤回")
    notice_withdraw(actor=staff.county_admin, notice=withdrawn)
    assert list(notices_for_union(tree.base_a)) == [shown]


def test_without_a_union_only_the_whole_province_notices(staff, tree, make_notice):
    province = make_notice(actor=staff.sysadmin)
    make_notice(actor=staff.city_admin)
    assert list(notices_for_union(None)) == [province]


def test_visible_notice_answers_as_missing_outside_the_workers_tree(staff, tree, make_notice):
    other = make_notice(actor=staff.tianshui_admin)
    own = make_notice()
    assert visible_notice(tree.base_a, own.pk) == own
    for notice_id in (other.pk, 999_999, "x"):
        with pytest.raises(NotFound):
            visible_notice(tree.base_a, notice_id)


def test_staff_list_is_scoped_to_the_publishers_subtree(staff, tree, make_notice):
    own = make_notice(title="城关区通知")
    make_notice(actor=staff.sibling_admin, title="七里河区通知")
    city = make_notice(actor=staff.city_admin, title="市总通知")
    assert list(notice_list(user=staff.county_admin)) == [own]
    assert set(notice_list(user=staff.city_admin)) == {
        own,
        city,
        *notice_list(user=staff.sibling_admin),
    }
    assert list(notice_list(user=staff.city_admin, q="城关")) == [own]
    assert list(notice_list(user=staff.county_admin, status=NoticeStatus.WITHDRAWN)) == []


def test_access_outside_the_subtree_answers_as_missing_and_is_audited(staff, make_notice):
    notice = make_notice(actor=staff.sibling_admin)
    with pytest.raises(NotFound):
        access_notice_by_id(staff.county_admin, notice.pk)
    assert AuditLog.objects.filter(action="access.denied", actor=staff.county_admin).exists()
    with pytest.raises(NotFound):
        access_notice_by_id(staff.county_admin, 999_999)
