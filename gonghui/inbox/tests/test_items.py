"""The open-items table: refresh opens, updates and closes items from the kinds' own queries,
new work notifies the acting side, the check finds every difference and the rebuild fixes it."""

import datetime

import pytest

from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import check_items, inbox_count, visible_items
from gonghui.inbox.services import rebuild, refresh, refresh_pks
from gonghui.inbox.tests.conftest import FLAG, make_kind
from gonghui.notifications.models import Notification, NotificationKind
from gonghui.orgs.models import Org


def flag(org: Org, *, founded_on=None) -> Org:
    Org.objects.filter(pk=org.pk).update(short_name=FLAG, founded_on=founded_on)
    return Org.objects.get(pk=org.pk)


def unflag(org: Org) -> Org:
    Org.objects.filter(pk=org.pk).update(short_name="")
    return Org.objects.get(pk=org.pk)


def test_refresh_opens_updates_and_closes(staff, tree, test_kinds):
    test_kinds(make_kind("test.a", notify=True))
    refresh(tree.chengguan)
    assert not OpenItem.objects.exists()

    refresh(flag(tree.chengguan, founded_on=datetime.date(2026, 12, 1)))
    item = OpenItem.objects.get()
    assert (item.kind, item.ref, item.org_id) == (
        "test.a",
        str(tree.chengguan.pk),
        tree.chengguan.pk,
    )
    assert item.due_at.date() == datetime.date(2026, 12, 1)
    notice = Notification.objects.get()
    assert notice.kind == NotificationKind.WORK and notice.recipient_org_id == tree.chengguan.pk
    assert notice.link == item.link and "城关区总工会" in notice.body

    refresh(flag(tree.chengguan, founded_on=datetime.date(2026, 12, 9)))
    assert OpenItem.objects.get().due_at.date() == datetime.date(2026, 12, 9)
    assert Notification.objects.count() == 1, "an update is no new work"

    refresh(unflag(tree.chengguan))
    assert not OpenItem.objects.exists()
    assert check_items() == []


def test_refresh_many_and_quiet_kinds(staff, tree, test_kinds):
    test_kinds(make_kind("test.a"), make_kind("test.b"))
    orgs = [flag(org) for org in (tree.chengguan, tree.qilihe, tree.base_a)]
    refresh_pks("orgs.Org", [org.pk for org in orgs])
    assert OpenItem.objects.count() == 6
    assert not Notification.objects.exists(), "kinds without notify send nothing"
    unflag(tree.qilihe)
    refresh_pks("orgs.Org", [org.pk for org in orgs])
    assert sorted(OpenItem.objects.values_list("org_id", flat=True)) == sorted(
        [tree.chengguan.pk, tree.base_a.pk] * 2
    )


def test_who_sees_what(staff, tree, test_kinds):
    test_kinds(make_kind("test.a"))
    refresh(flag(tree.chengguan))
    refresh(flag(tree.qilihe))
    # 城关's union admin holds the kind's permission; its staff and its auditor do not; the
    # city above is not the acting side (it sees who is behind, not the item).
    assert inbox_count(staff.county_admin) == 1
    assert visible_items(staff.county_admin).get().org_id == tree.chengguan.pk
    assert inbox_count(staff.county_staff) == 0
    assert inbox_count(staff.county_auditor) == 0
    assert inbox_count(staff.city_admin) == 0
    assert inbox_count(staff.sibling_admin) == 1


def test_named_user_items(staff, tree, test_kinds):
    from gonghui.inbox.kinds import Item

    def to_staff(org):
        return Item(org_id=org.pk, user_id=staff.county_staff.pk, summary="给你的", link="/")

    test_kinds(make_kind("test.mine", item=to_staff, notify=True))
    refresh(flag(tree.chengguan))
    assert inbox_count(staff.county_staff) == 1, "a named user needs no permission"
    assert inbox_count(staff.county_admin) == 0, "nor does anyone else of the org see it"
    assert Notification.objects.get().recipient_user_id == staff.county_staff.pk


