"""A product module that grows past ~400 lines becomes a package split by use case
(STYLE.md). Checked for every app, so a new one is covered the day it is added."""

from pathlib import Path

import pytest

import gonghui

MAX_LINES = 400
ROOT = Path(gonghui.__file__).parent
APPS = sorted(
    path.name for path in ROOT.iterdir() if (path / "__init__.py").exists() and path.name != "tests"
)


def _product_modules(app: str) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / app).rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(ROOT / app).parts)
    ]


@pytest.mark.parametrize("app", APPS)
def test_no_product_module_is_over_400_lines(app):
    modules = _product_modules(app)
    assert modules, f"no modules found under gonghui/{app}"
    too_long = {
        str(path.relative_to(ROOT)): n
        for path in modules
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
