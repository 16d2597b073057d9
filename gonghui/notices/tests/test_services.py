"""Publishing, editing and withdrawing notices: the checks, the scope, the audit trail."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.notices.models import Notice, NoticeStatus
from gonghui.notices.services import (
    ALREADY_WITHDRAWN,
    BODY_REQUIRED,
    NO_ORG,
    TARGET_OUTSIDE,
    TITLE_REQUIRED,
    WINDOW_ORDER,
    notice_create,
    notice_update,
    notice_withdraw,
)
from gonghui.notices.tests.conftest import hours


def test_create_publishes_for_the_actors_union_and_is_audited(staff, tree, make_notice):
    notice = make_notice(actor=staff.city_admin, target=tree.chengguan, title="  春节慰问安排 ")
    notice.refresh_from_db()
    assert notice.title == "春节慰问安排"
    assert notice.publisher == tree.lanzhou
    assert notice.target == tree.chengguan
    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.created_by == staff.city_admin
    row = AuditLog.objects.get(action="notice.create")
    assert row.changes["title"] == "春节慰问安排"
    assert row.changes["target"] == "城关区总工会"


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"title": " "}, TITLE_REQUIRED, "title"),
        ({"body": ""}, BODY_REQUIRED, "body"),
        ({"publish_from": hours(2), "publish_until": hours(1)}, WINDOW_ORDER, "publish_until"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_written(
    staff, tree, fields, message, field
):
    values = {"title": "标题", "body": "正文", "target": tree.chengguan, **fields}
    with pytest.raises(ApplicationError) as exc:
        notice_create(actor=staff.county_admin, **values)
    assert exc.value.message == message
    assert exc.value.field == field
    assert not Notice.objects.exists()


def test_control_characters_are_refused(staff, tree):
    with pytest.raises(ApplicationError) as exc:
        notice_create(
            actor=staff.county_admin, title="标\x07题", body="正文", target=tree.chengguan
        )
    assert exc.value.field == "title"
    assert not Notice.objects.exists()


def test_a_target_outside_the_actors_subtree_is_forbidden_and_audited(staff, tree):
    with pytest.raises(Forbidden):
        notice_create(actor=staff.county_admin, title="越权", body="正文", target=tree.qilihe)
    assert not Notice.objects.exists()
    assert AuditLog.objects.filter(action="access.denied", actor=staff.county_admin).exists()


def test_a_base_union_cannot_publish_to_its_township(staff, tree):
    with pytest.raises(Forbidden):
        notice_create(actor=staff.base_admin, title="越级", body="正文", target=tree.donggang)
    assert not Notice.objects.exists()


def test_a_user_without_a_union_cannot_publish(tree, make_user):
    nobody = make_user("nobody", None)
    with pytest.raises(ApplicationError) as exc:
        notice_create(actor=nobody, title="标题", body="正文", target=tree.province)
    assert exc.value.message == NO_ORG


def test_update_records_only_what_changed(staff, tree, make_notice):
    notice = make_notice()
    notice_update(
        actor=staff.county_admin,
        notice=notice,
        title=notice.title,
        body="新的正文",
        target=tree.donggang,
        publish_from=notice.publish_from,
    )
    notice.refresh_from_db()
    assert notice.body == "新的正文"
    assert notice.target == tree.donggang
    row = AuditLog.objects.get(action="notice.update")
    assert set(row.changes) == {"body", "target"}


def test_an_update_from_a_sibling_county_is_forbidden(staff, tree, make_notice):
    notice = make_notice()
    with pytest.raises(Forbidden):
        notice_update(
            actor=staff.sibling_admin, notice=notice, title="改", body="改", target=tree.qilihe
        )
    notice.refresh_from_db()
    assert notice.title != "改"


def test_a_target_outside_the_publishers_subtree_is_refused_on_update(staff, tree, make_notice):
    notice = make_notice()  # published by 城关区
    with pytest.raises(ApplicationError) as exc:
        notice_update(
            actor=staff.city_admin, notice=notice, title="改", body="改", target=tree.qilihe
        )
    assert exc.value.message == TARGET_OUTSIDE
    notice.refresh_from_db()
    assert notice.target == tree.chengguan


def test_withdraw_once(staff, make_notice):
    notice = make_notice()
    notice_withdraw(actor=staff.county_admin, notice=notice)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    assert AuditLog.objects.filter(action="notice.withdraw").count() == 1
    with pytest.raises(ApplicationError) as exc:
        notice_withdraw(actor=staff.county_admin, notice=notice)
    assert exc.value.message == ALREADY_WITHDRAWN


def test_withdraw_by_a_sibling_is_forbidden(staff, make_notice):
    notice = make_notice()
    with pytest.raises(Forbidden):
        notice_withdraw(actor=staff.sibling_admin, notice=notice)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
