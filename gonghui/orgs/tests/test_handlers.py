"""The registry of org handlers (gonghui/orgs/handlers.py): the tree asks every registered app,
in order, and knows none of them."""

import pytest

from gonghui.orgs import handlers
from gonghui.orgs.handlers import OrgHandler, OrgLink, OrgPanel


@pytest.fixture
def only(monkeypatch):
    """Replace the registered handlers with the given ones for one test."""

    def install(*given: OrgHandler) -> None:
        monkeypatch.setattr(handlers, "_HANDLERS", {h.app: h for h in given})

    return install


def test_apps_register_their_handlers_at_start_up():
    assert [h.app for h in handlers.org_handlers()][:1] == ["members"]
    assert "portal" in [h.app for h in handlers.org_handlers()]


def test_the_first_handler_that_counts_something_refuses_the_dissolution(only, tree):
    only(
        OrgHandler(app="a", blocking=lambda org: 0, blocking_message="a {n}"),
        OrgHandler(app="b", panel=lambda user, org: OrgPanel()),
        OrgHandler(app="c", blocking=lambda org: 3, blocking_message="c {n}"),
        OrgHandler(app="d", blocking=lambda org: 5, blocking_message="d {n}"),
    )
    assert handlers.dissolve_refusal(tree.base_a) == "c 3"
    only(OrgHandler(app="a", blocking=lambda org: 0, blocking_message="a {n}"))
    assert handlers.dissolve_refusal(tree.base_a) == ""


def test_a_merge_asks_every_handler_and_keeps_their_audit_keys(only, tree):
    calls = []

    def mover(key):
        def move(*, actor, source, target):
            calls.append((key, source, target))
            return {key: 1}

        return move

    only(
        OrgHandler(app="a", move_for_merge=mover("a")),
        OrgHandler(app="b", move_for_merge=mover("b")),
    )
    changes = handlers.move_all_for_merge(actor=None, source=tree.base_a, target=tree.base_b)
    assert changes == {"a": 1, "b": 1}
    assert calls == [("a", tree.base_a, tree.base_b), ("b", tree.base_a, tree.base_b)]


def test_the_org_page_panel_joins_every_handlers_links_and_facts(only, tree):
    only(
        OrgHandler(
            app="a", panel=lambda user, org: OrgPanel([OrgLink("甲", "/a/")], [("甲数", 1)])
        ),
        OrgHandler(app="b", panel=lambda user, org: OrgPanel([OrgLink("乙", "/b/")])),
    )
    panel = handlers.org_panel(None, tree.base_a)
    assert panel.links == [OrgLink("甲", "/a/"), OrgLink("乙", "/b/")]
    assert panel.facts == [("甲数", 1)]


def test_a_refusal_without_its_count_is_refused_at_registration():
    with pytest.raises(ValueError):
        handlers.register_org_handler(
            OrgHandler(app="x", blocking=lambda org: 1, blocking_message="还有东西")
        )
    assert "x" not in [h.app for h in handlers.org_handlers()]
