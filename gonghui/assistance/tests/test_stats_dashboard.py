"""The 困难职工帮扶 section of the org dashboard: figures after archive, aid and campaign writes,
scope, table views and Excel downloads."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.assistance.codes import AidForm, ArchiveStatus, CampaignKind, Cause, FundSource, Level
from gonghui.assistance.metrics import archive_state, stats_archive_changed
from gonghui.assistance.selectors.stats import assistance_dashboard
from gonghui.assistance.services.aid import aid_record
from gonghui.assistance.services.campaigns import campaign_create, campaign_pay
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.core.errors import NotFound


def build(tree, staff, make_member, make_archive):
    """Two archived households in 城关区 (one with two causes), one under review, one exited
    this year, one archived in 七里河区; aid and a 送温暖 payment this year."""
    today = timezone.localdate()
    a = make_archive(make_member(tree.base_a, name="甲"), causes=[Cause.ILLNESS, Cause.EDUCATION])
    make_archive(make_member(tree.base_b, name="乙"), level=Level.RELATIVE)
    make_archive(make_member(tree.base_b, name="丙"), status=ArchiveStatus.SUBMITTED)
    exited = make_archive(make_member(tree.base_a, name="丁"))
    before = archive_state(exited)
    exited.status, exited.exited_on = ArchiveStatus.EXITED, today
    exited.save()
    stats_archive_changed(before=before, after=exited)
    make_archive(make_member(tree.base_c, name="戊"), level=Level.ACCIDENT)

    paid_on = max(today.replace(day=1), date(today.year, 3, 20))
    paid_on = min(paid_on, today)
    aid_record(
        actor=staff.county_admin,
        archive=a,
        form=AidForm.CASH,
        amount=Decimal("1500.50"),
        fund_source=FundSource.SPECIAL,
        paid_on=paid_on,
    )
    aid_record(
        actor=staff.county_admin,
        archive=a,
        form=AidForm.GOODS,
        goods="米面油",
        amount=Decimal("300"),
        fund_source=FundSource.DONATION,
        paid_on=paid_on,
    )
    campaign = campaign_create(
        actor=staff.sysadmin,
        kind=CampaignKind.WARMTH,
        name=f"{today.year}年送温暖",
        org=tree.province,
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
        budget=Decimal("100000"),
    )
    campaign_pay(
        actor=staff.sysadmin,
        campaign=campaign,
        archive=a,
        form=AidForm.CASH,
        amount=Decimal("800"),
        paid_on=today,
    )
    return campaign


def test_section_figures_follow_the_writes(tree, staff, make_member, make_archive):
    campaign = build(tree, staff, make_member, make_archive)
    section = assistance_dashboard(user=staff.county_admin, org=tree.chengguan)
    figures = section["figures"]
    assert figures["archives"] == 2
    assert figures["exited_this_year"] == 1
    assert figures["aid_amount_this_year"] == Decimal("1800.50")
    assert figures["aid_count_this_year"] == 2
    levels = {p["key"]: p["value"] for p in figures["by_level"]}
    assert levels == {Level.DEEP: 1, Level.RELATIVE: 1, Level.ACCIDENT: 0}
    causes = {p["key"]: p["value"] for p in figures["by_cause"]}
    assert causes[Cause.ILLNESS] == 2 and causes[Cause.EDUCATION] == 1
    statuses = {p["key"]: p["value"] for p in figures["by_status"]}
    assert statuses[ArchiveStatus.SUBMITTED] == 1 and statuses[ArchiveStatus.EXITED] == 1
    funds = {f["key"]: (f["amount"], f["count"]) for f in figures["by_fund"]}
    assert funds[FundSource.SPECIAL] == (Decimal("1500.50"), 1)
    assert funds[FundSource.DONATION] == (Decimal("300.00"), 1)
    # The payment was made by the province itself: not in 城关区's subtree.
    assert figures["campaigns"] == []

    province = assistance_dashboard(user=staff.sysadmin, org=tree.province)
    assert province["figures"]["archives"] == 3
    (row,) = province["figures"]["campaigns"]
    assert (row["campaign"], row["amount"], row["count"]) == (campaign, Decimal("800.00"), 1)
    lanzhou = assistance_dashboard(user=staff.sysadmin, org=tree.lanzhou)
    children = {r["org"]: r["figures"] for r in lanzhou["children"]}
    assert children[tree.chengguan]["archives"] == 2
    assert children[tree.qilihe]["archives"] == 1
    assert children[tree.chengguan]["aid_amount_this_year"] == Decimal("1800.50")


def test_the_dashboards_read_equals_the_sections_own(tree, staff, make_member, make_archive):
    """The dashboard passes the org's roll-ups it has read, and the section then reads only
    the children's column metrics: the same section as its own read of every prefix."""
    from gonghui.assistance.selectors.stats import _active_children
    from gonghui.metrics.reads import org_rows

    build(tree, staff, make_member, make_archive)
    since = f"{timezone.localdate():%Y}-01"
    for org in (tree.province, tree.lanzhou, tree.chengguan):
        children = _active_children(org)
        own = assistance_dashboard(user=staff.sysadmin, org=org, children=children)
        shared = assistance_dashboard(
            user=staff.sysadmin, org=org, children=children, rows=org_rows(org.pk, since=since)
        )
        assert shared == own
        assert own["figures"]["archives"] > 0


