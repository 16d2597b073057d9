"""What an import job tells its user (issue 12): the downloaded template imports without a column
warning, the progress counts rows with data (not the template's formatted blank rows), and the
result page lists the first errors in row order, masked, with the rest in the download."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from gonghui.conftest import VALID_IDS, id_with_check
from gonghui.core.tabular import FIRST_ERRORS, mask_cell
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.members.codes import ChangeReason, ChangeType, MemberStatus
from gonghui.members.imports.template import HEADER, REASON_UNKNOWN, UNREAD
from gonghui.members.models import Member, MembershipEvent
from gonghui.stats.services import stats_rollup


@pytest.fixture(autouse=True)
def rolled_up(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    stats_rollup()


def downloaded_template(client):
    response = client.get(reverse("members:import_template"))
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def fill(book, rows: list[dict], title: str = "会员") -> SimpleUploadedFile:
    """Write rows into the template's member sheet the way a clerk does: cell by cell (the
    header again, for a workbook that is not the template)."""
    sheet = book[title]
    for index, column in enumerate(HEADER, start=1):
        sheet.cell(row=1, column=index, value=column)
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(HEADER, start=1):
            if column in row:
                sheet.cell(row=number, column=index, value=row[column])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("会员导入模板.xlsx", out.getvalue())


def member(name: str, id_number: str, phone: str, **more) -> dict:
    return {
        "姓名": name,
        "证件号码": id_number,
        "移动电话": phone,
        "所属企业/工会": "兰州甲公司工会",
        "入会日期": "2021-03-01",
        **more,
    }


def run_upload(client, capture, upload, mode="valid") -> ImportJob:
    with capture(execute=True):
        client.post(reverse("members:import"), {"file": upload, "mode": mode})
    return ImportJob.objects.latest("pk")


def test_the_downloaded_template_filled_in_imports_without_a_column_warning(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff.county_admin)
    book = downloaded_template(client)
    every_column = {
        "用户名": "wangfang01",
        "工会会员号": "QZ2019000123",
        "微信号": "wx_wangfang",
        "支付宝账号": "wf@example.com",
    }
    rows = [
        member("王芳", VALID_IDS[1], "13912345678", **every_column),
        member(
            "李强",
            VALID_IDS[0],
            "13912345679",
            **{"会籍变化类型": "保留", "会籍变化日期": "2024-01-02", "会籍变化原因": "失业"},
        ),
        member("赵敏", VALID_IDS[5], "13912345670", **{"会籍变化原因": "5"}),
    ]
    job = run_upload(client, django_capture_on_commit_callbacks, fill(book, rows))
    assert job.status == ImportStatus.DONE
    assert (job.created, job.failed) == (3, 0)
    assert job.warnings == []
    # 会籍变化原因 is read: it is the reason of the change the row's 会籍变化类型 names.
    retained = Member.objects.get(name="李强")
    assert retained.status == MemberStatus.RETAINED
    events = MembershipEvent.objects.filter(member=retained).order_by("pk")
    assert [(e.change_type, e.reason) for e in events] == [
        (ChangeType.JOIN, ""),
        (ChangeType.RETAIN, ChangeReason.UNEMPLOYED),
    ]
    assert MembershipEvent.objects.get(member__name="赵敏").reason == ChangeReason.PERSONAL
    # 工会会员号 is not adopted: the card number is issued here.
    wang = Member.objects.get(name="王芳")
    assert wang.card_number == f"620102{wang.pk:010d}"


def test_a_template_column_that_is_not_read_is_described_on_the_upload_page(client, staff):
    client.force_login(staff.county_admin)
    html = client.get(reverse("members:import")).content.decode()
    assert "以下列仅供参考，导入时不读取" in html
    for column, why in UNREAD.items():
        assert f"{column}：{why}" in html
    notes = dict(downloaded_template(client)["填写说明"].iter_rows(min_row=2, values_only=True))
    assert set(UNREAD) <= set(notes)
    assert "会籍变化原因" in notes


def test_an_unknown_change_reason_is_a_row_error(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff.county_admin)
    rows = [member("王芳", VALID_IDS[1], "13912345678", **{"会籍变化原因": "搬家"})]
    job = run_upload(
        client, django_capture_on_commit_callbacks, fill(downloaded_template(client), rows)
    )
    assert job.failed == 1
    reason = REASON_UNKNOWN.format(value="搬家", choices="、".join(ChangeReason.labels))
    assert job.errors == [[2, "会籍变化原因", "**", reason]]


def test_the_template_with_its_2000_formatted_blank_rows_counts_only_rows_with_data(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff.county_admin)
    book = downloaded_template(client)
    assert book["会员"].max_row >= 2001  # the template carries formatted blank rows
    rows = [member(f"会员{i}", VALID_IDS[i], f"1391234567{i}") for i in (0, 1, 2, 3, 5)]
    job = run_upload(client, django_capture_on_commit_callbacks, fill(book, rows))
    assert (job.total, job.read, job.created) == (5, 5, 5)
    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert re.search(r"<th>读取</th><td>5 / 5 行</td>", html)


def test_a_csv_with_lines_of_bare_commas_counts_only_rows_with_data(
    client, staff, django_capture_on_commit_callbacks
):
    lines = [
        "姓名,证件号码,移动电话,所属企业/工会",
        f"王芳,{VALID_IDS[1]},13912345678,兰州甲公司工会",
    ]
    lines += [",,,"] * 50 + [f"李强,{VALID_IDS[0]},13912345679,兰州甲公司工会", ""]
    upload = SimpleUploadedFile("会员.csv", "\r\n".join(lines).encode("gb18030"))
    client.force_login(staff.county_admin)
    job = run_upload(client, django_capture_on_commit_callbacks, upload)
    assert (job.total, job.read, job.created) == (2, 2, 2)


def bad_id(n: int) -> str:
    """A well-formed ID number with a wrong check digit."""
    body = f"62010219800101{n:03d}"
    right = id_with_check(body)[-1]
    return body + ("1" if right != "1" else "2")


def test_the_result_page_lists_the_first_errors_in_row_order_masked(
    client, staff, django_capture_on_commit_callbacks
):
    """Errors found while parsing a row are reported before the errors of the chunk's own checks
    (here: an unknown union on row 2): the page still lists them by row."""
    client.force_login(staff.county_admin)
    rows = [member("无名", VALID_IDS[3], "13912345670", **{"所属企业/工会": "不存在的公司工会"})]
    rows += [member(f"坏号{n}", bad_id(n), "13912345678") for n in range(149)]
    rows.append(member("王芳", VALID_IDS[1], "13912345678"))
    job = run_upload(
        client, django_capture_on_commit_callbacks, fill(downloaded_template(client), rows)
    )
    assert (job.created, job.failed) == (1, 150)
    assert len(job.errors) == FIRST_ERRORS
    assert [e[0] for e in job.errors] == list(range(2, 102))
    assert job.errors[0][1] == "所属企业/工会"
    assert job.errors[1][:3] == [3, "证件号码", mask_cell(bad_id(0))]

    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    table = html.split('id="import-errors"')[1].split("</table>")[0]
    listed = [int(n) for n in re.findall(r"<tr><td>(\d+)</td>", table)]
    assert listed == list(range(2, 102))
    assert "不存在的公司工会" in table
    assert "还有 50 条错误没有在此列出，请下载错误报告查看全部 150 条。" in html
    assert 'id="import-report"' in html
    for n in range(149):
        assert bad_id(n) not in html
    assert VALID_IDS[3] not in html


def test_a_few_errors_are_all_listed_and_the_list_goes_with_the_purged_report(
    client, staff, django_capture_on_commit_callbacks
):
    from gonghui.imports.jobs import import_jobs_purge

    client.force_login(staff.county_admin)
    rows = [member("坏号", bad_id(1), "13912345678"), member("王芳", VALID_IDS[1], "13912345678")]
    job = run_upload(
        client, django_capture_on_commit_callbacks, fill(downloaded_template(client), rows)
    )
    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "错误明细" in html and "还有" not in html
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_purge(older_than_days=30) == 1
    job.refresh_from_db()
    assert job.errors == []
    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "错误明细" not in html and "文件已按保留期限删除" in html


def test_the_command_prints_the_first_errors_in_row_order(staff, tree, tmp_path):
    rows = [member("无名", VALID_IDS[3], "13912345670", **{"所属企业/工会": "不存在的公司工会"})]
    rows += [member("坏号", bad_id(1), "13912345678")]
    path = tmp_path / "会员.xlsx"
    path.write_bytes(fill(Workbook(), rows, title="Sheet").read())
    out = io.StringIO()
    call_command("import_members", str(path), "--mode", "valid", "--user", "cg_admin", stdout=out)
    lines = [line.strip() for line in out.getvalue().splitlines() if line.strip().startswith("第")]
    assert [line[:8] for line in lines] == ["第2行「所属企业", "第3行「证件号码"]