def test_check_finds_differences_and_rebuild_fixes_them(staff, tree, test_kinds):
    test_kinds(make_kind("test.a"))
    refresh(flag(tree.chengguan))
    flag(tree.qilihe)  # pending, never refreshed: missing
    OpenItem.objects.create(
        kind="test.a", ref=str(tree.base_c.pk), org=tree.base_c, summary="x", link="/"
    )
    OpenItem.objects.filter(ref=str(tree.chengguan.pk)).update(org=tree.lanzhou)
    OpenItem.objects.create(kind="gone.kind", ref="1", org=tree.base_c, summary="x", link="/")
    differences = check_items()
    assert "gone.kind: 未注册的待办类型" in differences
    assert f"test.a {tree.base_c.pk}: 多余" in differences
    assert f"test.a {tree.qilihe.pk}: 缺少" in differences
    assert any(d.startswith(f"test.a {tree.chengguan.pk}: 应为") for d in differences)
    assert len(differences) == 4

    # The apps' own kinds are rebuilt too (with no rows here: nothing of theirs is pending).
    assert {key: n for key, n in rebuild().items() if n} == {"test.a": 2}
    assert check_items() == []
    assert set(OpenItem.objects.values_list("org_id", flat=True)) == {
        tree.chengguan.pk,
        tree.qilihe.pk,
    }


def test_dismissable_kind_may_be_missing_but_not_extra(staff, tree, test_kinds):
    test_kinds(make_kind("test.report", dismissable=True))
    refresh(flag(tree.chengguan))
    OpenItem.objects.all().delete()  # the user cleared it
    assert check_items() == []
    rebuild()
    assert not OpenItem.objects.exists(), "what a user cleared does not come back"
    refresh(unflag(tree.chengguan))
    OpenItem.objects.create(
        kind="test.report", ref=str(tree.chengguan.pk), org=tree.chengguan, summary="x", link="/"
    )
    assert check_items() == [f"test.report {tree.chengguan.pk}: 多余"]


@pytest.mark.django_db(transaction=True)
def test_a_merge_moves_the_items_then_asks_each_kind_again_once_committed(staff, tree, test_kinds):
    """Moved at once with the union; after the commit each kind says where its item belongs:
    one that follows the merge stays with the receiving union, one whose object the app leaves
    with the closed union (a hotline case) goes back there, and the check agrees."""
    from gonghui.inbox.kinds import Item
    from gonghui.orgs.services import org_merge

    def follows(org):
        return Item(org_id=org.merged_into_id or org.pk, summary="跟随合并", link="/")

    test_kinds(make_kind("test.stays"), make_kind("test.follows", item=follows))
    refresh(flag(tree.base_b))
    org_merge(actor=staff.sysadmin, source=tree.base_b, target=tree.base_a)
    assert OpenItem.objects.get(kind="test.follows").org_id == tree.base_a.pk
    assert OpenItem.objects.get(kind="test.stays").org_id == tree.base_b.pk
    assert check_items() == []


def test_an_item_passed_on_is_new_work_for_its_new_side(staff, tree, test_kinds):
    from gonghui.inbox.kinds import Item

    holder = {"org": tree.chengguan}

    def held(org):
        return Item(org_id=holder["org"].pk, summary="请处理", link="/")

    test_kinds(make_kind("test.passed", item=held, notify=True), make_kind("test.quiet", item=held))
    refresh(flag(tree.chengguan))
    assert list(Notification.objects.values_list("recipient_org", flat=True)) == [tree.chengguan.pk]
    holder["org"] = tree.donggang
    refresh(tree.chengguan)
    assert OpenItem.objects.get(kind="test.passed").org_id == tree.donggang.pk
    assert sorted(Notification.objects.values_list("recipient_org", flat=True)) == sorted(
        [tree.chengguan.pk, tree.donggang.pk]
    ), "the new side hears of it once; a quiet kind stays quiet"
    refresh(tree.chengguan)
    assert Notification.objects.count() == 2, "an unchanged item is no new work"
