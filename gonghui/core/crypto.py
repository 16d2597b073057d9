"""Protection of personal data at rest: SM4-GCM encryption and HMAC-SM3 look-up hashes.

A ciphertext is: key version (1 byte) | 12-byte nonce | ciphertext | 16-byte tag. The keyed hash
lets us find a member by exact ID number or phone without decrypting the table, and without the
hash being reversible by anyone lacking the key.

Keys are versioned (README "Key rotation"). `GONGHUI_PII_KEY` is the key of version
`GONGHUI_PII_KEY_VERSION` (1 unless said), which encrypts and hashes everything new; older
versions stay readable while listed in `GONGHUI_PII_KEYS` or `GONGHUI_PII_KEY_FILE`. A hash of
version 1 is 64 hex characters, as it always was; a hash of version N ≥ 2 is the first 64 - len("$N")
hex characters followed by "$N" — still 64 characters, so no column changes, and its version is
read from the value. An exact look-up during a rotation asks for every readable version's hash
(`lookup_hashes`); `manage.py reencrypt_pii` then brings every row to the current version.
"""

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_KEY_SETTINGS = {"PII_KEY", "PII_KEY_VERSION", "PII_KEYS", "PII_KEY_FILE"}


@dataclass(frozen=True)
class _Ring:
    current: int
    sm4: dict[int, bytes]
    mac: dict[int, bytes]
    # Readable versions, the current first (look-ups ask for these hashes, in this order).
    order: tuple[int, ...]


def _parse_entries(text: str, source: str, sep: str) -> dict[int, str]:
    entries: dict[int, str] = {}
    for raw in text.split(sep):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        version, colon, key = line.partition(":")
        if not colon or not version.strip().isdigit():
            raise ValueError(f"{source}: each entry is version:hex")
        number = int(version)
        if number in entries and entries[number] != key.strip():
            raise ValueError(f"{source}: version {number} is given twice")
        entries[number] = key.strip()
    return entries


def _key_material(hex_key: str, version: int) -> tuple[bytes, bytes]:
    try:
        raw = bytes.fromhex(hex_key)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ValueError(f"PII key version {version} must be 64 hex characters (32 bytes)")
    return raw[:16], raw[16:]


@cache
def _keys() -> _Ring:
    current = int(getattr(settings, "PII_KEY_VERSION", 1) or 1)
    entries = _parse_entries(getattr(settings, "PII_KEYS", "") or "", "GONGHUI_PII_KEYS", ",")
    path = getattr(settings, "PII_KEY_FILE", "") or ""
    if path:
        # Read once per process (this function is cached): the file may then be made unreadable.
        for number, key in _parse_entries(
            Path(path).read_text(), "GONGHUI_PII_KEY_FILE", "\n"
        ).items():
            if entries.setdefault(number, key) != key:
                raise ValueError(f"PII key version {number} differs between its sources")
    # GONGHUI_PII_KEY is the current version's key ("" with a key file that holds it).
    given = settings.PII_KEY
    if (given or not entries) and entries.setdefault(current, given) != given:
        raise ValueError(f"PII key version {current} differs between its sources")
    if current not in entries:
        raise ValueError(f"no key for the current PII key version {current}")
    if not all(1 <= number <= 255 for number in entries):
        raise ValueError("PII key versions run from 1 to 255")
    material = {number: _key_material(key, number) for number, key in entries.items()}
    others = sorted((n for n in entries if n != current), reverse=True)
    return _Ring(
        current=current,
        sm4={n: m[0] for n, m in material.items()},
        mac={n: m[1] for n, m in material.items()},
        order=(current, *others),
    )


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs) -> None:
    if setting in _KEY_SETTINGS:
        _keys.cache_clear()


def current_version() -> int:
    return _keys().current


def readable_versions() -> tuple[int, ...]:
    """The key versions this process can read, the current first."""
    return _keys().order


def encrypt(plaintext: str) -> bytes:
    ring = _keys()
    nonce = os.urandom(12)
    enc = Cipher(algorithms.SM4(ring.sm4[ring.current]), modes.GCM(nonce)).encryptor()
    body = enc.update(plaintext.encode()) + enc.finalize()
    return bytes((ring.current,)) + nonce + body + enc.tag


def ciphertext_version(blob: bytes | memoryview) -> int:
    return bytes(blob[:1])[0]


def decrypt(blob: bytes | memoryview) -> str:
    blob = bytes(blob)
    key = _keys().sm4.get(blob[0]) if blob else None
    if key is None:
        raise ValueError("unknown ciphertext version")
    nonce, body, tag = blob[1:13], blob[13:-16], blob[-16:]
    dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    return (dec.update(body) + dec.finalize()).decode()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def versioned_hash(version: int, digest: str) -> str:
    """The stored form of a hex digest made with the key of `version`."""
    if version == 1:
        return digest
    tag = f"${version}"
    return digest[: 64 - len(tag)] + tag


def _hash(version: int, key: bytes, value: str) -> str:
    return versioned_hash(version, hmac_sm3(key, value.encode()).hex())


def lookup_hash(value: str) -> str:
    """The hash stored with a new value: under the current key version."""
    ring = _keys()
    return _hash(ring.current, ring.mac[ring.current], value)


def lookup_hashes(value: str) -> list[str]:
    """Every readable version's hash of `value`, the current first: what an exact look-up asks
    for (`hash__in=`), so that rows not yet re-encrypted are found during a rotation. One hash,
    as cheap as `lookup_hash`, when a single key is configured."""
    ring = _keys()
    return [_hash(n, ring.mac[n], value) for n in ring.order]


def lock_hash(value: str) -> str:
    """A hash every process of a rotation agrees on (the oldest readable version): the name of a
    lock taken before checking that a person is not registered twice."""
    ring = _keys()
    oldest = min(ring.order)
    return _hash(oldest, ring.mac[oldest], value)


def stored_hashes(stored: str, blob: bytes | memoryview | None) -> list[str]:
    """What to compare a stored hash with other rows' hashes by: itself with a single key;
    during a rotation, the hashes of its value (`blob`, the same value's ciphertext) under every
    readable version, since the other rows may not be re-encrypted yet."""
    if not stored or not blob or len(_keys().order) == 1:
        return [stored]
    return lookup_hashes(decrypt(blob))


def hash_version(value: str) -> int:
    """The key version of a stored hash ("" has none: 0)."""
    if not value:
        return 0
    _, dollar, version = value.rpartition("$")
    return int(version) if dollar else 1