def test_dashboard_page_shows_the_section_and_its_tables(
    client, tree, staff, make_member, make_archive
):
    build(tree, staff, make_member, make_archive)
    client.force_login(staff.county_admin)
    response = client.get(reverse("stats:org", args=[tree.chengguan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="assistance-section"' in html
    assert (
        '<div class="figure" data-key="assist_archives"><div class="figure-label">在档困难职工户数</div><div class="figure-value">2</div>'
        in html
    )
    assert "1800.50" in html
    for key in ("assist_level", "assist_cause", "assist_status", "assist_fund", "assist_children"):
        assert f'id="table-{key}"' in html
    assert response.context["charts"]["assistance"]["level"][0] == {"name": "深度困难", "value": 1}


def test_section_excel_download(client, tree, staff, make_member, make_archive):
    build(tree, staff, make_member, make_archive)
    client.force_login(staff.county_admin)
    response = client.get(reverse("stats:export", args=[tree.chengguan.pk, "assist_fund"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert ("专项资金", 1500.5, 1) in rows
    assert rows[-1] == ("合计", 1800.5, 2)
    assert AuditLog.objects.filter(action="stats.export", changes__chart="assist_fund").exists()
    everything = client.get(reverse("stats:export", args=[tree.chengguan.pk, "all"]))
    names = load_workbook(io.BytesIO(b"".join(everything.streaming_content))).sheetnames
    assert "在档档案按困难类别" in names and "下级工会困难职工帮扶情况" in names


def test_section_hidden_without_the_archive_permission(client, tree, staff, make_user):
    from gonghui.accounts.permissions import ROLE_AGENT

    agent = make_user("agent", tree.chengguan, ROLE_AGENT)
    client.force_login(agent)
    response = client.get(reverse("stats:org", args=[tree.chengguan.pk]))
    assert response.status_code == 200
    assert "assistance-section" not in response.content.decode()
    assert (
        client.get(reverse("stats:export", args=[tree.chengguan.pk, "assist_level"])).status_code
        == 404
    )


def test_another_subtree_is_refused_and_audited(client, tree, staff):
    client.force_login(staff.county_admin)
    response = client.get(reverse("stats:org", args=[tree.qilihe.pk]))
    assert response.status_code == 404  # the dashboard's rule: out of scope looks missing
    assert AuditLog.objects.filter(action="access.denied", object_id=str(tree.qilihe.pk)).exists()


def test_selector_refuses_an_org_outside_the_subtree(tree, staff):
    with pytest.raises(NotFound):
        assistance_dashboard(user=staff.county_admin, org=tree.qilihe)
    assert AuditLog.objects.filter(
        action="access.denied", object_id=str(tree.qilihe.pk), result=AuditResult.DENIED
    ).exists()
