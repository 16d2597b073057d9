"""The workbench org import as a background job: upload → job → progress → cancel → report, and
who may see it. The job's task is run by the immediate test backend on commit, as for members."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gonghui.audit.models import AuditLog, AuditResult
from gonghui.core.errors import Forbidden
from gonghui.imports import jobs
from gonghui.imports.jobs import (
    CANCELLED,
    CANCELLED_KEPT,
    CANCELLED_NOTHING,
    ROLLED_BACK,
    import_job_create,
    import_job_run,
)
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.members.import_kinds import MEMBERS
from gonghui.orgs import imports as org_imports
from gonghui.orgs.import_kinds import ORGS
from gonghui.orgs.imports import NO_PERMISSION, org_import
from gonghui.orgs.models import Org
from gonghui.stats.services import stats_differences, stats_rollup

HEAD = ["单位名称", "上级工会（企业）名称", "单位性质类别", "建会日期"]
NEW = ["兰州丁公司工会", "兰州丁公司第一分会", "兰州戊公司工会"]


@pytest.fixture(autouse=True)
def rolled_up(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    stats_rollup()


def xlsx_bytes(rows, header=HEAD) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_rows():
    return [
        [NEW[0], "东岗西路街道工会", "私营企业", "2015.3.1"],
        [NEW[1], NEW[0], "", ""],
        [NEW[2], "东岗西路街道工会", "", "2018-06-01"],
    ]


def mixed_rows():
    # The third row's parent is in 七里河区, outside 城关区's subtree.
    return good_rows()[:2] + [["越界工会", "西园街道工会", "", ""]]


def upload(client, capture, rows, mode="valid"):
    with capture(execute=True):
        return client.post(
            reverse("orgs:import"),
            {"file": SimpleUploadedFile("组织.xlsx", xlsx_bytes(rows)), "mode": mode},
        )


def queued_job(user, rows, mode="valid") -> ImportJob:
    return ImportJob.objects.create(
        created_by=user,
        kind=ORGS,
        mode=mode,
        filename="组织.xlsx",
        file=SimpleUploadedFile("组织.xlsx", xlsx_bytes(rows)),
    )


def test_upload_creates_an_org_job_that_runs_and_reports_bad_rows(
    client, staff, tree, django_capture_on_commit_callbacks
):
    client.force_login(staff.county_admin)
    response = upload(client, django_capture_on_commit_callbacks, mixed_rows())
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    assert (job.kind, job.status, job.message) == (ORGS, ImportStatus.DONE, "导入完成。")
    assert (job.read, job.created, job.failed, job.total, job.percent) == (3, 2, 1, 3, 100)
    assert Org.objects.get_parent(Org.objects.get(name=NEW[1])).name == NEW[0]
    assert not Org.objects.filter(name="越界工会").exists()
    assert AuditLog.objects.filter(action="org.import").count() == 1
    assert stats_differences() == []

    page = client.get(response["Location"]).content.decode()
    assert "导入工会组织：组织.xlsx" in page
    assert "查看工会组织" in page and "查看会员名单" not in page
    assert f'href="{reverse("orgs:home")}"' in page
    progress = client.get(reverse("imports:job_progress", args=[job.pk])).content.decode()
    assert 'value="100"' in progress and "hx-trigger" not in progress

    report = client.get(reverse("imports:job_report", args=[job.pk]))
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    rows = [r[:2] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == [(4, "上级工会（企业）名称")]
    # The old report address leads to the latest org job's report.
    old = client.get(reverse("orgs:import_report"))
    assert old["Location"] == reverse("imports:job_report", args=[job.pk])

    listing = client.get(reverse("orgs:import")).content.decode()
    assert reverse("imports:job", args=[job.pk]) in listing


def test_mode_all_writes_nothing_when_a_row_fails(
    client, staff, django_capture_on_commit_callbacks
):
    before = Org.objects.count()
    client.force_login(staff.county_admin)
    upload(client, django_capture_on_commit_callbacks, mixed_rows(), mode="all")
    job = ImportJob.objects.get()
    assert (job.status, job.message) == (ImportStatus.FAILED, ROLLED_BACK.format(n=1))
    assert (job.read, job.created, job.failed) == (3, 0, 1)
    assert Org.objects.count() == before
    assert job.error_report
    assert not AuditLog.objects.filter(action="org.import").exists()


def test_progress_is_reported_after_each_chunk(staff, monkeypatch):
    monkeypatch.setattr(org_imports, "CHUNK_SIZE", 2)
    seen = []

    def record(progress, summary):
        seen.append((summary.read, summary.created, summary.total))
        return False

    monkeypatch.setattr(jobs._Progress, "__call__", record)
    job = import_job_run(job_id=queued_job(staff.county_admin, good_rows()).pk)
    assert seen == [(2, 2, 3)]  # one full chunk; the last, short one ends the import
    assert (job.status, job.read, job.created) == (ImportStatus.DONE, 3, 3)


@pytest.mark.django_db(transaction=True)
def test_progress_writes_the_org_counters_and_reads_the_cancel_flag(staff):
    """Outside the import's transaction (as between the chunks of a worker), on both databases."""
    job = queued_job(staff.county_admin, good_rows())
    progress = jobs._Progress(job)
    summary = org_imports.OrgImportSummary(read=5, created=3, failed=1, total=10)
    try:
        assert progress(summary) is False
        job.refresh_from_db()
        assert (job.read, job.created, job.failed, job.percent) == (5, 3, 1, 50)
        ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
        assert progress(summary) is True
    finally:
        progress.close()


def cancel_after_first_chunk(monkeypatch):
    monkeypatch.setattr(org_imports, "CHUNK_SIZE", 1)
    monkeypatch.setattr(jobs._Progress, "__call__", lambda progress, summary: summary.read >= 1)


