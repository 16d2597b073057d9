import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.conftest import login, message_pattern
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.orgs.tests.picking import picker_offers
from gonghui.sites.imports import FILE_INVALID, template_xlsx
from gonghui.sites.models import Override, Site, SitePhoto
from gonghui.sites.services import (
    PHOTO_TOO_LARGE,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# --- workbench -----------------------------------------------------------------------------------


def test_list_and_detail_render(make_site, staff):
    site = make_site(name="东岗驿站")
    client = login(staff.county_staff)
    response = client.get(reverse("sites:list"))
    assert response.status_code == 200
    assert "东岗驿站" in response.text and "营业中" in response.text
    response = client.get(reverse("sites:detail", args=[site.pk]))
    assert response.status_code == 200
    assert "开放时间" in response.text and "全天" in response.text
    assert "服务阵地" in response.text  # the side-nav link


def test_side_nav_hides_link_without_permission(tree, make_user):
    from gonghui.accounts.permissions import ROLE_AGENT

    agent = make_user("agent1", tree.province, ROLE_AGENT)
    response = login(agent).get(reverse("orgs:home"))
    assert reverse("sites:list") not in response.text


def test_read_outside_subtree_is_404(make_site, staff, tree):
    site = make_site(org=tree.qilihe)
    response = login(staff.county_admin).get(reverse("sites:detail", args=[site.pk]))
    assert response.status_code == 404
    assert AuditLog.objects.filter(action="access.denied", object_id=str(site.pk)).exists()


def test_staff_without_manage_cannot_write(make_site, staff):
    site = make_site()
    client = login(staff.county_staff)
    response = client.post(reverse("sites:override", args=[site.pk]), {"override": "closed"})
    assert response.status_code == 403
    assert Site.objects.get(pk=site.pk).override == Override.AUTO
    assert AuditLog.objects.filter(
        action="access.denied", changes__permission="sites.change_site"
    ).exists()


def test_create_through_the_form(staff, tree):
    client = login(staff.county_admin)
    assert client.get(reverse("sites:create")).status_code == 200
    data = {
        "name": "城关区总工会职工之家",
        "site_type": "home",
        "org": tree.chengguan.pk,
        "county": tree.chengguan.pk,
        "address": "兰州市城关区东岗西路1号",
        "lng": "103.85",
        "lat": "36.05",
        "crs": "WGS-84",
        "hours": "周一至周五 08:00-18:00",
        "facilities": ["1", "128"],
    }
    response = client.post(reverse("sites:create"), data)
    site = Site.objects.get()
    assert response.status_code == 302 and response.url == reverse("sites:detail", args=[site.pk])
    assert site.facilities == 129 and site.hours["1"] == [["08:00", "18:00"]]
    # An out-of-scope org is not even a choice.
    data.update(name="越权", org=tree.qilihe.pk)
    response = client.post(reverse("sites:create"), data)
    assert response.status_code == 200 and Site.objects.count() == 1
    # Bad hours: the service's message next to the field, nothing saved.
    data.update(name="时间错", org=tree.chengguan.pk, hours="早八晚六")
    response = client.post(reverse("sites:create"), data)
    assert "无法识别" in response.text and Site.objects.count() == 1
    # The county is a county union (a search box, no select): a township is refused.
    data.update(name="县错", hours="", county=tree.donggang.pk)
    response = client.post(reverse("sites:create"), data)
    assert "所选县区不存在或已撤销" in response.text and Site.objects.count() == 1


def test_the_county_picker_offers_every_active_county_union(staff, tree):
    client = login(staff.county_admin)
    page = client.get(reverse("sites:create")).text
    assert '<select name="county"' not in page
    offered = picker_offers(client, page, "county", "区")
    assert {'data-label="城关区总工会"', 'data-label="七里河区总工会"'} <= set(
        re.findall(r'data-label="[^"]+"', offered)
    )
    assert "东岗西路街道工会" not in offered
    # The union's own county comes preselected on a new site.
    assert f'name="county" value="{tree.chengguan.pk}"' in page


def test_edit_form_shows_current_values(make_site, staff):
    site = make_site(hours="周一至周五 08:00-18:00")
    response = login(staff.county_admin).get(reverse("sites:edit", args=[site.pk]))
    assert response.status_code == 200
    assert "周一至周五 08:00-18:00" in response.text
    assert 'value="1" checked' in response.text.replace("\n", "") or "checked" in response.text


def test_delete_needs_confirmation(make_site, staff):
    site = make_site()
    client = login(staff.county_admin)
    response = client.get(reverse("sites:delete", args=[site.pk]))
    assert response.status_code == 200 and "确认删除" in response.text
    assert Site.objects.filter(pk=site.pk).exists()
    response = client.post(reverse("sites:delete", args=[site.pk]))
    assert response.status_code == 302 and not Site.objects.exists()


def test_photo_upload_and_oversize_refusal(make_site, staff):
    site = make_site()
    client = login(staff.county_admin)
    url = reverse("sites:photo_upload", args=[site.pk])
    response = client.post(url, {"photo": SimpleUploadedFile("a.png", PNG)})
    assert response.status_code == 302
    photo = SitePhoto.objects.get()
    response = client.get(reverse("sites:photo", args=[site.pk, photo.pk]))
    assert response["Content-Type"] == "image/png" and response.content == PNG
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024 + 1))
    response = client.post(url, {"photo": big})
    assert response.status_code == 400
    assert re.search(message_pattern(PHOTO_TOO_LARGE, whole=False), response.text)
    assert SitePhoto.objects.count() == 1


