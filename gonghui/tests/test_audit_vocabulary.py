"""Every audit action a service writes has a Chinese label (gonghui/audit/registry.py).

The source is read, not run: the action codes given to the audit helpers (`action="…"`, an
audit dict's "action" key, an `ACTION` constant, the code handed to a wrapper such as the
portal's `_audit(worker, "portal.certify")`), and the hotline's `case.<event>` codes. What this
scan cannot see, `audit_record` refuses at run time in tests (GONGHUI_AUDIT_STRICT_ACTIONS).
"""

import ast
import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.audit.models import AuditLog
from gonghui.audit.registry import ACTIONS, UnregisteredAuditAction, change_rows, is_registered
from gonghui.audit.services import audit_record
from gonghui.hotline.codes import EventAction

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
# Functions whose string arguments are audit actions.
AUDIT_CALLS = re.compile(r"(^|_)(audit|audit_record|denial|record|set_status)$")


def _product_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        yield path


def _call_name(node: ast.Call) -> str:
    return getattr(node.func, "id", "") or getattr(node.func, "attr", "")


def written_action_codes() -> dict[str, str]:
    """code → the first file that writes it."""
    found: dict[str, str] = {}

    def add(value, path):
        is_text = isinstance(value, ast.Constant) and isinstance(value.value, str)
        if is_text and CODE.match(value.value):
            found.setdefault(value.value, str(path.relative_to(ROOT)))

    for path in _product_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "action":
                add(node.value, path)
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "action":
                        add(value, path)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id.endswith("ACTION"):
                        add(node.value, path)
            elif isinstance(node, ast.Call) and AUDIT_CALLS.search(_call_name(node)):
                for arg in node.args:
                    add(arg, path)
    return found


def test_the_scan_finds_the_actions_services_write():
    # Guards the scan itself: one code of each way of writing one.
    codes = written_action_codes()
    assert {
        "member.import",  # action="…"
        "assistance.archive_final_review",  # action="…" to a wrapper (_set_status)
        "access.denied",  # an audit dict's "action"
        "case.caller_phone",  # ACTION = "…"
        "portal.certify",  # _audit(worker, "…")
    } <= set(codes)
    assert len(codes) > 80


def test_every_action_written_has_a_label():
    missing = {
        code: path for code, path in written_action_codes().items() if not is_registered(code)
    }
    assert missing == {}, "declare these in the app's audit_actions.py"


def test_every_case_event_has_a_label():
    # hotline/services/common.py writes f"case.{event}".
    assert [e for e in EventAction.values if not is_registered(f"case.{e}")] == []


def test_every_import_kind_can_be_cancelled():
    # The import-job framework writes f"{prefix}.import" and f"{prefix}.import_cancel" for
    # each kind it runs (members and orgs today; sites and assistance are moving onto it).
    kinds = ("member", "org", "site", "assistance")
    codes = [f"{kind}.{action}" for kind in kinds for action in ("import", "import_cancel")]
    assert [code for code in codes if not is_registered(code)] == []


def test_labels_are_chinese():
    assert [a.code for a in ACTIONS.values() if not re.search(r"[\u4e00-\u9fff]", a.label)] == []


@pytest.mark.django_db
def test_audit_record_refuses_an_undeclared_action_in_tests(staff):
    with pytest.raises(UnregisteredAuditAction):
        audit_record(actor=staff.county_admin, action="member.undeclared")
    assert not AuditLog.objects.filter(action="member.undeclared").exists()


@pytest.mark.django_db
@override_settings(GONGHUI_AUDIT_STRICT_ACTIONS=False)
def test_production_still_records_an_undeclared_action(staff):
    # A missing label must never lose an audit row in production.
    audit_record(actor=staff.county_admin, action="member.undeclared")
    assert AuditLog.objects.filter(action="member.undeclared").exists()


# --- how a changed field reads -------------------------------------------------------------


def test_a_status_pair_reads_as_before_and_after_by_name():
    rows = change_rows("assistance.archive_final_review", {"status": ["first_passed", "notice"]})
    assert rows == [("档案状态", "待终审 → 公示中")]


def test_a_code_reads_by_its_label():
    assert change_rows("member.update", {"category": ["migrant", "employed"]}) == [
        ("职工类别", "农民工 → 在岗职工")
    ]
    assert change_rows("transfer.request", {"side": "out"}) == [("发起方", "转出方")]
    assert change_rows("case.intake", {"channel": "phone"}) == [("来源渠道", "电话")]


def test_booleans_read_yes_or_no_and_lists_are_joined():
    assert change_rows("case.close", {"lawyer": True, "on_time": False}) == [
        ("律师参与", "是"),
        ("按时办结", "否"),
    ]
    assert change_rows("case.unmask", {"fields": ["caller_name", "caller_phone"]}) == [
        ("字段", "来电人姓名、联系电话")
    ]
    # Facilities are a bit mask: 0 is none, 3 is 饮水 and 热饭.
    assert change_rows("site.update", {"facilities": [0, 3]}) == [("服务设施", "— → 饮水、热饭")]


def test_unknown_keys_and_codes_show_as_stored():
    # An old row, or a key nobody labelled: shown as written, never lost.
    assert change_rows("nothing.known", {"x": ["a", "b"], "y": None}) == [
        ("x", "a、b"),
        ("y", "—"),
    ]


@pytest.mark.django_db
def test_the_audit_log_page_shows_labels_not_codes(client, staff, tree):
    audit_record(
        actor=staff.county_admin,
        action="member.import",
        org=tree.base_a,
        changes={"mode": "all", "rows": 3},
    )
    audit_record(
        actor=staff.county_admin,
        action="assistance.archive_final_review",
        org=tree.base_a,
        changes={"status": ["first_passed", "notice"]},
    )
    audit_record(
        actor=staff.county_admin,
        action="member.update",
        org=tree.base_a,
        changes={"category": ["migrant", "employed"]},
    )
    client.force_login(staff.county_auditor)
    page = client.get(reverse("audit:list")).content.decode()
    table = page[page.index('id="audit-table"') :]
    for label in ("导入会员", "档案终审", "待终审 → 公示中", "农民工 → 在岗职工", "职工类别"):
        assert label in table
    for code in ("member.import", "archive_final_review", "first_passed", "migrant"):
        assert code not in table
    # The filter offers every declared action by its label.
    assert '<option value="member.import">导入会员</option>' in page


# --- permissions only through Perm ---------------------------------------------------------


def test_permissions_are_named_through_perm():
    # A raw "members.add_member" goes stale silently when a permission is renamed; a `Perm`
    # constant fails at import. Templates keep Django's `perms.app.codename`.
    names = {value for key, value in vars(Perm).items() if key.isupper()}
    raw = []
    for path in _product_modules():
        if path.name == "permissions.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                raw.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value}")
    assert raw == []
