import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from gonghui.assistance import imports
from gonghui.assistance.codes import ArchiveStatus, Cause, Channel, Level, Relation
from gonghui.assistance.imports import HEADER, ImportRejected, archive_import
from gonghui.assistance.imports.common import NO_ROWS
from gonghui.assistance.models import Archive, PovertyLine
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.core.cleaning import CELL_MONEY, MAX_YUAN
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.tabular import HEADER_MISSING
from gonghui.metrics.models import OrgStat


def row(member, **overrides) -> dict:
    values = {
        "姓名": member.name,
        "身份证号": member.id_number,
        "困难类别": "深度困难",
        "致困原因": "本人患大病、子女教育负担重",
        "健康情况": "重大疾病",
        "住房类型": "租房",
        "住房面积": "45",
        "工作状态": "在岗",
        "婚姻状况": "已婚",
        "户口类型": "城镇户口",
        "医保状况": "城镇职工医保",
        "是否单亲": "否",
        "是否家庭零就业": "否",
        "是否具有自救能力": "是",
        "月收入": "2400",
        "家庭其他年收入": "1200",
        "家庭年度总收入": "30000",
        "家庭人口": "3",
        "家庭月人均收入": "833.33",
        "建档日期": "2026-03-20",
        "状态": "已建档",
    }
    values.update(overrides)
    return values


def xlsx(rows: list[dict], header: list[str] = HEADER) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append([values.get(column, "") for column in header])
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out


def run(actor, rows, **kwargs):
    return archive_import(actor=actor, file=xlsx(rows, **kwargs), filename="档案.xlsx")


def metric(org, name, period=""):
    found = OrgStat.objects.filter(org=org, metric=name, period=period).first()
    return found.value if found else 0


def test_good_file_creates_archived_archives_with_the_applicant(tree, staff, make_member):
    PovertyLine.objects.create(county=tree.chengguan, year=2026, monthly_amount=Decimal("900"))
    a = make_member(tree.base_a, name="李四")
    b = make_member(tree.base_b, name="王五")
    summary = run(
        staff.county_admin,
        [row(a), row(b, 身份证号="", 工会会员服务卡卡号=b.card_number, 致困原因="下岗失业")],
    )
    assert (summary.read, summary.created, summary.skipped) == (2, 2, 0)
    archive = Archive.objects.get(member=a)
    assert archive.status == ArchiveStatus.ARCHIVED
    assert archive.channel == Channel.IMPORT
    assert archive.county == tree.chengguan and archive.org == tree.base_a
    assert archive.level == Level.DEEP
    assert archive.causes == [Cause.ILLNESS, Cause.EDUCATION]
    assert archive.annual_income == Decimal("30000.00")
    assert archive.per_capita_monthly == Decimal("833.33")
    assert archive.household_size == 3
    assert archive.poverty_line == Decimal("900.00")
    assert archive.archived_on == date(2026, 3, 20)
    (person,) = archive.household.all()
    assert person.relation == Relation.SELF and person.id_number == a.id_number
    assert Archive.objects.get(member=b).causes == [Cause.UNEMPLOYED]
    # Each archive went through the statistics hook.
    assert metric(tree.chengguan, "archives") == 2
    assert metric(tree.province, "archives.cause.unemployed") == 1
    log = AuditLog.objects.get(action="assistance.import")
    assert log.changes["created"] == 2


