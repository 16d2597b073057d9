"""Every use case names who acts with a type: a parameter `actor` or `user` of a function in a
services or selectors module is annotated (`actor: User`, or `User | None` where the system
acts too). The source is read, not run, so a new app is covered the day it is added."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACTING = {"actor", "user"}


def _use_case_modules():
    """`services.py`, `selectors.py` and every module of a `services/` or `selectors/`
    package, outside tests and migrations."""
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if {"services", "selectors"} & {path.stem, *parts[:-1]}:
            yield path


def _untyped_actors(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        args = node.args
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
            if arg.arg in ACTING and arg.annotation is None:
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.name}({arg.arg})")
    return found


def test_the_scan_sees_the_use_cases():
    modules = {path.relative_to(ROOT).as_posix() for path in _use_case_modules()}
    assert {"members/selectors.py", "hotline/services/intake.py", "audit/services.py"} <= modules


def test_the_scan_finds_an_untyped_actor(tmp_path):
    module = tmp_path / "services.py"
    module.write_text("def thing_do(*, actor: 'User', user, x):\n    pass\n")
    assert _untyped_actors(module, root=tmp_path) == ["services.py:1 thing_do(user)"]


def test_every_actor_of_a_use_case_is_typed():
    untyped = [hit for path in _use_case_modules() for hit in _untyped_actors(path)]
    assert untyped == []
