"""Member import from real XLSX/CSV files built here: every messy case of issue 5, both modes."""

import csv
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.audit.models import AuditLog
from gonghui.conftest import VALID_IDS, id_with_check
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.tabular import COLUMNS_IGNORED, HEADER_MISSING, REPORT_HEADER, ErrorReport
from gonghui.members.codes import Category, ChangeType, MemberStatus
from gonghui.members.idnumber import ID_CHECKSUM
from gonghui.members.imports.engine import (
    DUPLICATE_IN_FILE,
    ORG_COLUMN_MISSING,
    member_import,
)
from gonghui.members.imports.template import ID_IS_NUMBER
from gonghui.members.models import Member, MembershipEvent
from gonghui.metrics.services import stats_differences, stats_rollup

HEAD = ["姓名", "性别", "证件号码", "移动电话", "所属企业/工会", "入会日期", "职工类别", "民族"]
# An ID whose check character is X (for the lowercase-x case).
ID_X = next(
    id_with_check(f"62010219800101{n:03d}")
    for n in range(1000)
    if id_with_check(f"62010219800101{n:03d}").endswith("X")
)


@pytest.fixture(autouse=True)
def rolled_up(tree):
    """The test tree is built without the stats hooks: start from a full roll-up."""
    stats_rollup()


def xlsx(path, header, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path, header, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(actor, path, mode="valid", **kwargs):
    report = ErrorReport()
    summary = member_import(
        actor=actor, file=str(path), filename=path.name, mode=mode, report=report, **kwargs
    )
    return summary, report


def report_rows(report):
    book = load_workbook(report.save())
    return list(book.active.iter_rows(values_only=True))


def good_rows():
    return [
        [
            "王芳",
            "女",
            VALID_IDS[1],
            "13912345678",
            "兰州甲公司工会",
            "2021-03-01",
            "在岗职工",
            "汉族",
        ],
        [
            "李强",
            "男",
            VALID_IDS[0],
            "13912345679",
            "兰州乙公司工会",
            "2020-05-01",
            "农民工",
            "回族",
        ],
        ["赵敏", "2", VALID_IDS[5], "13912345670", "兰州甲公司工会", "2019-07-01", "快递员", "01"],
    ]


def test_clean_file_writes_what_member_create_writes(staff, tree, tmp_path):
    path = xlsx(tmp_path / "members.xlsx", HEAD, good_rows())
    audits = AuditLog.objects.count()
    summary, report = run(staff.county_admin, path)
    assert (summary.read, summary.created, summary.failed) == (3, 3, 0)
    assert report.count == 0
    member = Member.objects.get(name="王芳")
    assert member.org == tree.base_a
    assert member.id_number == VALID_IDS[1]
    assert member.phone == "13912345678"
    assert member.gender == "2"
    assert member.birth_date == date(1968, 12, 15)
    assert member.joined_on == date(2021, 3, 1)
    assert member.status == MemberStatus.ACTIVE
    assert member.card_number == f"620102{member.pk:010d}"
    assert Member.objects.get(name="李强").ethnicity == "03"
    assert Member.objects.get(name="赵敏").category == Category.NF_COURIER
    events = MembershipEvent.objects.filter(member=member)
    assert [(e.change_type, e.changed_on, e.actor) for e in events] == [
        (ChangeType.JOIN, date(2021, 3, 1), staff.county_admin)
    ]
    # One audit row for the whole import, not one per member.
    assert AuditLog.objects.count() == audits + 1
    log = AuditLog.objects.latest("id")
    assert log.action == "member.import"
    assert log.changes["created"] == 3
    assert stats_differences() == []


def test_text_cells_with_backslashes_and_tabs_are_written_as_typed(staff, tmp_path):
    """The writer sends COPY text on PostgreSQL: its escape characters must come back as typed."""
    header = [*HEAD, "工种", "工作单位", "企业工号"]
    rows = [[*good_rows()[0], "C:\\班组\\N", "甲\t乙 公司", "\\N"]]
    summary, report = run(staff.county_admin, write_csv(tmp_path / "m.csv", header, rows))
    assert (summary.created, report.count) == (1, 0)
    member = Member.objects.get(name="王芳")
    assert (member.job, member.employer, member.employee_no) == (
        "C:\\班组\\N",
        "甲\t乙 公司",
        "\\N",
    )
    assert member.email == "" and member.work_start_year is None


def test_columns_in_any_order_and_unknown_columns_ignored_with_a_warning(staff, tmp_path):
    # 微信号 is a template column described on the import page as not read: no warning.
    header = ["备注", "移动电话", "证件号码", "姓名", "所属企业/工会", "微信号"]
    rows = [["随便", "13912345678", VALID_IDS[1], "王芳", "兰州甲公司工会", "wx123"]]
    summary, _ = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", header, rows))
    assert summary.created == 1
    assert summary.warnings == [COLUMNS_IGNORED.format(names="备注")]


def test_missing_required_column_is_refused_before_any_row(staff, tmp_path):
    path = xlsx(tmp_path / "m.xlsx", ["姓名", "所属企业/工会"], [["王芳", "兰州甲公司工会"]])
    with pytest.raises(ApplicationError) as exc:
        run(staff.county_admin, path)
    assert exc.value.message == HEADER_MISSING.format(names="移动电话」「证件号码")
    assert Member.objects.count() == 0


def test_union_column_may_be_left_out_when_a_default_union_is_chosen(staff, tree, tmp_path):
    header = ["姓名", "证件号码", "移动电话"]
    path = xlsx(tmp_path / "m.xlsx", header, [["王芳", VALID_IDS[1], "13912345678"]])
    with pytest.raises(ApplicationError) as exc:
        run(staff.county_admin, path)
    assert exc.value.message == ORG_COLUMN_MISSING
    summary, _ = run(staff.county_admin, path, default_org=tree.base_b)
    assert summary.created == 1
    assert Member.objects.get().org == tree.base_b


def test_full_width_digits_spaces_and_lowercase_x_are_normalised(staff, tmp_path):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in VALID_IDS[1])
    rows = [
        ["王 芳", "女", full_width, "１３９ １２３４ ５６７８", "兰州甲公司工会　", "", "", ""],
        ["李强", "", ID_X.lower(), "13912345679", " 兰州甲公司工会", "", "", ""],
    ]
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert (summary.created, summary.failed) == (2, 0), report_rows(report)
    first = Member.objects.get(name="王芳")
    assert (first.id_number, first.phone) == (VALID_IDS[1], "13912345678")
    assert Member.objects.get(name="李强").id_number == ID_X


