"""Key versions (README "Key rotation"): a version on every ciphertext and hash, older versions
readable and looked up while listed, a key file read once, and the system checks."""

import os

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from gonghui.core import crypto
from gonghui.core.checks import pii_keys

KEY_1 = "00112233445566778899aabbccddeeff" * 2  # settings/test.py's GONGHUI_PII_KEY
KEY_2 = "0f1e2d3c4b5a69788796a5b4c3d2e1f0" * 2
ID = "620102195503070016"


def rotated(**extra):
    """Version 2 current, version 1 still readable."""
    return override_settings(PII_KEY=KEY_2, PII_KEY_VERSION=2, PII_KEYS=f"1:{KEY_1}", **extra)


def only_v2():
    return override_settings(PII_KEY=KEY_2, PII_KEY_VERSION=2, PII_KEYS="")


def test_todays_single_key_is_version_1():
    assert crypto.current_version() == 1
    assert crypto.readable_versions() == (1,)
    assert crypto.encrypt(ID)[:1] == b"\x01"
    v1 = crypto.lookup_hash(ID)
    assert len(v1) == 64 and int(v1, 16) >= 0  # unchanged: existing rows keep matching
    assert crypto.hash_version(v1) == 1
    assert crypto.lookup_hashes(ID) == [v1]
    assert crypto.lock_hash(ID) == v1


def test_rotation_writes_version_2_and_reads_both():
    old_blob, old_hash = crypto.encrypt(ID), crypto.lookup_hash(ID)
    with rotated():
        blob, new_hash = crypto.encrypt(ID), crypto.lookup_hash(ID)
        assert blob[:1] == b"\x02"
        assert crypto.decrypt(blob) == ID
        assert crypto.decrypt(old_blob) == ID  # version 1 still readable
        assert len(new_hash) == 64 and new_hash.endswith("$2")
        assert crypto.hash_version(new_hash) == 2
        assert new_hash != old_hash
        # The look-up asks for both, the current first; the lock name stays the oldest's.
        assert crypto.lookup_hashes(ID) == [new_hash, old_hash]
        assert crypto.lock_hash(ID) == old_hash
    with only_v2():
        assert crypto.decrypt(blob) == ID
        assert crypto.lookup_hashes(ID) == [new_hash]
        with pytest.raises(ValueError, match="unknown ciphertext version"):
            crypto.decrypt(old_blob)  # the old key removed: its ciphertext is unreadable


def test_a_hash_of_version_12_keeps_64_characters():
    with override_settings(PII_KEY=KEY_2, PII_KEY_VERSION=12, PII_KEYS=f"1:{KEY_1}"):
        value = crypto.lookup_hash(ID)
        assert len(value) == 64 and value.endswith("$12")
        assert crypto.hash_version(value) == 12
        assert crypto.ciphertext_version(crypto.encrypt(ID)) == 12


def test_the_ring_from_a_file_is_read_once(tmp_path):
    path = tmp_path / "pii.keys"
    path.write_text(f"# gonghui data keys\n2:{KEY_2}\n\n1:{KEY_1}\n")
    old_blob = crypto.encrypt(ID)
    with override_settings(PII_KEY="", PII_KEY_VERSION=2, PII_KEY_FILE=str(path)):
        blob = crypto.encrypt(ID)
        path.unlink()  # read once per process: the file may go (or lose its permissions)
        assert blob[:1] == b"\x02"
        assert crypto.decrypt(old_blob) == ID
        assert crypto.decrypt(blob) == ID


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"PII_KEY": "", "PII_KEYS": f"1:{KEY_1}"}, "no key for the current PII key version 2"),
        ({"PII_KEYS": f"2:{KEY_1}"}, "version 2 differs"),
        ({"PII_KEYS": f"1:{KEY_1},1:{KEY_2}"}, "given twice"),
        ({"PII_KEYS": "one:00"}, "each entry is version:hex"),
        ({"PII_KEYS": "1:abcd"}, "version 1 must be 64 hex"),
        ({"PII_KEY_VERSION": 256}, "from 1 to 255"),
    ],
)
def test_a_wrong_ring_is_refused_without_showing_a_key(changes, message):
    settings = {"PII_KEY": KEY_2, "PII_KEY_VERSION": 2, "PII_KEYS": ""} | changes
    with override_settings(**settings), pytest.raises(ValueError, match=message) as caught:
        crypto.encrypt(ID)
    assert KEY_1 not in str(caught.value) and KEY_2 not in str(caught.value)
    with override_settings(**settings):
        errors = [e for e in pii_keys() if e.id == "core.E001"]
        assert errors and KEY_1 not in errors[0].msg and KEY_2 not in errors[0].msg


