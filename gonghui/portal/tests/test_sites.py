"""The portal's pages of service sites: 附近的驿站, the map, a site's page with 会员评家."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.conftest import login
from gonghui.sites.models import Override, SiteRating
from gonghui.sites.services import RATING_SCORE, RATING_TWICE

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_nearby_sorted_by_distance(make_site, client):
    far = make_site(name="远的驿站", lat=36.2, lng=103.83)
    near = make_site(name="近的驿站", lat=36.061, lng=103.831)
    response = client.get(reverse("sites_portal:nearby"), {"lat": "36.06", "lng": "103.83"})
    assert response.status_code == 200
    text = response.text
    assert text.index(near.name) < text.index(far.name)
    assert "营业中" in text and "米" in text


def test_nearby_by_county_and_filters(make_site, client, tree):
    make_site(name="有充电", facilities=4, lat=36.0, lng=103.8)
    make_site(name="没充电", facilities=1, lat=36.0, lng=103.8)
    response = client.get(
        reverse("sites_portal:nearby"), {"county": tree.chengguan.pk, "facility": "4"}
    )
    assert "有充电" in response.text and "没充电" not in response.text
    response = client.get(reverse("sites_portal:nearby"), {"county": tree.qilihe.pk})
    assert "七里河区还没有登记服务阵地" in response.text


def test_nearby_without_location_asks_for_it(db, client):
    response = client.get(reverse("sites_portal:nearby"))
    assert response.status_code == 200 and "使用我的位置" in response.text


def test_bad_coordinates_are_ignored(db, client):
    response = client.get(reverse("sites_portal:nearby"), {"lat": "abc", "lng": "999"})
    assert response.status_code == 200


def test_geojson_endpoint_is_public(make_site, client):
    make_site(name="营业中的站", lat=36.06, lng=103.83)
    make_site(name="暂停的站", override=Override.CLOSED)
    response = client.get(reverse("sites_portal:geojson"))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert [f["properties"]["name"] for f in data["features"]] == ["营业中的站"]


def test_map_page_tiles_only_when_configured(db, client, settings):
    response = client.get(reverse("sites_portal:map"))
    assert response.status_code == 200
    assert 'data-tiles=""' in response.text and "vendor/leaflet/leaflet.js" in response.text
    settings.GONGHUI_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = client.get(reverse("sites_portal:map"))
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in response.text


@pytest.fixture
def member_worker(make_worker, make_member, tree):
    member = make_member(tree.base_a, id_number="620102198506060044", name="李四")
    return make_worker("13900001111", name="李四", id_number="620102198506060044", member=member)


def test_member_rates_once_a_month(make_site, member_worker, worker_client):
    site = make_site()
    client = worker_client(member_worker)
    page = client.get(reverse("sites_portal:detail", args=[site.pk]))
    assert "提交评价" in page.text
    url = reverse("sites_portal:rate", args=[site.pk])
    response = client.post(url, {"score": "4", "comment": "干净整洁"})
    assert response.status_code == 302
    page = client.get(reverse("sites_portal:detail", args=[site.pk]))
    assert "平均 <strong>4.0</strong> 分" in page.text and "干净整洁" in page.text
    assert "您本月已评价过" in page.text
    response = client.post(url, {"score": "5"})
    assert response.status_code == 400
    assert RATING_TWICE.format(site=site.name) in response.text
    assert SiteRating.objects.count() == 1


def test_rating_bad_score_and_non_member(make_site, make_worker, worker_client, member_worker):
    site = make_site()
    url = reverse("sites_portal:rate", args=[site.pk])
    response = worker_client(member_worker).post(url, {"score": "9"})
    assert response.status_code == 400 and RATING_SCORE in response.text
    outsider = make_worker("13900002222", name="王五", id_number="620102195503070016")
    page = worker_client(outsider).get(reverse("sites_portal:detail", args=[site.pk]))
    assert "只有会籍有效的工会会员才能评价" in page.text and "提交评价" not in page.text
    response = worker_client(outsider).post(url, {"score": "5"})
    assert response.status_code == 400
    assert not SiteRating.objects.exists()


def test_rating_needs_login(make_site, client):
    site = make_site()
    response = client.post(reverse("sites_portal:rate", args=[site.pk]), {"score": "5"})
    assert response.status_code == 302 and "/m/login" in response.url
    page = client.get(reverse("sites_portal:detail", args=[site.pk]))
    assert "登录后" in page.text


def test_portal_photo(make_site, staff, client):
    from gonghui.sites.services import site_photo_add

    site = make_site()
    photo = site_photo_add(actor=staff.sysadmin, site=site, upload=SimpleUploadedFile("p.png", PNG))
    response = client.get(reverse("sites_portal:photo", args=[site.pk, photo.pk]))
    assert response.status_code == 200 and response.content == PNG
    assert (
        client.get(reverse("sites_portal:photo", args=[site.pk + 1, photo.pk])).status_code == 404
    )


def test_the_sites_workbench_page_links_its_worker_page_through_the_menu_port(make_site, staff):
    site = make_site(name="城关职工驿站")
    html = login(staff.county_admin).get(reverse("sites:detail", args=[site.pk])).text
    worker_page = reverse("sites_portal:detail", args=[site.pk])
    assert f'<a class="btn btn-ghost" href="{worker_page}">职工端页面</a>' in html


def test_site_page_links_to_the_map_apps(make_site, client):
    site = make_site(name="东岗西路驿站", lat=36.058, lng=103.84)
    response = client.get(reverse("sites_portal:detail", args=[site.pk]))
    html = response.text
    assert 'id="navigate"' in html
    for key, start in [
        ("amap", "https://uri.amap.com/marker?position="),
        ("baidu", "https://api.map.baidu.com/marker?location="),
        ("tencent", "https://apis.map.qq.com/uri/v1/marker?marker="),
        ("geo", "geo:36.058000,103.840000?q="),
    ]:
        assert f'href="{start}' in html and f'data-nav="{key}"' in html


def test_nearby_filters_fold_and_count_what_is_chosen(make_site, client):
    make_site(lat=36.06, lng=103.83)
    response = client.get(reverse("sites_portal:nearby"))
    assert '<details class="s-filters" id="filters">' in response.text
    assert "已选" not in response.text
    response = client.get(
        reverse("sites_portal:nearby"),
        {"lat": 36.06, "lng": 103.83, "type": "station", "facility": ["1", "2"], "open": "on"},
    )
    assert "（已选 4 项）" in response.text and 'id="nearby-list"' in response.text


@pytest.mark.parametrize(
    "data", [None, {"county": "CG"}, {"lat": "36.06", "lng": "103.83"}, {"county": ""}]
)
def test_nearby_county_select_is_the_widgets_own_html(db, tree, data):
    """The county <select> is built in one pass (the widget's 86 option templates were most of
    the page's time): the same HTML as the widget's, whitespace aside."""
    import re

    from gonghui.portal.views.sites import NearbyForm, _county_select
    from gonghui.sites.public_cache import public_counties

    if data and data.get("county") == "CG":
        data = {"county": str(tree.chengguan.pk)}
    form = NearbyForm(data, counties=public_counties())
    form.is_valid()
    built = _county_select(form)
    assert built is not None and "城关区总工会" in built

    def norm(html):
        return re.sub(r"\s+", " ", str(html))

    assert norm(built) == norm(form["county"])


def test_nearby_county_select_with_an_error_is_the_widgets(db, tree, client):
    response = client.get(reverse("sites_portal:nearby"), {"county": "999999"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text and 'id="id_county"' in response.text