def test_id_numbers_turned_into_numbers_are_rejected_never_repaired(staff, tmp_path):
    rows = [
        ["王芳", "", int(VALID_IDS[1][:15]), "13912345678", "兰州甲公司工会", "", "", ""],
        ["李强", "", 6.20102195503070e17, "13912345679", "兰州甲公司工会", "", "", ""],
    ]
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert (summary.created, summary.failed) == (0, 2)
    lines = report_rows(report)
    assert lines[0] == tuple(REPORT_HEADER)
    assert [(r[0], r[1]) for r in lines[1:]] == [(2, "证件号码"), (3, "证件号码")]
    assert "设为「文本」格式" in lines[1][3]
    assert Member.objects.count() == 0

    # The same in a CSV written by Excel: scientific notation as text.
    path = write_csv(
        tmp_path / "m.csv", HEAD, [["王芳", "", "6.20102E+17", "13912345678", "兰州甲公司工会"]]
    )
    summary, report = run(staff.county_admin, path)
    assert summary.failed == 1
    assert report_rows(report)[1][3] == ID_IS_NUMBER.format(value="6.20102E+17")


def test_15_digit_ids_are_converted_to_18(staff, tmp_path):
    legacy = VALID_IDS[0][:6] + VALID_IDS[0][8:17]  # 620102550307001
    rows = [["李强", "", legacy, "13912345679", "兰州甲公司工会", "", "", ""]]
    summary, _ = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert summary.created == 1
    assert Member.objects.get().id_number == VALID_IDS[0]


