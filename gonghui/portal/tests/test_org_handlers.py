"""The portal's org handler (gonghui/portal/org_handlers.py): pending 入会申请 follow a merge and
stop a dissolution; the org page links the union's join QR poster."""

import pytest
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS
from gonghui.core.errors import ApplicationError
from gonghui.inbox.models import OpenItem
from gonghui.members.codes import Category
from gonghui.orgs.models import OrgStatus
from gonghui.orgs.services import org_dissolve, org_merge
from gonghui.portal.models import JoinApplication, RequestStatus
from gonghui.portal.org_handlers import DISSOLVE_HAS_JOIN_APPLICATIONS
from gonghui.portal.services.joining import join_apply, join_approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(make_worker, tree):
    worker = make_worker("13900000001", name="李四", id_number=VALID_IDS[1])
    return join_apply(
        worker=worker, org=tree.base_a, category=Category.NF_DELIVERY, employer="美团外卖兰州站"
    )


def test_a_merge_takes_pending_join_applications_to_the_target(staff, tree, application):
    org_merge(actor=staff.county_admin, source=tree.base_a, target=tree.base_b)

    application.refresh_from_db()
    assert application.org == tree.base_b and application.status == RequestStatus.PENDING
    row = AuditLog.objects.get(action="org.merge")
    assert row.changes == {
        "into": "兰州乙公司工会",
        "members_moved": 0,
        "join_applications_moved": 1,
    }
    # Its 待办 goes with it: the portal's handler refreshes it in the merge (before the inbox's,
    # which then finds nothing left at the merged union).
    item = OpenItem.objects.get(kind="portal.join", ref=str(application.pk))
    assert item.org_id == tree.base_b.pk
    # The receiving union can decide it (the merged-away one no longer registers members).
    approved = join_approve(actor=staff.county_admin, application=application)
    assert approved.member.org == tree.base_b


@pytest.mark.raw_inbox_writes  # rows written past the services
def test_a_merge_leaves_decided_applications_where_they_were(staff, tree, application):
    application.status = RequestStatus.REJECTED
    application.save(update_fields=["status"])

    org_merge(actor=staff.county_admin, source=tree.base_a, target=tree.base_b)

    assert JoinApplication.objects.get(pk=application.pk).org == tree.base_a
    assert "join_applications_moved" not in AuditLog.objects.get(action="org.merge").changes


@pytest.mark.raw_inbox_writes  # rows written past the services
def test_a_pending_join_application_stops_a_dissolution(staff, tree, application):
    with pytest.raises(ApplicationError) as exc:
        org_dissolve(actor=staff.county_admin, org=tree.base_a)
    assert exc.value.message == DISSOLVE_HAS_JOIN_APPLICATIONS.format(n=1)
    tree.base_a.refresh_from_db()
    assert tree.base_a.status == OrgStatus.ACTIVE

    application.status = RequestStatus.WITHDRAWN
    application.save(update_fields=["status"])
    org_dissolve(actor=staff.county_admin, org=tree.base_a)
    tree.base_a.refresh_from_db()
    assert tree.base_a.status == OrgStatus.DISSOLVED


def test_org_page_links_the_join_qr_poster_of_a_union_that_takes_members(client, staff, tree):
    client.force_login(staff.county_admin)
    poster = reverse("portal_admin:qr_poster", args=[tree.base_a.pk])
    assert poster in client.get(reverse("orgs:detail", args=[tree.base_a.pk])).content.decode()
    # A county union takes no members directly; an auditor may not register any.
    page = client.get(reverse("orgs:detail", args=[tree.chengguan.pk])).content.decode()
    assert "入会二维码" not in page
    client.force_login(staff.county_auditor)
    page = client.get(reverse("orgs:detail", args=[tree.base_a.pk])).content.decode()
    assert "入会二维码" not in page
