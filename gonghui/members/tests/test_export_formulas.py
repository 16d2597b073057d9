"""Formula injection (OWASP CSV injection): a member whose name or free text looks like a
formula is exported as text in XLSX and CSV, and imports back unchanged."""

import io

from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.conftest import VALID_IDS
from gonghui.members.exports import HEADER
from gonghui.members.models import Member, MembershipEvent
from gonghui.metrics.services import stats_rollup

EVIL = '=HYPERLINK("http://evil","x")'
TEXTS = {"name": EVIL, "job": "=SUM(1,2)", "title": "-", "employee_no": "+8613912345678"}
COLUMNS = {"name": "姓名", "job": "工种", "title": "职称", "employee_no": "企业工号"}


def _export(client, fmt: str) -> bytes:
    response = client.get(reverse("members:export"), {"full": "1", "format": fmt})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_formula_like_text_is_exported_as_text(client, staff, tree, make_member):
    make_member(tree.base_a, id_number=VALID_IDS[1], employer="@兰州甲公司", **TEXTS)
    client.force_login(staff.county_admin_pii)
    sheet = load_workbook(io.BytesIO(_export(client, "xlsx"))).active
    for field, column in {**COLUMNS, "employer": "工作单位"}.items():
        cell = sheet.cell(row=2, column=HEADER.index(column) + 1)
        assert cell.data_type == "s" and cell.quotePrefix, column
        assert cell.value == (TEXTS.get(field) or "@兰州甲公司")
    csv = _export(client, "csv").decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://evil"",""x"")"' in csv
    assert ",'=SUM(1,2)," not in csv and '"\'=SUM(1,2)"' in csv
    assert ",'-," in csv and ",'+8613912345678," in csv and ",'@兰州甲公司," in csv
    page = client.get(reverse("members:list"))
    assert "=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)" in page.text


def test_export_then_import_gives_the_same_texts(client, staff, tree, make_member, tmp_path):
    make_member(tree.base_a, id_number=VALID_IDS[1], phone="+86 139 8765 4321", **TEXTS)
    fields = ["name", "phone", *TEXTS]
    client.force_login(staff.county_admin_pii)
    for fmt in ("xlsx", "csv"):
        path = tmp_path / f"export.{fmt}"
        path.write_bytes(_export(client, fmt))
        MembershipEvent.objects.all().delete()
        Member.objects.all().delete()
        stats_rollup()  # the raw deletes above skipped the roll-up hooks
        call_command("import_members", str(path), "--user", "cg_admin_pii", stdout=io.StringIO())
        member = Member.objects.get()
        assert {f: getattr(member, f) for f in fields} == {"phone": "13987654321", **TEXTS}, fmt
