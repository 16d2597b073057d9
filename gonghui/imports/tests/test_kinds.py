"""Every registered import kind is complete: a Chinese label, a `Perm`, its refusal, labelled
audit actions, and pages that resolve (the result page links to them)."""

import re

import pytest
from django.urls import reverse

from gonghui.accounts.permissions import Perm
from gonghui.audit.registry import ACTIONS
from gonghui.core.errors import NotFound
from gonghui.imports.kinds import ImportKind, kind_of, register_kind, registered_kinds

PERMS = {value for name, value in vars(Perm).items() if name.isupper()}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_the_apps_register_their_kinds_at_start_up():
    assert {"members", "orgs"} <= {kind.code for kind in registered_kinds()}


@pytest.mark.parametrize("kind", registered_kinds(), ids=lambda kind: kind.code)
def test_every_kind_has_a_label_a_permission_and_labelled_audit_actions(kind: ImportKind):
    assert len(kind.code) <= 40
    for text in (kind.label, kind.refusal, kind.home_label, kind.done_label):
        assert CHINESE.search(text), f"{kind.code}: {text!r} is not a Chinese text"
    assert kind.permission in PERMS, f"{kind.code}: permission {kind.permission!r} is not a Perm"
    for action in ("import", "import_cancel"):
        assert f"{kind.audit_prefix}.{action}" in ACTIONS, f"{kind.code}: {action} has no label"
    args = (1,) if kind.url_args else ()
    for url in (kind.upload_url, kind.home_url):
        reverse(url, args=args)
    if kind.template_url:
        reverse(kind.template_url)
    assert callable(kind.run)
    for name, label in kind.counters:
        assert name in {"created", "updated", "skipped", "failed"} and CHINESE.search(label)


def test_a_code_cannot_be_registered_twice_with_another_meaning():
    members = kind_of("members")
    with pytest.raises(ValueError):
        register_kind(ImportKind(**{**vars(members), "label": "别的"}))


def test_an_unknown_kind_is_not_found():
    with pytest.raises(NotFound):
        kind_of("no-such-kind")
