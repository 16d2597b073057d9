"""What the roll-ups need of the org tree, and the arithmetic of `Figures`.

The metrics app sits below `orgs` (the tree counts its own orgs through this port), so it
names the tree's model by app label, as `accounts` does, and reads only its materialised
paths: 4 characters a level, an org's chain being the prefixes of its path.
"""

import functools
from datetime import date

from django.apps import apps

from gonghui.metrics.registry import Figures

# Characters per level of `Org.path` (django-treebeard's `steplen`; a test holds them equal).
STEPLEN = 4


@functools.cache
def org_model():
    """The tree's model (`orgs.Org`), looked up by app label."""
    return apps.get_model("orgs", "Org")


def chain_paths(path: str) -> list[str]:
    """The paths of the org at `path` and of all its ancestors, the root first."""
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def diff(before: Figures, after: Figures) -> Figures:
    delta = Figures(after)
    delta.subtract(before)
    return delta


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
