"""Protection of personal data at rest: SM4-GCM encryption and HMAC-SM3 look-up hashes.

A ciphertext is: version byte (1) | 12-byte nonce | ciphertext | 16-byte tag. The version byte
leaves room for key rotation. The keyed hash lets us find a member by exact ID number or phone
without decrypting the table, and without the hash being reversible by anyone lacking the key.
"""

import os
from functools import cache

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

_VERSION = b"\x01"


@cache
def _keys() -> tuple[bytes, bytes]:
    raw = bytes.fromhex(settings.PII_KEY)
    if len(raw) != 32:
        raise ValueError("GONGHUI_PII_KEY must be 64 hex characters (32 bytes)")
    return raw[:16], raw[16:]


def encrypt(plaintext: str) -> bytes:
    nonce = os.urandom(12)
    enc = Cipher(algorithms.SM4(_keys()[0]), modes.GCM(nonce)).encryptor()
    body = enc.update(plaintext.encode()) + enc.finalize()
    return _VERSION + nonce + body + enc.tag


def decrypt(blob: bytes | memoryview) -> str:
    blob = bytes(blob)
    if blob[:1] != _VERSION:
        raise ValueError("unknown ciphertext version")
    nonce, body, tag = blob[1:13], blob[13:-16], blob[-16:]
    dec = Cipher(algorithms.SM4(_keys()[0]), modes.GCM(nonce, tag)).decryptor()
    return (dec.update(body) + dec.finalize()).decode()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def lookup_hash(value: str) -> str:
    return hmac_sm3(_keys()[1], value.encode()).hex()
