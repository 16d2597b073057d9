"""The permission registry (gonghui/core/permissions.py): every permission code checked
anywhere is one an app declared, with a Chinese label, and named only through `Perm`.

Pages and API operations: `permission_required` and `require` refuse an undeclared code when the
view is decorated (start-up), and the walkers below re-check what the URLconf and the API serve.
Templates name permissions as `perms.<app>.<codename>`: each must be declared too. (Python code
outside the `permissions.py` modules never spells a code as a string: test_audit_vocabulary.py.)
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured
from django.urls import get_resolver

from gonghui.accounts.api import require
from gonghui.accounts.permissions import ROLES
from gonghui.api import api
from gonghui.core.decorators import permission_required
from gonghui.core.permissions import (
    STANDARD_ROLES,
    Perm,
    Role,
    declare,
    declared_permissions,
    is_declared,
    permission_label,
    role_permissions,
)
from gonghui.tests.test_urlconf import walk

ROOT = Path(__file__).resolve().parents[1]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
TEMPLATE_PERM = re.compile(r"\bperms\.([a-z_]+)\.([a-z_]+)\b")
UNDECLARED = "orgs.frobnicate_org"


def test_every_declared_permission_has_a_chinese_label():
    declared = declared_permissions()
    assert len(declared) >= 23
    for permission in declared:
        assert CHINESE.search(permission.label), permission.code
        assert permission_label(permission.code) == permission.label


def test_perm_names_exactly_the_declarations():
    names = {name: value for name, value in vars(Perm).items() if name.isupper()}
    assert names == {p.name: p.code for p in declared_permissions()}
    assert Perm.AUDIT_VIEW == "audit.view_auditlog"


def test_an_undeclared_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="not a declared permission"):
        Perm.MEMBER_FROBNICATE  # noqa: B018
    assert not hasattr(Perm, "MEMBER_FROBNICATE")


@pytest.mark.django_db
def test_every_declared_permission_is_a_permission_row():
    for permission in declared_permissions():
        app_label, codename = permission.code.split(".")
        assert Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists(), permission.code


def test_a_page_or_an_api_operation_guarded_by_an_undeclared_permission_fails():
    assert not is_declared(UNDECLARED)
    with pytest.raises(ImproperlyConfigured, match="not a declared permission"):
        permission_required(UNDECLARED)
    with pytest.raises(ImproperlyConfigured, match="not a declared permission"):
        require(UNDECLARED)


def test_every_page_and_api_operation_uses_a_declared_permission():
    pages = [
        getattr(view, "required_permission", None)
        for _, _, view in walk(get_resolver().url_patterns)
    ]
    operations = [
        getattr(operation.view_func, "required_permission", None)
        for bound_router in api._get_bound_routers()
        for path_view in bound_router.path_operations.values()
        for operation in path_view.operations
    ]
    used = {perm for perm in pages + operations if perm}
    assert len(used) > 15
    assert {perm for perm in used if not is_declared(perm)} == set()


def test_every_permission_a_template_checks_is_declared():
    seen = {}
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        for app_label, codename in TEMPLATE_PERM.findall(path.read_text(encoding="utf-8")):
            seen.setdefault(f"{app_label}.{codename}", str(path.relative_to(ROOT)))
    assert len(seen) > 5
    assert {code: where for code, where in seen.items() if not is_declared(code)} == {}


def test_the_roles_are_read_from_the_declarations():
    assert list(ROLES) == list(STANDARD_ROLES)
    for role in STANDARD_ROLES:
        assert ROLES[role] == role_permissions(role)
        assert ROLES[role] == [p.code for p in declared_permissions() if role in p.roles]
    with pytest.raises(KeyError):
        ROLES["访客"]


def test_a_declaration_is_checked():
    # Declaring the same permission again, identically, is harmless (a module imported twice).
    declare(
        "AUDIT_VIEW", "audit.view_auditlog", "查看审计日志", roles=(Role.SYSADMIN, Role.AUDITOR)
    )
    with pytest.raises(ValueError, match="Chinese label"):
        declare("ORG_FROBNICATE", "orgs.frobnicate_org", "Can frobnicate org")
    with pytest.raises(ValueError, match="unknown roles"):
        declare("ORG_FROBNICATE", "orgs.frobnicate_org", "改组", roles=("访客",))
    with pytest.raises(ValueError, match="declared twice"):
        declare("AUDIT_VIEW", "audit.view_auditlog", "查看审计日志", roles=(Role.SYSADMIN,))
    with pytest.raises(ValueError, match="already names"):
        declare("AUDIT_VIEW", "orgs.frobnicate_org", "改组")
    with pytest.raises(ValueError, match="UPPER_CASE"):
        declare("audit_view", "orgs.frobnicate_org", "改组")
    assert not is_declared(UNDECLARED)
    assert ROLES[Role.AUDITOR] == role_permissions(Role.AUDITOR)