def test_the_checks_want_a_private_key_file_outside_the_data_directory(tmp_path):
    outside = tmp_path / "etc" / "pii.keys"
    outside.parent.mkdir()
    outside.write_text(f"1:{KEY_1}\n")
    os.chmod(outside, 0o400)
    with override_settings(PII_KEY="", PII_KEY_FILE=str(outside), VAR_DIR=tmp_path / "var"):
        assert pii_keys() == []
        assert not [m for m in run_checks() if m.id.startswith("core.")]
    os.chmod(outside, 0o644)
    with override_settings(PII_KEY="", PII_KEY_FILE=str(outside), VAR_DIR=tmp_path / "var"):
        assert [m.id for m in pii_keys()] == ["core.W001"]
    inside = tmp_path / "var" / "pii.keys"
    inside.parent.mkdir()
    inside.write_text(f"1:{KEY_1}\n")
    os.chmod(inside, 0o400)
    with override_settings(PII_KEY="", PII_KEY_FILE=str(inside), VAR_DIR=tmp_path / "var"):
        assert [m.id for m in pii_keys()] == ["core.W002"]


def test_a_stored_hash_is_compared_under_every_version_only_during_a_rotation():
    blob, stored = crypto.encrypt(ID), crypto.lookup_hash(ID)
    assert crypto.stored_hashes(stored, blob) == [stored]  # one key: no decryption
    assert crypto.stored_hashes("", None) == [""]
    with rotated():
        assert crypto.stored_hashes(stored, blob) == crypto.lookup_hashes(ID)
        assert stored in crypto.stored_hashes(stored, blob)


def test_production_takes_the_keys_from_a_file_outside_the_data_directory(tmp_path):
    from gonghui.tests.test_production_settings import production_env, run

    keys = tmp_path / "etc" / "pii.keys"
    keys.parent.mkdir()
    keys.write_text(f"1:{KEY_1}\n2:{KEY_2}\n")
    keys.chmod(0o400)
    env = production_env(
        tmp_path / "var", GONGHUI_PII_KEY_FILE=str(keys), GONGHUI_PII_KEY_VERSION="2"
    )
    del env["GONGHUI_PII_KEY"]
    (tmp_path / "var").mkdir()
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (tmp_path / "var" / "secrets.json").exists()  # no stray key generated
    # A key the ring cannot load stops the check, naming no key.
    keys.chmod(0o600)
    keys.write_text(f"1:{KEY_1}\n")
    done = run(["manage.py", "check", "--deploy"], env)
    assert done.returncode == 1 and "core.E001" in done.stderr
    assert KEY_1 not in done.stdout + done.stderr


def test_no_exact_look_up_asks_for_the_current_version_only():
    """`.filter(x_hash=crypto.lookup_hash(v))` misses rows not yet re-encrypted during a
    rotation: look-ups ask `x_hash__in=crypto.lookup_hashes(v)`. Writes keep `lookup_hash`."""
    import ast
    from pathlib import Path

    root = Path(crypto.__file__).resolve().parents[1]
    found = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(node, "func", None)
            name = getattr(name, "attr", None) or getattr(name, "id", None)
            if not isinstance(node, ast.Call) or name not in {"filter", "exclude", "get", "Q"}:
                continue
            for keyword in node.keywords:
                value = keyword.value
                if isinstance(value, ast.Call) and getattr(value.func, "attr", "") == "lookup_hash":
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert found == []
