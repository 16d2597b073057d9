from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.assistance.codes import AidForm, CampaignKind
from gonghui.assistance.models import Allocation, Campaign, CampaignPayment
from gonghui.assistance.services import campaigns as svc
from gonghui.assistance.services.campaigns.common import PERIOD_INVALID
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.conftest import login
from gonghui.orgs.tests.picking import picker_offers


@pytest.fixture
def campaign(tree, staff):
    campaign = svc.campaign_create(
        actor=staff.sysadmin,
        kind=CampaignKind.WARMTH,
        name="2026年送温暖",
        org=tree.province,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        budget=Decimal("10000"),
    )
    svc.allocation_create(
        actor=staff.sysadmin,
        campaign=campaign,
        from_org=tree.province,
        org=tree.chengguan,
        amount="3000",
    )
    return campaign


def test_create_a_campaign(tree, staff):
    client = login(staff.county_admin)
    assert client.get(reverse("assistance:campaign_create")).status_code == 200
    data = {
        "kind": CampaignKind.COOLNESS,
        "name": "夏季送清凉",
        "org": tree.chengguan.pk,
        "starts_on": "2026-07-01",
        "ends_on": "2026-06-01",
        "budget": "5000",
    }
    response = client.post(reverse("assistance:campaign_create"), data)
    assert response.status_code == 400
    assert PERIOD_INVALID in response.text
    response = client.post(reverse("assistance:campaign_create"), {**data, "ends_on": "2026-08-31"})
    campaign = Campaign.objects.get(name="夏季送清凉")
    assert response.status_code == 302
    assert response.url == reverse("assistance:campaign_detail", args=[campaign.pk])


def test_list_shows_an_ancestor_campaign_only_where_its_money_went(tree, staff, campaign):
    assert "2026年送温暖" in login(staff.county_admin).get(reverse("assistance:campaign_list")).text
    assert "2026年送温暖" in login(staff.city_admin).get(reverse("assistance:campaign_list")).text
    response = login(staff.sibling_admin).get(reverse("assistance:campaign_list"))
    assert "2026年送温暖" not in response.text
    # The sibling county cannot open it either: not found, and the attempt is audited.
    response = login(staff.sibling_admin).get(
        reverse("assistance:campaign_detail", args=[campaign.pk])
    )
    assert response.status_code == 404
    assert AuditLog.objects.filter(
        action="access.denied",
        actor=staff.sibling_admin,
        object_id=str(campaign.pk),
        result=AuditResult.DENIED,
    ).exists()


def test_detail_shows_totals_per_child(tree, staff, make_member, campaign):
    svc.campaign_pay(
        actor=staff.county_admin,
        campaign=campaign,
        member=make_member(tree.base_a),
        form=AidForm.CASH,
        amount="800",
        paid_on=date(2026, 1, 10),
    )
    response = login(staff.city_admin).get(
        reverse("assistance:campaign_detail", args=[campaign.pk])
    )
    assert response.status_code == 200
    totals = response.context["totals"]
    assert [row.org for row in totals] == [tree.lanzhou, tree.chengguan, tree.qilihe]
    assert (totals[1].received, totals[1].paid, totals[1].count) == (
        Decimal("3000"),
        Decimal("800"),
        1,
    )
    assert totals[1].remaining == Decimal("2200")
    assert "兰州市总工会（合计）" in response.text
    # The county sees what it holds itself.
    response = login(staff.county_admin).get(
        reverse("assistance:campaign_detail", args=[campaign.pk])
    )
    assert response.context["own"]["left"] == Decimal("2200")
    assert "620102********" in response.text  # the payment list masks ID numbers