def test_import_page_errors_and_success(staff, django_capture_on_commit_callbacks):
    """The import runs as a job (gonghui.imports): a file it cannot read ends the job failed,
    with the message on the job's page."""
    client = login(staff.county_admin)
    assert client.get(reverse("sites:import")).status_code == 200
    response = client.get(reverse("sites:import_template"))
    assert response.status_code == 200
    bad = SimpleUploadedFile("x.xlsx", b"not a workbook")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sites:import"), {"file": bad, "crs": "WGS-84"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.message == FILE_INVALID
    assert "无法读取该文件" in client.get(response["Location"]).text
    good = SimpleUploadedFile("t.xlsx", template_xlsx().read())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sites:import"), {"file": good, "crs": "WGS-84"})
    assert response.status_code == 302 and Site.objects.count() == 1


def test_import_job_lists_each_bad_row_and_imports_nothing(
    staff, django_capture_on_commit_callbacks
):
    from gonghui.sites.tests.test_imports import row, xlsx

    client = login(staff.county_admin)
    upload = SimpleUploadedFile(
        "阵地.xlsx", xlsx([row(名称="好的"), row(名称="", 类型="火车站")]).read()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sites:import"), {"file": upload, "crs": "WGS-84"})
    job = ImportJob.objects.get()
    assert (job.status, job.failed, job.created) == (ImportStatus.FAILED, 1, 0)
    assert job.errors == [[3, "名称", "", "请填写「名称」。"]]
    page = client.get(response["Location"]).text
    assert (
        "导入服务阵地：阵地.xlsx" in page and "请填写「名称」。" in page and "下载错误报告" in page
    )
    assert not Site.objects.exists()


def job_url(job) -> str:
    return reverse("imports:job", args=[job.pk])


def test_list_page_query_count_does_not_grow_with_rows(make_site, staff):
    client = login(staff.county_admin)
    make_site()
    client.get(
        reverse("sites:list")
    )  # warm: the session's once-a-minute save and the user's kept permissions
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("sites:list"))
    for _ in range(8):
        make_site()
    with CaptureQueriesContext(connection) as nine:
        response = client.get(reverse("sites:list"))
    assert response.status_code == 200
    assert len(nine.captured_queries) == len(one.captured_queries)
