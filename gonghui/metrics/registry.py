"""The port "statistics providers": each app that owns counted tables publishes its metrics here.

An app writes `<app>/metrics.py` (a module or a package; the metrics app autodiscovers it) that
calls `register(SomeProvider())` once. A provider says:

- `metrics`: the keys it owns with their Chinese labels; a family (`category`, `sites`, …) lists
  its codes in `choices`, and its rows are `<family>.<code>`;
- `count_own(org_ids)`: what each org holds itself (not its subtree), recounted from the app's
  raw tables with GROUP BY queries — for the orgs given, or all orgs with None. `rollup_stats`,
  `check_stats` and `stats_refresh_orgs` add these up the tree;
- for figures that are not sums over a subtree (the membership flows: a transfer inside a
  subtree is no flow of its root), `unsummed_prefix` and three counts: every org's totals
  (`count_unsummed`), the totals of some subtrees (`count_unsummed_within`) and the change when
  a subtree moves (`unsummed_moved`).

Its deltas on change the app applies itself, inside its own transaction, with
`gonghui.metrics.deltas.stats_apply` (org id → delta at that org; the delta goes up the chain).
The metrics app imports no app by name: it knows the tree only by app label, as `accounts` does.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# (metric, period) → amount
Figures = Counter
# (org id, metric, period, amount)
Row = tuple[int, str, str, int]


@dataclass(frozen=True)
class Metric:
    """A metric key with its label; with `choices`, a family of keys `<key>.<code>`."""

    key: str
    label: str
    choices: Sequence[tuple[str, str]] = ()
    monthly: bool = False


class Provider:
    """The figures of one app. Subclass it, set `name` and `metrics`, override what applies."""

    name: str = ""
    metrics: Sequence[Metric] = ()
    # Metric keys starting with this are not sums over a subtree (see the module's docstring).
    unsummed_prefix: str | None = None

    def count_own(self, org_ids: list[int] | None) -> Iterable[Row]:
        """What each org holds itself, for these orgs (all with None)."""
        return ()

    def count_unsummed(self, path_of: dict[int, str], id_of: dict[str, int]) -> dict[int, Figures]:
        """Every org's unsummed totals; `path_of` (pk → path) and `id_of` hold the whole tree."""
        return {}

    def count_unsummed_within(
        self, tree: dict[int, str], ancestors: dict[str, int], *, full_scan: bool, chunk: int
    ) -> dict[int, Figures]:
        """The unsummed totals of the orgs of `tree` (pk → path, whole subtrees); `ancestors`
        (path → pk) completes their chains. Other orgs are left out."""
        return {}

    def unsummed_moved(self, *, org_id: int, old_parent_id: int) -> dict[int, Figures]:
        """What changes in every org's unsummed totals when the subtree of `org_id` (already
        moved) left `old_parent_id`."""
        return {}

    def owns(self, metric: str) -> bool:
        return any(metric == m.key or metric.startswith(f"{m.key}.") for m in self.metrics)


_PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    """Publish an app's metrics; registering the same name again replaces the provider."""
    if not provider.name:
        raise ValueError("a metrics provider needs a name")
    _PROVIDERS[provider.name] = provider
    return provider


def unregister(name: str) -> None:
    _PROVIDERS.pop(name, None)


def providers() -> list[Provider]:
    return list(_PROVIDERS.values())


def provider(name: str) -> Provider:
    return _PROVIDERS[name]


def metric(key: str) -> Metric:
    """The published metric (or family) of this key."""
    for p in _PROVIDERS.values():
        for m in p.metrics:
            if m.key == key:
                return m
    raise KeyError(key)


def choices(family: str) -> Sequence[tuple[str, str]]:
    """The codes and labels of a family of metrics (`category` → 职工类别's codes)."""
    return metric(family).choices


def label(key: str) -> str:
    """The Chinese label of a metric key: `flow.join` → 新入会, `sites.station` → the type's."""
    try:
        return metric(key).label
    except KeyError:
        family, _, code = key.rpartition(".")
        return dict(choices(family))[code]


def unsummed_prefixes() -> tuple[str, ...]:
    return tuple(p.unsummed_prefix for p in _PROVIDERS.values() if p.unsummed_prefix)
