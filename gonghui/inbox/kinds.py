"""The registry of 待办 kinds: the kinds of pending work each app puts in its users' inbox.

An app declares its kinds in `<app>/inbox_kinds.py` (autodiscovered by `InboxConfig.ready`):

    register_kind(InboxKind(
        key="hotline.accept",            # stored in OpenItem.kind, at most 40 characters
        label="待接单工单",
        permission=Perm.HOTLINE_HANDLE,   # who, in the org an item names, must act
        model="hotline.Case",            # refreshed by refresh(case)
        source=lambda: Case.objects.filter(status=CaseStatus.DISPATCHED).select_related(...),
        item=lambda case: Item(org_id=case.holder_id, summary=..., link=..., due_at=...),
        order=10,
    ))

`source()` is the domain's own query of the objects that have an open item of this kind now,
and `item(obj)` says who must act on one, by when, and where. The inbox never decides what is
pending: `refresh(obj)` (called by the domain in the transaction of every action that may
open or close an item) asks `source()` whether the object is in it and writes or deletes the
row; `inbox_check` compares the whole table with every kind's `source()`, and `inbox_rebuild`
rewrites it from them, like the roll-ups' `check_stats` and `rollup_stats`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet


@dataclass(frozen=True)
class Item:
    """Who must act on an object (an org, or one user of it), by when and where."""

    org_id: int
    summary: str
    link: str
    due_at: datetime | None = None
    user_id: int | None = None


@dataclass(frozen=True)
class InboxKind:
    key: str
    label: str
    permission: str  # a `Perm`; for items addressed to a named user it is not checked
    model: str  # "app_label.Model" of the objects `source` returns
    source: Callable[[], QuerySet]
    item: Callable[[Any], Item]
    order: int = 100
    # Send the acting side a notification when an item of this kind opens (new work arrives).
    notify: bool = False
    # The acting user may clear an item himself (知道了): for reports, not for work a domain
    # closes by acting on it.
    dismissable: bool = False

    def __post_init__(self):
        if len(self.key) > 40 or "." not in self.key:
            raise ImproperlyConfigured(f"inbox kind key {self.key!r}: app.name, ≤ 40 characters")


_KINDS: dict[str, InboxKind] = {}


def register_kind(*kinds: InboxKind) -> None:
    for kind in kinds:
        if kind.key in _KINDS and _KINDS[kind.key] != kind:
            raise ImproperlyConfigured(f"inbox kind {kind.key} registered twice")
        _KINDS[kind.key] = kind


def unregister_kind(key: str) -> None:
    """For tests that register a kind of their own."""
    _KINDS.pop(key, None)


def kinds() -> list[InboxKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def kind_of(key: str) -> InboxKind | None:
    return _KINDS.get(key)


def kinds_for_model(label: str) -> Iterable[InboxKind]:
    label = label.lower()
    return [kind for kind in kinds() if kind.model.lower() == label]
