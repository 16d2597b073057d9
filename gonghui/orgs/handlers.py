"""Port "org merge/dissolve handlers": what the apps above the tree hang on an org.

The tree knows nothing of members, sites or cases. Each app that hangs things on an org declares
an `OrgHandler` in its `org_handlers.py` (imported at start-up by `OrgsConfig.ready()`, as the
admin finds `admin.py`), and the tree asks every registered handler, in the order of
INSTALLED_APPS:

- `blocking(org)`: how many things in the org's subtree stop it being dissolved; the refusal is
  `blocking_message` with `{n}`;
- `move_for_merge(actor=, source=, target=)`: move what hangs on `source` to `target`, inside the
  merge's transaction; returns the keys it adds to the merge's audit row;
- `panel(user, org)`: what the org page shows this user of it (`OrgPanel`): buttons into the
  app, and lines (label, value) added to its 基本信息.

The tree's own pages also show a headcount (N 名会员 on every node, the move warning): the one
app that keeps the people of a union registers it with `register_headcount`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gonghui.orgs.models import Org


@dataclass(frozen=True)
class OrgLink:
    label: str
    url: str


@dataclass(frozen=True)
class OrgPanel:
    links: list[OrgLink] = field(default_factory=list)
    facts: list[tuple[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class OrgHandler:
    app: str
    blocking: Callable[[Org], int] | None = None
    blocking_message: str = ""
    move_for_merge: Callable[..., dict[str, Any]] | None = None
    panel: Callable[[Any, Org], OrgPanel] | None = None


@dataclass(frozen=True)
class Headcount:
    """The people of a union's subtree: `active` (在会), `holding` (在会 or 保留, those a move
    takes along), and `active_by_child(parent)`: active people under each child of `parent`,
    keyed by the child's path, in one query. `active_rolled_up(org)` is `active` read from the
    statistics roll-up (one row, whatever the subtree's size): the tree's root line."""

    active: Callable[[Org], int]
    holding: Callable[[Org], int]
    active_by_child: Callable[[Org], dict[str, int]]
    active_rolled_up: Callable[[Org], int] | None = None


_HANDLERS: dict[str, OrgHandler] = {}
_HEADCOUNT: list[Headcount] = []


def register_org_handler(handler: OrgHandler) -> None:
    if handler.blocking is not None and "{n}" not in handler.blocking_message:
        raise ValueError(f"org handler {handler.app!r}: blocking_message needs {{n}}")
    _HANDLERS[handler.app] = handler


def register_headcount(headcount: Headcount) -> None:
    if _HEADCOUNT and _HEADCOUNT[0] != headcount:
        raise ValueError("one headcount only: the app that keeps the people of a union")
    _HEADCOUNT[:] = [headcount]


def org_handlers() -> list[OrgHandler]:
    return list(_HANDLERS.values())


def dissolve_refusal(org: Org) -> str:
    """The first handler's refusal to dissolve `org` (its subtree still holds something), or ""."""
    for handler in org_handlers():
        if handler.blocking is not None:
            n = handler.blocking(org)
            if n:
                return handler.blocking_message.format(n=n)
    return ""


def move_all_for_merge(*, actor, source: Org, target: Org) -> dict[str, Any]:
    """Every handler moves what hangs on `source` to `target`; their audit keys, merged."""
    changes: dict[str, Any] = {}
    for handler in org_handlers():
        if handler.move_for_merge is not None:
            changes.update(handler.move_for_merge(actor=actor, source=source, target=target))
    return changes


def org_panel(user, org: Org) -> OrgPanel:
    """What the org page shows of the apps that hang things on `org`: every handler's panel."""
    panels = [h.panel(user, org) for h in org_handlers() if h.panel is not None]
    return OrgPanel(
        links=[link for p in panels for link in p.links],
        facts=[fact for p in panels for fact in p.facts],
    )


def headcount_active(org: Org) -> int:
    return _HEADCOUNT[0].active(org) if _HEADCOUNT else 0


def headcount_holding(org: Org) -> int:
    return _HEADCOUNT[0].holding(org) if _HEADCOUNT else 0


def headcount_active_rolled_up(org: Org) -> int:
    """The active people of `org`'s subtree from the roll-up (a counted total if none is kept)."""
    if not _HEADCOUNT:
        return 0
    rolled_up = _HEADCOUNT[0].active_rolled_up
    return rolled_up(org) if rolled_up is not None else _HEADCOUNT[0].active(org)


def headcount_active_by_child(parent: Org) -> dict[str, int]:
    return _HEADCOUNT[0].active_by_child(parent) if _HEADCOUNT else {}