def test_plus_86_phones_and_phones_stored_as_numbers(staff, tmp_path):
    rows = [
        ["王芳", "", VALID_IDS[1], "+86 139-1234-5678", "兰州甲公司工会", "", "", ""],
        ["李强", "", VALID_IDS[0], 13912345679, "兰州甲公司工会", "", "", ""],
        ["赵敏", "", VALID_IDS[5], "0931-8888888", "兰州甲公司工会", "", "", ""],
    ]
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert (summary.created, summary.failed) == (2, 1)
    assert Member.objects.get(name="王芳").phone == "13912345678"
    assert Member.objects.get(name="李强").phone == "13912345679"
    row = report_rows(report)[1]
    assert row[:2] == (4, "移动电话")
    assert row[2] == "093*******88"  # masked


@pytest.mark.parametrize(
    "cell",
    [45047, "45047", "2023.5.1", "2023年5月1日", "2023/05/01", "20230501", datetime(2023, 5, 1)],
)
def test_dates_as_excel_serials_and_chinese_forms(staff, tmp_path, cell):
    rows = [["王芳", "", VALID_IDS[1], "13912345678", "兰州甲公司工会", cell, "", ""]]
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert summary.created == 1, report_rows(report)
    assert Member.objects.get().joined_on == date(2023, 5, 1)


def test_bad_date_names_row_and_column(staff, tmp_path):
    rows = [["王芳", "", VALID_IDS[1], "13912345678", "兰州甲公司工会", "2023-02-30", "", ""]]
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert summary.failed == 1
    row = report_rows(report)[1]
    assert row[:2] == (2, "入会日期")
    assert "无法识别" in row[3]


def test_blank_rows_are_skipped_and_not_counted(staff, tmp_path):
    rows = good_rows()
    rows.insert(1, [None] * len(HEAD))
    rows.insert(2, ["", " ", "", "", "", "", "", ""])
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert (summary.read, summary.created, summary.failed) == (3, 3, 0)
    assert report.count == 0


def test_code_lists_take_labels_short_labels_and_codes(staff, tmp_path):
    rows = [
        ["甲", "男", VALID_IDS[0], "13912345671", "兰州甲公司工会", "", "在岗职工", "汉"],
        ["乙", "女性", VALID_IDS[1], "13912345672", "兰州甲公司工会", "", "nf_delivery", "03"],
        ["丙", "1", VALID_IDS[2], "13912345673", "兰州甲公司工会", "", "新就业形态-快递员", "回族"],
        ["丁", "男", VALID_IDS[3], "13912345674", "兰州甲公司工会", "", "工人", ""],
    ]
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert (summary.created, summary.failed) == (3, 1)
    assert Member.objects.get(name="乙").category == Category.NF_DELIVERY
    assert Member.objects.get(name="丙").ethnicity == "03"
    assert Member.objects.get(name="甲").ethnicity == "01"
    line = report_rows(report)[1]
    assert line[:2] == (5, "职工类别")
    assert "「工人」不是有效的职工类别" in line[3]


def test_gender_contradicting_the_id_number_is_reported(staff, tmp_path):
    rows = [["王芳", "男", VALID_IDS[1], "13912345678", "兰州甲公司工会", "", "", ""]]
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert summary.failed == 1
    assert report_rows(report)[1][1] == "性别"


def test_duplicates_inside_the_file_name_the_first_row(staff, tmp_path):
    rows = good_rows()
    rows.append(["王芳二", "", VALID_IDS[1], "13912340000", "兰州乙公司工会", "", "", ""])
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert (summary.created, summary.failed) == (3, 1)
    assert report_rows(report)[1][3] == DUPLICATE_IN_FILE.format(other=2)


def test_duplicates_across_chunks_are_caught(staff, tmp_path):
    rows = good_rows() + [["王芳二", "", VALID_IDS[1], "13912340000", "兰州乙公司工会"]]
    summary, _ = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows), chunk_size=2)
    assert (summary.created, summary.failed) == (3, 1)