def test_blank_computed_incomes_are_filled_in(tree, staff, make_member):
    a = make_member(tree.base_a)
    run(staff.county_admin, [row(a, 家庭年度总收入="", 家庭月人均收入="", 家庭人口="4")])
    archive = Archive.objects.get(member=a)
    assert archive.annual_income == Decimal("30000.00")
    assert archive.per_capita_monthly == Decimal("625.00")


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"困难类别": "特别困难"}, "困难类别", "不是有效的困难类别"),
        ({"致困原因": "本人患大病、赌博"}, "致困原因", "「赌博」不是有效的致困原因"),
        ({"致困原因": ""}, "致困原因", "请填写「致困原因」"),
        ({"月收入": "两千"}, "月收入", CELL_MONEY.format(column="月收入", max=f"{MAX_YUAN:,}")),
        ({"家庭人口": "0"}, "家庭人口", "家庭人口应为1到20之间的整数"),
        ({"家庭年度总收入": "31000"}, "家庭年度总收入", "＝ 30000.00 元，文件中为 31000.00 元"),
        ({"家庭月人均收入": "800"}, "家庭月人均收入", "＝ 833.33 元，文件中为 800.00 元"),
        ({"是否单亲": "也许"}, "是否单亲", "请填写“是”或“否”"),
        ({"建档日期": "2026-13-40"}, "建档日期", "无法识别"),
        ({"建档日期": "2099-01-01"}, "建档日期", "不能晚于今天"),
        ({"状态": "已解困"}, "状态", "只能导入已建档的档案"),
        ({"户口所在地行政区划": "6201"}, "户口所在地行政区划", "6位或12位"),
        (
            {"劳动合同开始日期": "2024-01-01", "劳动合同结束日期": "2023-01-01"},
            "劳动合同结束日期",
            "不能早于",
        ),
        ({"姓名": "赵六"}, "姓名", "姓名与会员档案中的姓名（张三）不一致"),
        ({"身份证号": "620102********123X"}, "身份证号", "已脱敏"),
        ({"身份证号": ""}, "身份证号", "请填写申请人的身份证号或工会会员服务卡卡号"),
        ({"身份证号": "11010519491231002X"}, "身份证号", "找不到该申请人"),
    ],
)
def test_each_bad_row_rejects_the_whole_file(tree, staff, make_member, overrides, column, message):
    good = make_member(tree.base_b, name="王五")
    bad = make_member(tree.base_a)
    with pytest.raises(ImportRejected) as caught:
        run(staff.county_admin, [row(good), row(bad, **overrides)])
    ((number, col, text),) = caught.value.errors
    assert (number, col) == (3, column)
    assert message in text
    assert not Archive.objects.exists()  # the good row was rolled back too
    assert metric(tree.chengguan, "archives") == 0
    assert not AuditLog.objects.filter(action="assistance.import").exists()


def test_one_open_archive_per_household(tree, staff, make_member, make_archive):
    applicant = make_member(tree.base_a)
    other = make_member(tree.base_b, name="王五")
    make_archive(applicant, status=ArchiveStatus.SUBMITTED)
    # `other` is a household member (spouse) of an open archive of someone else.
    spouse_household = make_archive(make_member(tree.base_b, name="钱七"))
    from gonghui.assistance.tests.conftest import household_person

    household_person(spouse_household, Relation.SPOUSE, other.name, other.id_number)
    with pytest.raises(ImportRejected) as caught:
        run(staff.county_admin, [row(applicant), row(other)])
    messages = [m for _, _, m in caught.value.errors]
    assert len(messages) == 2
    assert "已有未结束的困难职工档案（兰州甲公司工会，状态：待初审）" in messages[0]
    assert "一户只能有一个档案" in messages[1]


def test_the_same_applicant_twice_in_a_file_is_refused(tree, staff, make_member):
    a = make_member(tree.base_a)
    with pytest.raises(ImportRejected) as caught:
        run(staff.county_admin, [row(a), row(a, 困难类别="相对困难")])
    assert caught.value.errors == [(3, "身份证号", imports.DUPLICATE_ROW.format(other=2))]


def test_reimporting_the_same_file_creates_nothing(tree, staff, make_member):
    a = make_member(tree.base_a)
    rows = [row(a)]
    run(staff.county_admin, rows)
    summary = run(staff.county_admin, rows)
    assert (summary.created, summary.skipped) == (0, 1)
    assert Archive.objects.count() == 1
    assert metric(tree.chengguan, "archives") == 1
    # A changed row for the same applicant is not a silent update: it is refused.
    with pytest.raises(ImportRejected) as caught:
        run(staff.county_admin, [row(a, 困难类别="相对困难")])
    assert "已有未结束的困难职工档案" in caught.value.errors[0][2]


