"""`manage.py create_sysadmin`: the first 系统管理员 of a new deployment."""

import io

import pytest
from django.core.management import CommandError, call_command

from gonghui.accounts.models import User
from gonghui.accounts.permissions import ROLE_SYSADMIN, Perm
from gonghui.audit.models import AuditLog

GOOD = "Gh@2026-first-admin"


def run(*args, password: str = GOOD, monkeypatch=None):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("create_sysadmin", *args, "--password-stdin", stdout=out)
    return out.getvalue()


def test_refuses_before_the_tree_is_loaded(db, monkeypatch):
    with pytest.raises(CommandError, match="load_orgs"):
        run("root_admin", monkeypatch=monkeypatch)
    assert not User.objects.exists()


def test_creates_a_sysadmin_of_the_top_union_who_can_log_in(tree, monkeypatch):
    out = run("root_admin", "--full-name", "张管理", monkeypatch=monkeypatch)
    user = User.objects.get(username="root_admin")
    assert "已创建系统管理员「root_admin」" in out and "甘肃省总工会" in out
    assert user.org == tree.province and user.full_name == "张管理"
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [ROLE_SYSADMIN]
    assert user.has_perm(Perm.STAFF_MANAGE) and user.check_password(GOOD)
    row = AuditLog.objects.get(action="user.create")
    assert row.actor_id is None and GOOD not in str(row.changes)


def test_org_by_division_code(tree, monkeypatch):
    run("cg_sys", "--org", "620102000000", monkeypatch=monkeypatch)
    assert User.objects.get(username="cg_sys").org == tree.chengguan


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (("--org", "990000000000"), GOOD, "没有行政区划代码或社会信用代码为「990000000000」"),
        ((), "short", "密码"),
        ((), "", "没有读到密码"),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(tree, monkeypatch, args, password, message):
    with pytest.raises(CommandError, match=message):
        run("someone", *args, password=password, monkeypatch=monkeypatch)
    assert not User.objects.filter(username="someone").exists()


def test_second_account_with_the_same_name_is_refused(tree, monkeypatch):
    run("root_admin", monkeypatch=monkeypatch)
    with pytest.raises(CommandError, match="已存在"):
        run("root_admin", monkeypatch=monkeypatch)
    assert User.objects.filter(username="root_admin").count() == 1