def test_reimporting_the_same_file_creates_no_duplicates(staff, tmp_path):
    path = xlsx(tmp_path / "m.xlsx", HEAD, good_rows())
    run(staff.county_admin, path)
    summary, _ = run(staff.county_admin, path)
    assert (summary.created, summary.updated, summary.skipped, summary.failed) == (0, 0, 3, 0)
    assert Member.objects.count() == 3
    assert MembershipEvent.objects.count() == 3

    # A changed phone and category in the same union update the record.
    rows = good_rows()
    rows[0][3], rows[0][6] = "13800000000", "劳务派遣"
    summary, _ = run(staff.county_admin, xlsx(tmp_path / "m2.xlsx", HEAD, rows))
    assert (summary.created, summary.updated, summary.skipped) == (0, 1, 2)
    member = Member.objects.get(name="王芳")
    assert (member.phone, member.category) == ("13800000000", Category.DISPATCHED)
    assert stats_differences() == []


def test_member_of_another_union_is_a_transfer_not_an_import(staff, tree, make_member, tmp_path):
    make_member(tree.base_c, id_number=VALID_IDS[1])
    rows = good_rows()[:1]
    summary, report = run(staff.city_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert (summary.created, summary.failed) == (0, 1)
    reason = report_rows(report)[1][3]
    assert "兰州丙公司工会" in reason and "转会" in reason
    assert VALID_IDS[1] not in reason  # masked without the PII grant


def test_the_kept_error_report_masks_the_id_even_for_a_grant_holder(
    staff, tree, make_member, make_user, tmp_path
):
    make_member(tree.base_c, id_number=VALID_IDS[1])
    holder = make_user("import_pii", tree.lanzhou, ROLE_UNION_ADMIN, pii=True)
    summary, report = run(holder, xlsx(tmp_path / "m.xlsx", HEAD, good_rows()[:1]))
    assert summary.failed == 1
    assert not any(VALID_IDS[1] in str(cell) for row in report_rows(report) for cell in row)


def test_unknown_union_suggests_close_names_in_scope(staff, tmp_path):
    rows = [["王芳", "", VALID_IDS[1], "13912345678", "兰州甲公司", "", "", ""]]
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert summary.failed == 1
    reason = report_rows(report)[1][3]
    assert "「兰州甲公司」不在您管理的工会范围内" in reason
    assert "兰州甲公司工会" in reason.split("是不是")[1]
    assert "兰州丙公司工会" not in reason  # 七里河: outside the county admin's subtree


def test_union_outside_the_subtree_is_not_found(staff, tree, tmp_path):
    rows = [["王芳", "", VALID_IDS[1], "13912345678", "兰州丙公司工会", "", "", ""]]
    summary, _ = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert (summary.created, summary.failed) == (0, 1)
    assert Member.objects.count() == 0


def test_default_union_outside_the_subtree_is_refused_and_audited(staff, tree, tmp_path):
    path = xlsx(tmp_path / "m.xlsx", HEAD, good_rows())
    with pytest.raises(Forbidden):
        run(staff.county_admin, path, default_org=tree.base_c)
    assert AuditLog.objects.filter(action="access.denied", result="denied").exists()
    assert Member.objects.count() == 0


def test_union_that_cannot_hold_members_is_reported(staff, tmp_path):
    rows = [["王芳", "", VALID_IDS[1], "13912345678", "城关区总工会", "", "", ""]]
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert summary.failed == 1
    assert "不能直接发展会员" in report_rows(report)[1][3]


def test_mode_all_writes_nothing_if_any_row_fails(staff, tmp_path):
    rows = good_rows()
    rows.append(["坏行", "", VALID_IDS[2][:17] + "0", "13912340000", "兰州甲公司工会"])
    audits = AuditLog.objects.count()
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows), mode="all")
    assert summary.rolled_back
    assert (summary.read, summary.failed) == (4, 1)
    assert Member.objects.count() == 0
    assert MembershipEvent.objects.count() == 0
    assert AuditLog.objects.count() == audits
    assert report_rows(report)[1] == (
        5,
        "证件号码",
        mask_cell_of(VALID_IDS[2][:17] + "0"),
        ID_CHECKSUM,
    )


def mask_cell_of(value):
    from gonghui.core.tabular import mask_cell

    return mask_cell(value)


def test_mode_all_writes_everything_when_all_rows_are_good(staff, tmp_path):
    summary, _ = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, good_rows()), mode="all")
    assert not summary.rolled_back
    assert Member.objects.count() == 3