def test_reentry_after_exit_opens_a_new_period(tree, staff, make_member, make_archive):
    a = make_member(tree.base_a)
    old = make_archive(a, status=ArchiveStatus.EXITED, exited_on=date(2025, 12, 1))
    run(staff.county_admin, [row(a)])
    new = Archive.objects.exclude(pk=old.pk).get()
    assert (new.period, new.previous) == (2, old)


def test_member_of_another_subtree_is_refused_and_audited(tree, staff, make_member):
    outsider = make_member(tree.base_c)
    with pytest.raises(ImportRejected) as caught:
        run(staff.county_admin, [row(outsider)])
    assert imports.MEMBER_UNKNOWN in caught.value.errors[0][2]
    assert not Archive.objects.exists()
    denied = AuditLog.objects.get(action="access.denied", object_repr="assistance.import")
    assert denied.result == AuditResult.DENIED
    assert denied.changes["rows"] == [2]


def test_without_permission_is_forbidden(tree, staff, make_member):
    a = make_member(tree.base_a)
    with pytest.raises(Forbidden):
        run(staff.county_auditor, [row(a)])
    assert AuditLog.objects.filter(action="assistance.import", result=AuditResult.DENIED).exists()


def test_header_and_empty_files(tree, staff):
    with pytest.raises(ApplicationError, match=re.escape(HEADER_MISSING.format(names="困难类别"))):
        run(staff.county_admin, [], header=[h for h in HEADER if h != "困难类别"])
    with pytest.raises(ApplicationError, match=re.escape(NO_ROWS)):
        run(staff.county_admin, [])


def test_csv_in_gbk_imports(tree, staff, make_member):
    a = make_member(tree.base_a)
    values = row(a)
    lines = [",".join(HEADER), ",".join(str(values.get(c, "")) for c in HEADER)]
    data = BytesIO(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    summary = archive_import(actor=staff.county_admin, file=data, filename="档案.csv")
    assert summary.created == 1


def test_template_has_the_header_and_an_example(tree):
    book = load_workbook(imports.template_xlsx())
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][HEADER.index("困难类别")] == "深度困难"
    assert book.sheetnames == ["困难职工档案", "填写说明"]


def test_progress_is_reported_and_a_cancel_writes_nothing(tree, staff, make_member, monkeypatch):
    monkeypatch.setattr(imports.archives, "PROGRESS_ROWS", 1)
    a, b = make_member(tree.base_a, name="李四"), make_member(tree.base_b, name="王五")
    seen = []

    def cancel_after_one(summary):
        seen.append(summary.read)
        return True

    summary = archive_import(
        actor=staff.county_admin,
        file=xlsx([row(a), row(b)]),
        filename="档案.xlsx",
        on_progress=cancel_after_one,
    )
    assert seen == [1]
    assert (summary.read, summary.cancelled, summary.rolled_back) == (1, True, True)
    assert not Archive.objects.exists()
    assert metric(tree.chengguan, "archives") == 0
    assert not AuditLog.objects.filter(action="assistance.import").exists()


def test_progress_that_goes_on_imports_every_row(tree, staff, make_member, monkeypatch):
    monkeypatch.setattr(imports.archives, "PROGRESS_ROWS", 1)
    a, b = make_member(tree.base_a, name="李四"), make_member(tree.base_b, name="王五")
    seen = []
    summary = archive_import(
        actor=staff.county_admin,
        file=xlsx([row(a), row(b)]),
        filename="档案.xlsx",
        on_progress=lambda summary: seen.append(summary.read) and False,
    )
    assert seen == [1] and (summary.read, summary.created, summary.cancelled) == (2, 2, False)
