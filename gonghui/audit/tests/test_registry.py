"""The audit-action registry as a mechanism (the apps' own vocabularies: gonghui/tests/
test_audit_vocabulary.py)."""

import pytest
from django.db import models

from gonghui.audit import registry
from gonghui.audit.registry import AuditAction, coded, register_actions, render_value


class Colour(models.TextChoices):
    RED = "red", "红色"
    BLUE = "blue", "蓝色"


@pytest.fixture
def declared():
    codes = ["test.paint", "test.wash"]
    yield codes
    for code in codes:
        registry.ACTIONS.pop(code, None)
        registry.LABELS.pop(code, None)


def test_an_action_reads_by_its_label_and_fields_by_their_code_list(declared):
    register_actions(
        [AuditAction("test.paint", "刷漆", {"colour": coded("颜色", Colour, change=True)})],
        fields={"coats": coded("遍数", [(1, "一遍"), (2, "两遍")])},
    )
    assert registry.action_label("test.paint") == "刷漆"
    assert registry.change_rows(
        "test.paint", {"colour": ["red", "blue"], "coats": 2, "dry": False, "tags": ["a", "b"]}
    ) == [("颜色", "红色 → 蓝色"), ("遍数", "两遍"), ("dry", "否"), ("tags", "a、b")]


def test_a_code_declared_twice_with_two_labels_is_refused(declared):
    register_actions({"test.wash": "清洗"})
    register_actions({"test.wash": "清洗"})  # the same declaration again is harmless
    with pytest.raises(ValueError):
        register_actions({"test.wash": "洗涤"})


def test_an_unknown_code_shows_itself():
    assert registry.action_label("nobody.declared") == "nobody.declared"


def test_values_without_a_code_list():
    assert render_value(None) == "—"
    assert render_value([]) == "—"
    assert render_value(True) == "是"
    assert render_value({"a": 1, "b": True}) == "a：1；b：是"
    # A list of two is a pair only where the field says so.
    assert render_value(["red", "blue"], coded("颜色", Colour)) == "红色、蓝色"
