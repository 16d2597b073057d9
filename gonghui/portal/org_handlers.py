"""What the portal hangs on an org (port "org merge/dissolve handlers", `gonghui.orgs.handlers`):
the join QR code on the org page, and the workers' pending 入会申请, which follow a merge and
stop a dissolution (nobody could approve them: a closed union registers no member)."""

from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.inbox.services import refresh_pks
from gonghui.orgs.handlers import OrgHandler, OrgLink, OrgPanel, register_org_handler
from gonghui.orgs.models import Org
from gonghui.portal.models import JoinApplication, RequestStatus

DISSOLVE_HAS_JOIN_APPLICATIONS = "该工会（含下级）还有 {n} 份待审核的入会申请，请先审核后再撤销。"


def _pending(org: Org):
    return JoinApplication.objects.filter(
        org__path__startswith=org.path, status=RequestStatus.PENDING
    )


def _move_for_merge(*, actor, source: Org, target: Org) -> dict:
    pending = JoinApplication.objects.filter(org=source, status=RequestStatus.PENDING)
    pks = list(pending.values_list("pk", flat=True))
    moved = pending.update(org=target)
    refresh_pks("portal.JoinApplication", pks)
    return {"join_applications_moved": moved} if moved else {}


def _panel(user, org: Org) -> OrgPanel:
    if org.is_active and org.holds_members and user.has_perm(Perm.MEMBER_ADD):
        return OrgPanel(
            links=[OrgLink("入会二维码", reverse("portal_admin:qr_poster", args=[org.pk]))]
        )
    return OrgPanel()


register_org_handler(
    OrgHandler(
        app="portal",
        blocking=lambda org: _pending(org).count(),
        blocking_message=DISSOLVE_HAS_JOIN_APPLICATIONS,
        move_for_merge=_move_for_merge,
        panel=_panel,
    )
)
