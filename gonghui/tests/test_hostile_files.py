"""Hostile files posted to every import: a decompression bomb (about 1 MB of XLSX holding a
1 GiB shared string) and XML-entity workbooks (billion laughs, external entity). Each import
answers with a clear Chinese message, never a server error, and the process's peak memory
stays flat; the background import jobs refuse them too."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gonghui.core import uploads
from gonghui.core.tests import hostile
from gonghui.imports.jobs import import_job_run
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.members.import_kinds import MEMBERS
from gonghui.orgs.import_kinds import ORGS
from gonghui.sites import imports as site_imports
from gonghui.sites.import_kinds import SITES

MEMORY_BOUND_MB = 200


@pytest.fixture(scope="module")
def bomb():
    return hostile.shared_string_bomb(["姓名", "身份证号", "金额"])


def _imports(campaign):
    """(url, extra form data) of every import page."""
    return {
        "members": (reverse("members:import"), {"mode": "valid"}),
        "orgs": (reverse("orgs:import"), {"mode": "all"}),
        "sites": (reverse("sites:import"), {"crs": "WGS-84"}),
        "archives": (reverse("assistance:io_import"), {}),
        "payments": (
            reverse("assistance:campaign_pay_import", args=[campaign.pk]),
            {"paid_on": "2026-01-20"},
        ),
    }


IMPORTS = ["members", "orgs", "sites", "archives", "payments"]


def _post(staff, campaign, which: str, data: bytes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client()
    client.force_login(staff.sysadmin)
    url, extra = _imports(campaign)[which]
    upload = SimpleUploadedFile("名单.xlsx", data)
    with hostile.PeakMemory() as memory:
        response = client.post(url, {"file": upload, **extra})
    return response, memory


@pytest.mark.parametrize("which", IMPORTS)
def test_a_decompression_bomb_is_refused_by_every_import(
    which, staff, campaign, bomb, settings, tmp_path
):
    response, memory = _post(staff, campaign, which, bomb, settings, tmp_path)
    assert memory.growth_mb < MEMORY_BOUND_MB
    assert response.status_code == 400
    assert uploads.XLSX_BOMB in response.text
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("kind", ["billion_laughs", "workbook_laughs", "external_entity"])
@pytest.mark.parametrize("which", IMPORTS)
def test_xml_entities_get_a_clear_message_from_every_import(
    which, kind, staff, campaign, settings, tmp_path, django_capture_on_commit_callbacks
):
    data = hostile.entity_workbooks(["姓名", "身份证号", "金额"])[kind]
    with django_capture_on_commit_callbacks(execute=True):
        response, memory = _post(staff, campaign, which, data, settings, tmp_path)
    assert memory.growth_mb < MEMORY_BOUND_MB
    # Every import is a background job: it ends failed, with the message.
    assert response.status_code == 302
    job = ImportJob.objects.get()
    message = site_imports.FILE_INVALID if which == "sites" else uploads.XLSX_UNREADABLE
    assert job.status == ImportStatus.FAILED and job.message == message


@pytest.mark.parametrize("kind", [MEMBERS, ORGS, SITES])
def test_an_import_job_given_a_bomb_ends_with_the_message(kind, staff, bomb, settings, tmp_path):
    """The task worker checks the kept file again (a file stored by an older version, or put
    there by a command)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    job = ImportJob.objects.create(
        created_by=staff.sysadmin,
        kind=kind,
        mode="valid",
        filename="名单.xlsx",
        file=ContentFile(bomb, name="名单.xlsx"),
    )
    with hostile.PeakMemory() as memory:
        job = import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.FAILED and job.message == uploads.XLSX_BOMB
    assert memory.growth_mb < MEMORY_BOUND_MB


@pytest.mark.parametrize("which", IMPORTS)
def test_a_spreadsheet_over_the_size_limit_is_refused(which, staff, campaign, settings, tmp_path):
    data = io.BytesIO(b"PK\x03\x04" + b"\x00" * uploads.SPREADSHEET_MAX_BYTES).getvalue()
    response, _ = _post(staff, campaign, which, data, settings, tmp_path)
    assert response.status_code == 400
    assert "文件不能超过 20 MB" in response.text
