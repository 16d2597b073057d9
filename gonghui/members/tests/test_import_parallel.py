"""A large member file is parsed and sealed in worker processes (`members.imports.rows`): the
import writes exactly what the inline path writes — members, events, errors, counters, roll-ups."""

import csv
from datetime import date

import pytest
from django.db import transaction

from gonghui.conftest import VALID_IDS, id_with_check
from gonghui.core.tabular import ErrorReport
from gonghui.members.imports import rows as rows_module
from gonghui.members.imports.engine import member_import
from gonghui.members.imports.rows import parsed_batches
from gonghui.members.models import Member, MembershipEvent
from gonghui.metrics.services import stats_differences, stats_rollup

HEAD = ["姓名", "证件号码", "移动电话", "所属企业/工会", "入会日期", "会籍变化类型", "职工类别"]


@pytest.fixture(autouse=True)
def rolled_up(tree):
    stats_rollup()


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEAD)
        writer.writerows(rows)
    return path


def big_file(path):
    """Good rows, every kind of bad row, blank rows, in-file duplicates, re-imported members."""
    rows = []
    for n in range(60):
        number = id_with_check(f"62010219800101{n:03d}")
        union = "兰州甲公司工会" if n % 2 else "兰州乙公司工会"
        status = "保留" if n % 7 == 0 else ""
        rows.append([f"会员{n}", number, f"139{n:08d}", union, "2020-05-01", status, "农民工"])
    rows[5][1] = rows[5][1][:-1] + ("0" if rows[5][1][-1] != "0" else "1")  # bad check digit
    rows[9][2] = "12345"  # bad phone
    rows[13][3] = "没有这个工会"
    rows[17][4] = "2099-01-01"  # joined in the future
    rows[21] = ["", "", "", "", "", "", ""]  # blank
    rows.append(["重复", rows[30][1], "13900000000", "兰州甲公司工会", "", "", ""])
    rows.append(["王芳改名", VALID_IDS[1], "13912345678", "兰州甲公司工会", "2021-03-01", "", ""])
    rows.append(["李强", VALID_IDS[0], "13912345679", "兰州乙公司工会", "2020-05-01", "", ""])
    return write(path, rows)


def outcome(actor, path):
    report = ErrorReport()
    summary = member_import(
        actor=actor, file=str(path), filename=path.name, mode="valid", report=report, chunk_size=4
    )
    members = sorted(
        Member.objects.values_list(
            "name",
            "id_number_hash",
            "phone_hash",
            "org_id",
            "joined_on",
            "status",
            "status_changed_on",
            "category",
            "gender",
            "birth_date",
        )
    )
    events = sorted(
        MembershipEvent.objects.values_list(
            "member__id_number_hash", "change_type", "changed_on", "reason", "org_id"
        )
    )
    decrypted = sorted((m.id_number, m.phone) for m in Member.objects.all())
    return summary.as_dict(), report.first, report.count, members, events, decrypted


def test_workers_write_what_the_inline_path_writes(staff, tmp_path, monkeypatch):
    first = write(
        tmp_path / "first.csv",
        [
            ["王芳", VALID_IDS[1], "13912345678", "兰州甲公司工会", "2021-03-01", "", ""],
            ["李强", VALID_IDS[0], "13912345679", "兰州乙公司工会", "2020-05-01", "", ""],
        ],
    )
    member_import(actor=staff.county_admin, file=str(first), filename="first.csv", mode="valid")
    path = big_file(tmp_path / "big.csv")
    results = {}
    for name, threshold in (("workers", 0), ("inline", 10**9)):
        monkeypatch.setattr(rows_module, "PARALLEL_MIN_ROWS", threshold)
        with transaction.atomic():
            results[name] = outcome(staff.county_admin, path)
            assert stats_differences() == []
            transaction.set_rollback(True)
    assert results["workers"] == results["inline"]
    summary, first_errors, count, members, events, _ = results["workers"]
    assert summary["read"] == 62  # 63 lines, one blank
    assert (summary["updated"], summary["skipped"]) == (1, 1)
    assert summary["failed"] == count == 5
    assert [e[0] for e in first_errors] == [7, 11, 15, 19, 62]
    assert summary["created"] == 62 - 5 - 2
    assert len(members) == 2 + summary["created"]
    assert tuple(m[0] for m in members if m[0] == "王芳改名") == ("王芳改名",)


def test_parsed_batches_come_back_in_file_order_from_the_workers():
    today = date(2026, 1, 1)
    index = list(enumerate(["姓名", "证件号码", "移动电话"]))
    rows = [
        (n + 2, [f"人{n}", id_with_check(f"62010219800101{n:03d}"), f"139{n:08d}"])
        for n in range(50)
    ]
    batches = list(parsed_batches(iter(rows), index=index, size=3, today=today, workers=2))
    assert [r.number for b in batches for r in b.rows] == [n + 2 for n in range(50)]
    assert sum(b.read for b in batches) == 50
    inline = list(parsed_batches(iter(rows), index=index, size=3, today=today, workers=1))
    assert [s.id_hash for b in batches for s in b.sealed] == [
        s.id_hash for b in inline for s in b.sealed
    ]
