"""The portal's kinds of 待办 (the port: gonghui.inbox.kinds): workers' 入会申请 to approve, and
their own 转会/退会 requests to handle. A forwarded transfer request is no longer the portal's: it
is the `members.Transfer` it became (members' kinds)."""

from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.core.masking import mask_name
from gonghui.inbox.kinds import InboxKind, Item, register_kind
from gonghui.portal.models import JoinApplication, MemberRequest, RequestStatus

APPLICATION_SUMMARY = "{name} 申请加入{org}{fallback}"
FALLBACK_NOTE = "（兜底入会）"
REQUEST_SUMMARY = "{name} 申请{kind}{to}"
REQUEST_TO = "至{org}"


def _applications():
    return JoinApplication.objects.filter(status=RequestStatus.PENDING).select_related(
        "worker", "org"
    )


def _application_item(application: JoinApplication) -> Item:
    return Item(
        org_id=application.org_id,
        summary=APPLICATION_SUMMARY.format(
            name=mask_name(application.worker.name),
            org=application.org.name,
            fallback=FALLBACK_NOTE if application.fallback else "",
        ),
        link=reverse("portal_admin:application", args=[application.pk]),
    )


def _requests():
    return MemberRequest.objects.filter(
        status=RequestStatus.PENDING, transfer__isnull=True
    ).select_related("member", "to_org")


def _request_item(item: MemberRequest) -> Item:
    return Item(
        org_id=item.member.org_id,
        summary=REQUEST_SUMMARY.format(
            name=mask_name(item.member.name),
            kind=item.get_kind_display(),
            to=REQUEST_TO.format(org=item.to_org.name) if item.to_org_id else "",
        ),
        link=reverse("portal_admin:member_requests"),
    )


register_kind(
    InboxKind(
        key="portal.join",
        label="待审核入会申请",
        permission=Perm.MEMBER_ADD,
        model="portal.JoinApplication",
        source=_applications,
        item=_application_item,
        order=40,
        notify=True,
    ),
    InboxKind(
        key="portal.member_request",
        label="待办理会员申请",
        permission=Perm.MEMBER_CHANGE,
        model="portal.MemberRequest",
        source=_requests,
        item=_request_item,
        order=41,
        notify=True,
    ),
)
