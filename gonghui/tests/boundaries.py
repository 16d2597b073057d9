"""The layers of [tool.importlinter] in pyproject.toml, applied to templates.

import-linter sees Python imports only. A template that extends, includes or links (`{% url %}`)
another app's template or view is a dependency too, and obeys the same layers: an app may use
its own templates, those of `core` (`base.html`, `includes/`) and those of apps in lower layers;
apps of one layer (`a | b`) are independent of each other.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# {% extends "x" %}, {% include "x" %}, {% url "ns:name" ... %}: literal names only.
TEMPLATE_TAG = re.compile(r"""\{%\s*(extends|include|url)\s+["']([^"']+)["']""")
APP_NAME = re.compile(r"""^app_name\s*=\s*["']([^"']+)["']""", re.MULTILINE)


@dataclass(frozen=True)
class Reference:
    template: str  # path under the package, e.g. "orgs/templates/orgs/detail.html"
    kind: str  # extends | include | url
    target: str  # the template name or the URL name
    app: str  # the app the target belongs to


def layer_ranks(pyproject: Path = REPO / "pyproject.toml") -> dict[str, int]:
    """App -> its layer's height (0 = core), from the contract whose id is "layers"."""
    config = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["id"] == "layers"]
    ranks = {}
    for height, layer in enumerate(reversed(contract["layers"])):
        for app in re.split(r"[|:]", layer):
            ranks[app.strip()] = height
    return ranks


def may_use(app: str, other: str, ranks: dict[str, int]) -> bool:
    return app == other or ranks[app] > ranks[other]


def _template_owners(package: Path) -> dict[str, str]:
    """Template name -> the app whose templates/ directory holds it."""
    owners = {}
    for path in package.glob("*/templates/**/*.html"):
        app = path.relative_to(package).parts[0]
        owners[path.relative_to(package / app / "templates").as_posix()] = app
    return owners


def _url_namespaces(package: Path) -> dict[str, str]:
    """URL namespace (`app_name` of a urls module) -> the app that declares it."""
    namespaces = {}
    for path in package.glob("*/**/*.py"):
        app = path.relative_to(package).parts[0]
        if app == "tests" or "tests" in path.parts:
            continue
        for name in APP_NAME.findall(path.read_text()):
            namespaces[name] = app
    return namespaces


def template_references(package: Path) -> list[Reference]:
    """Every literal reference of one app's template to another app's template or URL."""
    owners = _template_owners(package)
    namespaces = _url_namespaces(package)
    found = []
    for path in sorted(package.glob("*/templates/**/*.html")):
        app = path.relative_to(package).parts[0]
        for kind, target in TEMPLATE_TAG.findall(path.read_text()):
            if kind == "url":
                other = namespaces.get(target.split(":")[0]) if ":" in target else None
            else:
                other = owners.get(target)
            if other is not None and other != app:
                found.append(Reference(path.relative_to(package).as_posix(), kind, target, other))
    return found


def template_violations(package: Path, ranks: dict[str, int]) -> list[Reference]:
    return [
        ref
        for ref in template_references(package)
        if not may_use(ref.template.split("/")[0], ref.app, ranks)
    ]
