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


# --- objects an audit row names ----------------------------------------------------------


def test_every_declared_object_page_names_a_model_and_a_page():
    from django.urls import reverse

    from gonghui.audit.objects import model_of
    from gonghui.audit.registry import OBJECT_PAGES

    assert {"member", "org", "case", "site", "archive"} <= set(OBJECT_PAGES)
    for object_type, page in OBJECT_PAGES.items():
        model = model_of(object_type)
        assert model is not None, object_type
        if page.arg != "pk":
            model._meta.get_field(page.arg)
        assert reverse(page.url_name, args=["1"])


@pytest.mark.django_db
def test_an_object_page_by_another_attribute_than_the_pk(tree, monkeypatch):
    from django.urls import reverse

    from gonghui.audit.objects import object_url
    from gonghui.audit.registry import OBJECT_PAGES, ObjectPage

    monkeypatch.setitem(OBJECT_PAGES, "org", ObjectPage("orgs:detail", arg="id"))
    assert object_url("org", str(tree.base_a.pk)) == reverse("orgs:detail", args=[tree.base_a.pk])
    assert object_url("org", "987654321") == ""  # gone: no link
    assert object_url("org", "not-a-number") == ""
    assert object_url("nosuchmodel", "1") == ""


def test_personal_keys_are_masked_whatever_was_stored():
    assert registry.change_rows(
        "member.update",
        {"id_number": "620102198506060044", "household.id_number": ["620102198506060044"]},
    ) == [("身份证号", "620102********0044"), ("household.id_number", "620102********0044")]
    assert registry.masked("caller_phone", "13912345678") == "139****5678"
    assert registry.masked("name", "王芳") == "王芳"
