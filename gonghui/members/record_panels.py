"""Port: panels that other domains add to a member's record page (会员详情).

A domain that records something about a member (a competition's results and titles, a studio's
membership, an honor) shows it on his record without the members app importing that domain: it
registers a panel in its `record_panels.py` (discovered by `MembersConfig.ready`):

    register_panel(
        "competitions", "竞赛成绩与称号", order=10, perm=Perm.CONTEST_VIEW,
        context=lambda member, user: {"rows": …}, template="competitions/_record_panel.html",
    )

The member page renders each panel the viewer holds `perm` for, in `order`; a panel whose
context is empty (`{}`) is left out.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gonghui.accounts.models import User
    from gonghui.members.models import Member


@dataclass(frozen=True)
class RecordPanel:
    key: str
    label: str
    order: int
    perm: str
    context: Callable[["Member", "User"], dict[str, Any]]
    template: str


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    label: str
    template: str
    context: dict[str, Any]


_PANELS: dict[str, RecordPanel] = {}


def register_panel(
    key: str,
    label: str,
    order: int,
    perm: str,
    context: Callable[["Member", "User"], dict[str, Any]],
    template: str,
) -> None:
    _PANELS[key] = RecordPanel(key, label, order, perm, context, template)


def record_panels() -> list[RecordPanel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.key))


def panels_for(member: "Member", user: "User") -> list[RenderedPanel]:
    """The panels `user` may see on `member`'s record, each with its context."""
    shown = []
    for panel in record_panels():
        if not user.has_perm(panel.perm):
            continue
        context = panel.context(member, user)
        if context:
            shown.append(RenderedPanel(panel.key, panel.label, panel.template, context))
    return shown