def test_mode_valid_imports_good_rows_and_reports_bad_ones(staff, tmp_path):
    rows = good_rows()
    rows.insert(1, ["坏行", "", "12345", "13912340000", "兰州甲公司工会"])
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", HEAD, rows))
    assert (summary.read, summary.created, summary.failed) == (4, 3, 1)
    assert report_rows(report)[1][:3] == (3, "证件号码", "*****")


def test_cancel_in_mode_all_writes_nothing_and_in_mode_valid_keeps_done_chunks(staff, tmp_path):
    path = xlsx(tmp_path / "m.xlsx", HEAD, good_rows())
    summary, _ = run(
        staff.county_admin,
        path,
        mode="all",
        chunk_size=1,
        on_progress=lambda s, committing=False: not committing,
    )
    assert summary.cancelled and summary.rolled_back
    assert Member.objects.count() == 0
    summary, _ = run(
        staff.county_admin,
        path,
        mode="valid",
        chunk_size=1,
        on_progress=lambda s, committing=False: not committing,
    )
    assert summary.cancelled
    assert Member.objects.count() == 1
    assert stats_differences() == []


@pytest.mark.django_db(transaction=True)
def test_mode_valid_commits_units_with_their_roll_ups_and_a_crash_loses_only_the_open_unit(
    staff, tmp_path, monkeypatch
):
    """Mode valid commits every COMMIT_ROWS rows, roll-ups in the same commit: a failure in the
    middle of a unit rolls back that unit only, and what was committed is counted exactly."""
    from gonghui.members.imports import engine
    from gonghui.metrics.models import OrgStat

    monkeypatch.setattr(engine, "COMMIT_ROWS", 2)
    path = xlsx(tmp_path / "m.xlsx", HEAD, good_rows())
    calls = []

    def crash_at_third_chunk(summary, committing=False):
        if committing:  # the end of a unit (its checkpoint)
            return False
        calls.append(summary.created)
        if len(calls) == 3:
            raise RuntimeError("worker killed")
        return False

    with pytest.raises(RuntimeError):
        run(staff.county_admin, path, chunk_size=1, on_progress=crash_at_third_chunk)
    assert Member.objects.count() == 2  # the first unit (two rows) was committed
    assert stats_differences() == []
    members = OrgStat.objects.get(org=staff.county_admin.org, metric="members", period="")
    assert members.value == 2

    summary, _ = run(staff.county_admin, path, chunk_size=1)  # re-import: the rest only
    assert (summary.created, summary.skipped) == (1, 2)
    assert stats_differences() == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_gbk(staff, tmp_path, encoding):
    path = write_csv(tmp_path / "m.csv", HEAD, good_rows(), encoding=encoding)
    summary, report = run(staff.county_admin, path)
    assert (summary.created, summary.failed) == (3, 0), report_rows(report)
    assert set(Member.objects.values_list("name", flat=True)) == {"王芳", "李强", "赵敏"}


def test_retained_members_get_their_status_and_a_retain_event(staff, tmp_path):
    header = HEAD + ["会籍变化类型", "会籍变化日期"]
    rows = [good_rows()[0] + ["保留", "2024-01-01"], good_rows()[1] + ["退会", "2024-01-01"]]
    summary, report = run(staff.county_admin, xlsx(tmp_path / "m.xlsx", header, rows))
    assert (summary.created, summary.failed) == (1, 1)
    member = Member.objects.get()
    assert (member.status, member.status_changed_on) == (MemberStatus.RETAINED, date(2024, 1, 1))
    assert list(member.events.values_list("change_type", flat=True)) == ["1", "3"]
    assert report_rows(report)[1][1] == "会籍变化类型"


def test_user_without_add_permission_is_refused(staff, tmp_path):
    path = xlsx(tmp_path / "m.xlsx", HEAD, good_rows())
    with pytest.raises(Forbidden):
        run(staff.county_auditor, path)
    assert Member.objects.count() == 0


def test_not_a_spreadsheet_is_refused(staff, tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ApplicationError):
        run(staff.county_admin, path)
