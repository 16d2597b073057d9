"""The 数据看板 pages: figures equal a recount of the raw tables, scope, map, tables, Excel."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gonghui.audit.models import AuditLog
from gonghui.members.codes import HOLDING_STATUSES, NEW_FORMS, Category
from gonghui.members.models import Member
from gonghui.members.services import member_leave, member_retain
from gonghui.metrics.services import stats_rollup
from gonghui.metrics.tests.conftest import person
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.services import level_for
from gonghui.stats import views
from gonghui.stats.maps import city_features, map_regions


@pytest.fixture
def people(staff, tree, make_member):
    today = timezone.localdate()
    make_member(tree.base_a, id_number=person(1990, 1), category=Category.NF_COURIER)
    make_member(tree.base_a, id_number=person(1960, 2, female=True), joined_on=today)
    make_member(tree.base_b, id_number=person(1985, 6), category=Category.NF_DELIVERY)
    make_member(tree.base_c, id_number=person(1980, 3), category=Category.NF_DELIVERY)
    retained = make_member(tree.base_c, id_number=person(1970, 4, female=True))
    member_retain(actor=staff.sysadmin, member=retained)
    gone = make_member(tree.base_a, id_number=person(1995, 5))
    member_leave(actor=staff.sysadmin, member=gone)
    make_member(tree.base_d, id_number=person(2000, 7), category=Category.NF_TRUCK)


def login(client, user):
    client.force_login(user)
    return client


def recount(org: Org) -> dict:
    """The figures straight from the member table, for comparison with the page."""
    holding = Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES)
    return {
        "members": holding.count(),
        "new_forms": holding.filter(category__in=NEW_FORMS).count(),
        "base_unions": Org.objects.filter(path__startswith=org.path, org_type=OrgType.BASE).count(),
    }


def page(client, org) -> dict:
    response = client.get(reverse("stats:org", args=[org.pk]))
    assert response.status_code == 200
    return response


def test_home_opens_the_users_own_org(client, staff, tree):
    response = login(client, staff.city_admin).get(reverse("stats:home"))
    assert response.status_code == 302
    assert response.url == reverse("stats:org", args=[tree.lanzhou.pk])


def test_key_figures_equal_a_recount(client, staff, tree, people):
    response = page(login(client, staff.city_admin), tree.lanzhou)
    shown = {f["key"]: f["value"] for f in response.context["key_figures"]}
    expected = recount(tree.lanzhou)
    assert expected == {"members": 5, "new_forms": 3, "base_unions": 3}
    assert shown["members"] == expected["members"]
    assert shown["new_forms"] == expected["new_forms"]
    assert shown["base_unions"] == expected["base_unions"]
    assert shown["new_forms_rate"] == pytest.approx(3 / 5)
    assert shown["joins_this_year"] == 1
    html = response.content.decode()
    assert '<div class="figure" data-key="members"><div class="figure-label">会员总数</div>' in html
    assert '<div class="figure-value">60.0%</div>' in html


def test_children_breakdown_and_drill_down(client, staff, tree, people):
    response = page(login(client, staff.city_admin), tree.lanzhou)
    rows = {row["org"].pk: row for row in response.context["children"]}
    assert set(rows) == {tree.chengguan.pk, tree.qilihe.pk}
    for child in (tree.chengguan, tree.qilihe):
        expected = recount(child)
        assert rows[child.pk]["figures"]["members"] == expected["members"]
        assert rows[child.pk]["figures"]["new_forms"] == expected["new_forms"]
    html = response.content.decode()
    assert f'href="{reverse("stats:org", args=[tree.chengguan.pk])}"' in html
    # The drill-down opens the county's own dashboard with its own figures; the breadcrumb
    # links up to the city but not to the province, outside this admin's scope.
    county = page(client, tree.chengguan)
    assert county.context["ancestors"] == [tree.lanzhou]
    shown = {f["key"]: f["value"] for f in county.context["key_figures"]}
    assert shown["members"] == recount(tree.chengguan)["members"] == 3


def test_out_of_scope_is_not_found(client, staff, tree, people):
    login(client, staff.county_admin)
    for org in (tree.lanzhou, tree.province, tree.qilihe, tree.tianshui):
        assert client.get(reverse("stats:org", args=[org.pk])).status_code == 404
        url = reverse("stats:export", args=[org.pk, "figures"])
        assert client.get(url).status_code == 404
    assert client.get(reverse("stats:org", args=[999_999])).status_code == 404
    assert page(client, tree.chengguan).context["org"] == tree.chengguan


def test_needs_login(client, tree):
    response = client.get(reverse("stats:org", args=[tree.province.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_province_map_matches_city_unions(client, staff, tree, people):
    response = page(login(client, staff.sysadmin), tree.province)
    assert response.context["has_map"]
    regions = {r["name"]: r for r in response.context["charts"]["map"]["regions"]}
    assert len(regions) == 14
    assert regions["兰州市"]["value"] == recount(tree.lanzhou)["members"] == 5
    assert regions["兰州市"]["url"] == reverse("stats:org", args=[tree.lanzhou.pk])
    assert regions["天水市"]["value"] == recount(tree.tianshui)["members"] == 1
    assert regions["酒泉市"] == {
        "name": "酒泉市",
        "label": "酒泉",
        "union": "",
        "value": 0,
        "url": "",
    }
    # Long names are shortened on the map (the tooltip and the table keep the full name).
    assert regions["兰州市"]["label"] == "兰州" and regions["嘉峪关市"]["label"] == "嘉峪关"
    assert regions["临夏回族自治州"]["label"] == "临夏州"
    assert regions["甘南藏族自治州"]["label"] == "甘南州"
    table = response.context["tables"]["map"]
    assert ["兰州市", "兰州市总工会", 5, 3] in table.rows
    assert 'id="table-map"' in response.content.decode()


def test_map_matches_by_name_without_division_code(tree):
    tree.tianshui.division_code = ""
    rows = [
        {"org": tree.tianshui, "figures": {"members": 7, "new_forms": 2}},
        {"org": tree.lanzhou, "figures": {"members": 3, "new_forms": 0}},
    ]
    regions = {r["name"]: r for r in map_regions(children=rows, features=city_features())}
    assert regions["天水市"]["org"] == tree.tianshui and regions["天水市"]["members"] == 7
    assert regions["兰州市"]["org"] == tree.lanzhou
    assert regions["张掖市"]["org"] is None


def test_a_city_shows_its_counties_and_a_county_no_map(client, staff, tree, people):
    """A city's dashboard colours its own counties (it showed only its outline within the
    province, with a developer's note); a county has no map and says so in a user's words."""
    login(client, staff.city_admin)
    response = page(client, tree.lanzhou)
    chart = response.context["charts"]["map"]
    assert chart["geojson"].endswith("stats/gansu_counties.geojson")
    assert chart["codes"] == ["620102", "620103", "620104", "620105", "620111"] + [
        "620121",
        "620122",
        "620123",
    ]
    regions = {r["name"]: r for r in chart["regions"]}
    assert set(regions) == {"城关区", "七里河区", "西固区", "安宁区", "红古区"} | {
        "永登县",
        "皋兰县",
        "榆中县",
    }
    assert regions["城关区"]["value"] == recount(tree.chengguan)["members"] == 3
    assert regions["城关区"]["url"] == reverse("stats:org", args=[tree.chengguan.pk])
    assert regions["城关区"]["union"] == "城关区总工会"
    assert regions["七里河区"]["value"] == recount(tree.qilihe)["members"] == 2
    assert regions["榆中县"] == {
        "name": "榆中县",
        "label": "榆中县",
        "union": "",
        "value": 0,
        "url": "",
    }
    table = response.context["tables"]["map"]
    assert table.title == "各区县会员分布" and table.headers[0] == "区县"
    assert ["城关区", "城关区总工会", 3, recount(tree.chengguan)["new_forms"]] in table.rows
    html = response.content.decode()
    assert "各区县会员分布" in html and 'id="chart-map"' in html
    assert 'id="chart-children"' in html
    assert "项目中没有" not in html
    county = page(client, tree.chengguan)
    assert not county.context["has_map"]
    html = county.content.decode()
    assert 'id="chart-map"' not in html
    assert 'id="no-map-note"' in html
    assert "项目中没有" not in html and "边界数据" not in html
    assert "城关区总工会各下级工会的会员数" in html
    assert 'id="chart-children"' in html


def test_pies_and_their_tables(client, staff, tree, people):
    response = page(login(client, staff.city_admin), tree.lanzhou)
    tables = response.context["tables"]
    category = {row[0]: row[1] for row in tables["category"].rows}
    assert category["新就业形态-快递员"] == 1
    assert category["新就业形态-外卖配送员"] == 2
    assert category["在岗职工"] == 2
    age = {row[0]: row[1] for row in tables["age"].rows}
    year = timezone.localdate().year
    born = {1990: 1, 1960: 1, 1985: 1, 1980: 1, 1970: 1}
    expected = {"35岁及以下": 0, "36至45岁": 0, "46至55岁": 0, "56岁及以上": 0}
    for birth_year, n in born.items():
        age_now = year - birth_year
        band = (
            "35岁及以下"
            if age_now <= 35
            else "36至45岁"
            if age_now <= 45
            else "46至55岁"
            if age_now <= 55
            else "56岁及以上"
        )
        expected[band] += n
    assert age == expected
    charts = response.context["charts"]
    assert {p["name"]: p["value"] for p in charts["category"]}["新就业形态-外卖配送员"] == 2
    assert sum(p["value"] for p in charts["age"]) == 5
    html = response.content.decode()
    assert 'id="table-category"' in html and 'id="table-age"' in html
    assert 'id="dashboard-charts" type="application/json"' in html
    assert "vendor/echarts/echarts.min.js" in html


def test_trend_counts_this_months_joins(client, staff, tree, people, make_member):
    login(client, staff.city_admin)
    before = page(client, tree.lanzhou).context["trend_rows"]
    month = timezone.localdate().strftime("%Y-%m")
    assert len(before) == 12 and before[-1]["period"] == month
    make_member(tree.base_c, id_number=person(1991, 8), joined_on=timezone.localdate())
    after = page(client, tree.lanzhou).context["trend_rows"]
    assert after[-1]["values"][0] == before[-1]["values"][0] + 1
    # The trend table's total row adds the months up.
    table = page(client, tree.lanzhou).context["tables"]["trend"]
    assert table.footer[1] == sum(row[1] for row in table.rows)


def _queries(client, org) -> int:
    with CaptureQueriesContext(connection) as ctx:
        page(client, org)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_children(client, staff, tree, people):
    login(client, staff.sysadmin)
    _queries(
        client, tree.chengguan
    )  # warm: the session's once-a-minute save and the user's kept permissions
    first = _queries(client, tree.chengguan)
    # 17, and one for the 劳动和技能竞赛 section (人 counted on demand), one for 网上练兵's 人
    # counted on demand, and three for the 创新工作室和五小 one (studios, reports,
    # suggestions). The org's roll-up rows are read once (`metrics.reads.org_rows`) for the key
    # figures, the trend and the contest, honors and training sections (the honor types'
    # titles take one more once honors are conferred). It was 28 before that.
    assert first <= 22
    for n in range(6):
        Org.objects.add_child(
            Org.objects.get(pk=tree.chengguan.pk),
            create_kwargs=dict(
                name=f"城关新街道{n}工会",
                org_type=OrgType.TOWNSHIP,
                level=level_for(OrgType.TOWNSHIP, tree.chengguan),
            ),
        )
    stats_rollup()
    assert len(page(client, tree.chengguan).context["children"]) == 7
    assert _queries(client, tree.chengguan) == first


def test_the_bar_chart_keeps_the_largest_children(client, staff, tree, people, monkeypatch):
    monkeypatch.setattr(views, "CHART_CHILDREN", 1)
    response = page(login(client, staff.city_admin), tree.lanzhou)
    assert [c["name"] for c in response.context["charts"]["children"]] == ["城关区总工会"]
    assert len(response.context["tables"]["children"].rows) == 2
    assert "图中为会员数最多的1个下级工会" in response.content.decode()


def test_excel_download_of_one_chart(client, staff, tree, people):
    login(client, staff.city_admin)
    response = client.get(reverse("stats:export", args=[tree.lanzhou.pk, "children"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["下级工会分布"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("统计范围", "兰州市总工会（含下级）")
    header = rows[3]
    assert header[:3] == ("下级工会", "会员数", "新就业形态会员")
    body = {row[0]: row for row in rows[4:]}
    assert body["城关区总工会"][1] == recount(tree.chengguan)["members"] == 3
    assert body["七里河区总工会"][1] == recount(tree.qilihe)["members"] == 2
    assert body["七里河区总工会"][2] == 1
    log = AuditLog.objects.filter(action="stats.export").get()
    assert log.actor == staff.city_admin
    assert log.changes["chart"] == "children"


def test_excel_download_of_all_charts_has_no_personal_data(client, staff, tree, people):
    login(client, staff.sysadmin)
    response = client.get(reverse("stats:export", args=[tree.province.pk, "all"]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    # The 困难职工帮扶 section's sheets follow (gonghui/assistance/tests/test_stats_dashboard.py).
    assert book.sheetnames[:6] == [
        "主要指标",
        "近12个月变化",
        "各市州会员分布",
        "下级工会分布",
        "会员职工类别构成",
        "会员年龄构成",
    ]
    figures = {row[0]: row[1] for row in book["主要指标"].iter_rows(min_row=5, values_only=True)}
    assert figures["会员总数"] == recount(tree.province)["members"] == 6
    assert figures["新就业形态会员"] == 4
    text = " ".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )
    assert person(1990, 1) not in text and "张三" not in text


def test_unknown_chart_is_not_found(client, staff, tree):
    login(client, staff.city_admin)
    assert client.get(reverse("stats:export", args=[tree.lanzhou.pk, "nope"])).status_code == 404
    assert client.get(reverse("stats:export", args=[tree.chengguan.pk, "map"])).status_code == 404
    assert not AuditLog.objects.filter(action="stats.export").exists()


def test_figures_follow_a_member_leaving(client, staff, tree, people):
    login(client, staff.city_admin)
    before = page(client, tree.lanzhou).context["figures"]["members"]
    member = Member.objects.filter(org=tree.base_b, status__in=HOLDING_STATUSES).get()
    member_leave(actor=staff.sysadmin, member=member, on=timezone.localdate())
    figures = page(client, tree.lanzhou).context["figures"]
    assert figures["members"] == before - 1 == recount(tree.lanzhou)["members"]