def test_cancel_in_mode_all_writes_nothing(staff, monkeypatch):
    cancel_after_first_chunk(monkeypatch)
    before = Org.objects.count()
    job = import_job_run(job_id=queued_job(staff.county_admin, good_rows(), mode="all").pk)
    assert job.status == ImportStatus.CANCELLED
    assert job.message == CANCELLED.format(kept=CANCELLED_NOTHING)
    assert (job.read, job.created) == (1, 0)
    assert Org.objects.count() == before
    assert not AuditLog.objects.filter(action="org.import").exists()


def test_cancel_in_mode_valid_keeps_the_rows_done(staff, monkeypatch):
    cancel_after_first_chunk(monkeypatch)
    job = import_job_run(job_id=queued_job(staff.county_admin, good_rows(), mode="valid").pk)
    assert job.status == ImportStatus.CANCELLED
    assert job.message == CANCELLED.format(kept=CANCELLED_KEPT.format(n=1))
    assert set(Org.objects.filter(name__in=NEW).values_list("name", flat=True)) == {NEW[0]}
    audit = AuditLog.objects.get(action="org.import")
    assert audit.changes["cancelled"] is True and audit.changes["created"] == 1
    assert stats_differences() == []


def test_org_import_stops_when_on_progress_says_so(staff, tmp_path):
    path = tmp_path / "o.xlsx"
    path.write_bytes(xlsx_bytes(good_rows()))
    calls = []

    def on_progress(summary):
        calls.append(summary.read)
        return summary.read == 2

    summary = org_import(
        actor=staff.county_admin,
        file=str(path),
        filename=path.name,
        mode="valid",
        on_progress=on_progress,
        chunk_size=1,
    )
    assert calls == [1, 2]
    assert (summary.cancelled, summary.rolled_back, summary.created) == (True, False, 2)
    assert not Org.objects.filter(name=NEW[2]).exists()


def test_cancel_from_the_page_before_the_job_starts(client, staff):
    job = queued_job(staff.county_admin, good_rows())
    client.force_login(staff.county_admin)
    response = client.post(reverse("imports:job_cancel", args=[job.pk]))
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="org.import_cancel", object_id=str(job.pk)).exists()
    job = import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.CANCELLED
    assert not Org.objects.filter(name__in=NEW).exists()


def test_a_job_is_hidden_from_another_subtree(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff.county_admin)
    upload(client, django_capture_on_commit_callbacks, mixed_rows())
    job = ImportJob.objects.get()
    client.force_login(staff.sibling_admin)  # 七里河区
    for name in ("job", "job_progress", "job_report"):
        assert client.get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:job_cancel", args=[job.pk])).status_code == 404
    assert client.get(reverse("orgs:import_report")).status_code == 404
    assert not ImportJob.objects.get().cancel_requested


def test_the_import_needs_the_org_manage_permission(client, staff):
    client.force_login(staff.county_auditor)
    assert client.get(reverse("orgs:import")).status_code == 403
    assert AuditLog.objects.filter(
        action="access.denied", actor=staff.county_auditor, result=AuditResult.DENIED
    ).exists()
    # 工作人员 may import members, not orgs.
    with pytest.raises(Forbidden) as refused:
        import_job_create(
            actor=staff.county_staff,
            upload=SimpleUploadedFile("组织.xlsx", xlsx_bytes(good_rows())),
            mode="valid",
            kind=ORGS,
        )
    assert refused.value.message == NO_PERMISSION
    assert AuditLog.objects.filter(
        action="org.import", actor=staff.county_staff, result=AuditResult.DENIED
    ).exists()
    assert ImportJob.objects.count() == 0


def test_an_org_job_needs_the_org_permission_even_for_its_uploader(client, staff):
    job = queued_job(staff.county_staff, good_rows())  # e.g. the permission was taken away since
    client.force_login(staff.county_staff)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 403
    assert AuditLog.objects.filter(
        action="access.denied", object_type="importjob", object_id=str(job.pk)
    ).exists()


def test_member_job_pages_still_speak_of_members(client, staff):
    job = ImportJob.objects.create(
        created_by=staff.county_admin,
        kind=MEMBERS,
        mode="valid",
        filename="a.xlsx",
        file="imports/a.xlsx",
    )
    job.status = ImportStatus.DONE
    job.save()
    client.force_login(staff.county_admin)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "导入会员：a.xlsx" in page and "查看会员名单" in page
    assert "查看工会组织" not in page


@pytest.mark.django_db(transaction=True)
def test_a_cancel_clicked_during_the_run_is_seen_on_postgresql(staff, monkeypatch):
    """The real path: the import's transaction is open, the click lands from another connection,
    and the job reads it through its own side connection (SQLite cannot: one writer at a time)."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("mid-run cancel of a one-transaction import needs PostgreSQL")
    monkeypatch.setattr(org_imports, "CHUNK_SIZE", 1)
    job = queued_job(staff.county_admin, good_rows(), mode="valid")
    real = jobs._Progress.__call__

    def click_cancel_then_report(progress, summary):
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET cancel_requested = true"  # noqa: S608
                    " WHERE id = %s",
                    [job.pk],
                )
        finally:
            other.close()
        return real(progress, summary)

    monkeypatch.setattr(jobs._Progress, "__call__", click_cancel_then_report)
    job = import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.CANCELLED
    assert job.message == CANCELLED.format(kept=CANCELLED_KEPT.format(n=1))
    assert list(Org.objects.filter(name__in=NEW).values_list("name", flat=True)) == [NEW[0]]
    assert stats_differences() == []
