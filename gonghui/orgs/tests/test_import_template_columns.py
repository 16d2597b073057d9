"""The org export is the org import's template (issue 12): importing it warns about no column;
the template columns the import does not read are described on the import page instead."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.tabular import COLUMNS_IGNORED
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.orgs.imports import HEADER, UNREAD
from gonghui.stats.services import stats_rollup


@pytest.fixture(autouse=True)
def rolled_up(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    stats_rollup()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_exported_template_imports_back_without_a_column_warning(
    client, staff, fmt, django_capture_on_commit_callbacks
):
    assert set(UNREAD) <= set(HEADER)  # the export carries the columns not read
    client.force_login(staff.county_admin)
    exported = b"".join(client.get(reverse("orgs:export"), {"format": fmt}).streaming_content)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("orgs:import"),
            {"file": SimpleUploadedFile(f"工会组织.{fmt}", exported), "mode": "all"},
        )
    job = ImportJob.objects.get()
    assert (job.status, job.failed) == (ImportStatus.DONE, 0)
    assert job.warnings == []
    assert job.total == job.read > 1


def test_only_truly_unknown_columns_are_warned_about(
    client, staff, django_capture_on_commit_callbacks
):
    lines = [
        "单位名称,上级工会（企业）名称,联系电话,组织机构代码,备注",
        "兰州丁公司工会,东岗西路街道工会,0931-1234567,,新建",
    ]
    client.force_login(staff.county_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("orgs:import"),
            {"file": SimpleUploadedFile("o.csv", "\n".join(lines).encode()), "mode": "all"},
        )
    job = ImportJob.objects.get()
    assert job.created == 1
    assert job.warnings == [COLUMNS_IGNORED.format(names="备注")]


def test_the_import_page_says_which_template_columns_are_not_read_and_why(client, staff):
    client.force_login(staff.county_admin)
    html = client.get(reverse("orgs:import")).content.decode()
    assert "以下列仅供参考，导入时不读取" in html
    for column, why in UNREAD.items():
        assert f"{column}：{why}" in html
