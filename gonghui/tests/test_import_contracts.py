"""The import contracts of pyproject.toml hold today, and a new forbidden edge breaks them.

A forbidden edge is written into a temporary copy of the package (never into the tree) and
`lint-imports` is run on the copy with the repository's own configuration.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gonghui.tests.boundaries import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def package_copy(tmp_path):
    """The Python modules of gonghui/ and pyproject.toml, copied under tmp_path."""
    for source in (REPO / "gonghui").rglob("*.py"):
        target = tmp_path / source.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    shutil.copyfile(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold_on_the_tree():
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_copy_alone_keeps_the_contracts(package_copy):
    # The cases below break the contracts by their one added line, nothing else.
    result = _lint_imports(package_copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        # A lazy import inside a function counts as much as one at the top.
        (
            "hotline/probe.py",
            "def f():\n    from gonghui.sites import models\n\n    return models\n",
            "gonghui.hotline is not allowed to import gonghui.sites",
        ),
        (
            "assistance/probe.py",
            "from gonghui.hotline.models import Case\n",
            "gonghui.assistance is not allowed to import gonghui.hotline",
        ),
        (
            "core/probe.py",
            "def f():\n    import gonghui.members.models\n",
            "gonghui.core is not allowed to import gonghui.members",
        ),
        (
            "orgs/probe.py",
            "from gonghui.members import selectors\n",
            "gonghui.orgs is not allowed to import gonghui.members",
        ),
        (
            "sites/probe.py",
            "from gonghui.portal import selectors\n",
            "gonghui.sites is not allowed to import gonghui.portal",
        ),
        (
            "members/probe.py",
            "from gonghui.stats import selectors\n",
            "gonghui.members is not allowed to import gonghui.stats",
        ),
        # Port "statistics providers": no domain reaches up to stats, stats reads no domain's
        # tables, and the port below the domains knows the tree by app label only.
        (
            "assistance/selectors/probe.py",
            "from gonghui.stats import dashboard\n",
            "gonghui.assistance is not allowed to import gonghui.stats",
        ),
        (
            "stats/probe.py",
            "def f():\n    from gonghui.members.models import Member\n\n    return Member\n",
            "gonghui.stats is not allowed to import gonghui.members.models",
        ),
        (
            "metrics/probe.py",
            "from gonghui.orgs.models import Org\n",
            "gonghui.metrics is not allowed to import gonghui.orgs",
        ),
        # An app nobody placed in a layer.
        ("bargaining/__init__.py", "", "not listed as layers:\n\n- gonghui.bargaining"),
    ],
)
def test_a_new_forbidden_edge_breaks_the_contracts(package_copy, module, source, expected):
    path = package_copy / "gonghui" / module
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)

    result = _lint_imports(package_copy)

    assert result.returncode != 0
    assert expected in result.stdout + result.stderr
