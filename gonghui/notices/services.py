"""Every write to notices: one function per use case, each audited.

Staff publish for their own union (`actor.org`) to its subtree or a descendant's; they edit and
withdraw the notices of unions in their subtree. A refusal for scope is a Forbidden with its own
audit row (`denial`).
"""

from datetime import datetime
from typing import Any

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.notices.models import Notice, NoticeStatus
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_in_scope

OUT_OF_SCOPE = "您只能发布和管理本工会及下级工会范围内的通知。"
NO_ORG = "您的账号未归属任何工会，不能发布通知。"
TITLE_REQUIRED = "请填写标题。"
TITLE_TOO_LONG = "标题不能超过80个字。"
BODY_REQUIRED = "请填写正文。"
BODY_TOO_LONG = "正文不能超过5000个字。"
TARGET_INACTIVE = "「{name}」已撤销或合并，不能作为发布范围。"
TARGET_OUTSIDE = "发布范围须是发布工会本身或其下级工会。"
WINDOW_ORDER = "截止时间须晚于发布时间。"
STATUS_INVALID = "请选择状态。"
ALREADY_WITHDRAWN = "该通知已撤回。"

BODY_MAX = 5000


def _require_scope(actor: User, org: Org, notice: Notice | None = None) -> None:
    if not org_in_scope(actor, org):
        raise denial(
            Forbidden(OUT_OF_SCOPE), actor=actor, action="access.denied", obj=notice or org, org=org
        )


def _clean(
    *,
    publisher: Org,
    title: str,
    body: str,
    target: Org,
    publish_from: datetime | None,
    publish_until: datetime | None,
    status: str,
) -> dict[str, Any]:
    title = clean_text(title, label="标题", field="title")
    if not title:
        raise ApplicationError(TITLE_REQUIRED, field="title")
    if len(title) > 80:
        raise ApplicationError(TITLE_TOO_LONG, field="title")
    body = clean_text(body, multiline=True, label="正文", field="body")
    if not body:
        raise ApplicationError(BODY_REQUIRED, field="body")
    if len(body) > BODY_MAX:
        raise ApplicationError(BODY_TOO_LONG, field="body")
    if not target.is_active:
        raise ApplicationError(TARGET_INACTIVE.format(name=target.name), field="target")
    if not target.path.startswith(publisher.path):
        raise ApplicationError(TARGET_OUTSIDE, field="target")
    publish_from = publish_from or timezone.now()
    if publish_until is not None and publish_until <= publish_from:
        raise ApplicationError(WINDOW_ORDER, field="publish_until")
    if status not in (NoticeStatus.DRAFT, NoticeStatus.PUBLISHED):
        raise ApplicationError(STATUS_INVALID, field="status")
    return {
        "title": title,
        "body": body,
        "target": target,
        "publish_from": publish_from,
        "publish_until": publish_until,
        "status": status,
    }


def notice_snapshot(notice: Notice) -> dict[str, Any]:
    return {
        "title": notice.title,
        "body": notice.body,
        "publisher": notice.publisher.name,
        "target": notice.target.name,
        "status": notice.status,
        "publish_from": timezone.localtime(notice.publish_from).strftime("%Y-%m-%d %H:%M"),
        "publish_until": (
            timezone.localtime(notice.publish_until).strftime("%Y-%m-%d %H:%M")
            if notice.publish_until
            else ""
        ),
    }


@atomic_keeping_denials(durable=True)
def notice_create(
    *,
    actor: User,
    title: str,
    body: str,
    target: Org,
    publish_from: datetime | None = None,
    publish_until: datetime | None = None,
    status: str = NoticeStatus.PUBLISHED,
) -> Notice:
    """A notice of the actor's own union to `target`'s subtree."""
    publisher = actor.org
    if publisher is None:
        raise ApplicationError(NO_ORG)
    _require_scope(actor, target)
    fields = _clean(
        publisher=publisher,
        title=title,
        body=body,
        target=target,
        publish_from=publish_from,
        publish_until=publish_until,
        status=status,
    )
    notice = Notice.objects.create(publisher=publisher, created_by=actor, **fields)
    audit_record(
        actor=actor,
        action="notice.create",
        obj=notice,
        org=publisher,
        changes=notice_snapshot(notice),
    )
    return notice


@atomic_keeping_denials(durable=True)
def notice_update(
    *,
    actor: User,
    notice: Notice,
    title: str,
    body: str,
    target: Org,
    publish_from: datetime | None = None,
    publish_until: datetime | None = None,
    status: str = NoticeStatus.PUBLISHED,
) -> Notice:
    notice = (
        Notice.objects.select_for_update().select_related("publisher", "target").get(pk=notice.pk)
    )
    _require_scope(actor, notice.publisher, notice)
    _require_scope(actor, target, notice)
    before = notice_snapshot(notice)
    fields = _clean(
        publisher=notice.publisher,
        title=title,
        body=body,
        target=target,
        publish_from=publish_from or notice.publish_from,
        publish_until=publish_until,
        status=status,
    )
    for name, value in fields.items():
        setattr(notice, name, value)
    after = notice_snapshot(notice)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        notice.save()
        audit_record(
            actor=actor, action="notice.update", obj=notice, org=notice.publisher, changes=changes
        )
    return notice


@atomic_keeping_denials(durable=True)
def notice_withdraw(*, actor: User, notice: Notice) -> Notice:
    """Take a notice off the portal (it stays on the workbench, marked 已撤回)."""
    notice = Notice.objects.select_for_update().select_related("publisher").get(pk=notice.pk)
    _require_scope(actor, notice.publisher, notice)
    if notice.status == NoticeStatus.WITHDRAWN:
        raise ApplicationError(ALREADY_WITHDRAWN)
    before = notice.status
    notice.status = NoticeStatus.WITHDRAWN
    notice.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="notice.withdraw",
        obj=notice,
        org=notice.publisher,
        changes={"status": [before, notice.status]},
    )
    return notice