def test_detail_queries_do_not_grow_with_payments(tree, staff, make_member, campaign):
    client = login(staff.county_admin)
    url = reverse("assistance:campaign_detail", args=[campaign.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    svc.campaign_pay(
        actor=staff.county_admin,
        campaign=campaign,
        member=make_member(tree.base_a),
        form=AidForm.CASH,
        amount="10",
        paid_on=date(2026, 1, 10),
    )
    count()  # warm: the session's once-a-minute save and the user's kept permissions
    one = count()
    for _ in range(4):
        svc.campaign_pay(
            actor=staff.county_admin,
            campaign=campaign,
            member=make_member(tree.base_b),
            form=AidForm.CASH,
            amount="10",
            paid_on=date(2026, 1, 10),
        )
    assert count() == one


def test_allocate_from_the_page(tree, staff, campaign):
    client = login(staff.county_admin)
    url = reverse("assistance:campaign_allocate", args=[campaign.pk])
    data = {"from_org": tree.chengguan.pk, "org": tree.donggang.pk, "amount": "3000.01"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "超出 0.01 元" in response.text
    response = client.post(url, {**data, "amount": "3000"})
    assert response.status_code == 302
    assert Allocation.objects.filter(from_org=tree.chengguan, org=tree.donggang).exists()


def test_the_paying_union_is_a_picker_of_the_funded_unions(tree, staff, campaign):
    client = login(staff.county_admin)
    page = client.get(reverse("assistance:campaign_detail", args=[campaign.pk])).text
    # 城关区 is the only funded union of the subtree: preselected, with its path.
    assert f'name="from_org" value="{tree.chengguan.pk}"' in page
    assert "甘肃省总工会 › 兰州市总工会 › 城关区总工会" in page
    offered = picker_offers(client, page, "from_org", "工会")
    assert 'data-label="城关区总工会"' in offered
    assert 'data-label="甘肃省总工会"' not in offered  # funded, but above the user
    assert 'data-label="东岗西路街道工会"' not in offered  # in scope, but holds no money
    url = reverse("assistance:campaign_allocate", args=[campaign.pk])
    for refused in (tree.province, tree.donggang):
        data = {"from_org": refused.pk, "org": tree.base_a.pk, "amount": "10"}
        assert client.post(url, data).status_code == 400
    assert not Allocation.objects.filter(org=tree.base_a).exists()


def test_search_a_recipient_and_pay(tree, staff, make_member, campaign):
    member = make_member(tree.base_a, name="赵六")
    client = login(staff.county_admin)
    detail = reverse("assistance:campaign_detail", args=[campaign.pk])
    response = client.get(detail, {"q": member.id_number})
    assert response.status_code == 200
    assert "赵六" in response.text and 'id="pay-form"' in response.text
    data = {
        "q": member.id_number,
        "recipient": f"m{member.pk}",
        "form": AidForm.CASH,
        "amount": "500",
        "paid_on": "2026-01-15",
    }
    response = client.post(reverse("assistance:campaign_pay", args=[campaign.pk]), data)
    assert response.status_code == 302
    payment = CampaignPayment.objects.get()
    assert payment.member == member and payment.org == tree.chengguan
    # Twice: refused with the earlier payment named.
    response = client.post(reverse("assistance:campaign_pay", args=[campaign.pk]), data)
    assert response.status_code == 409
    assert "已在本次活动中领取过慰问（城关区总工会，2026年1月15日发放）" in response.text
    # A member of another county is not found from here.
    other = make_member(tree.base_c)
    response = client.get(detail, {"q": other.id_number})
    assert response.context["recipients"] == []


def test_an_incomplete_payment_form_is_shown_again_with_its_errors(tree, staff, campaign):
    # It once answered a server error: the view read a status it had not set.
    url = reverse("assistance:campaign_pay", args=[campaign.pk])
    response = login(staff.county_admin).post(url, {"form": AidForm.CASH, "amount": "500"})
    assert response.status_code == 400
    assert response.context["pay_form"].errors
    assert not CampaignPayment.objects.exists()


def test_views_need_their_permissions(tree, staff, campaign):
    response = login(staff.county_auditor).get(reverse("assistance:campaign_create"))
    assert response.status_code == 403
    assert login(staff.county_auditor).get(reverse("assistance:campaign_list")).status_code == 200


def test_revoke_a_payment_from_the_page(tree, staff, make_member, campaign):
    payment = svc.campaign_pay(
        actor=staff.county_admin,
        campaign=campaign,
        member=make_member(tree.base_a),
        form=AidForm.CASH,
        amount="100",
        paid_on=date(2026, 1, 10),
    )
    url = reverse("assistance:campaign_payment_revoke", args=[campaign.pk, payment.pk])
    client = login(staff.county_admin)
    response = client.get(url)
    assert response.status_code == 200 and "确认撤销" in response.text
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert CampaignPayment.objects.exists()
    response = client.post(url, {"reason": "重复登记"})
    assert response.status_code == 302
    assert not CampaignPayment.objects.exists()
    # Another subtree's staff cannot reach it.
    other = svc.campaign_pay(
        actor=staff.county_admin,
        campaign=campaign,
        member=make_member(tree.base_b),
        form=AidForm.CASH,
        amount="100",
        paid_on=date(2026, 1, 10),
    )
    url = reverse("assistance:campaign_payment_revoke", args=[campaign.pk, other.pk])
    assert login(staff.base_c_admin).get(url).status_code == 404


def test_grant_and_campaign_lists_keep_their_query_count(tree, staff, make_member, campaign):
    client = login(staff.county_admin)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    url = reverse("assistance:campaign_list")
    count(url)  # warm: the session's once-a-minute save and the user's kept permissions
    one = count(url)
    for n in range(3):
        svc.campaign_create(
            actor=staff.county_admin,
            kind=CampaignKind.JOBS,
            name=f"送岗位{n}",
            org=tree.chengguan,
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 3, 31),
            budget="100",
        )
    assert count(url) == one
