"""The import's cryptography in batches: the same ciphertexts and hashes as `core.crypto`, at a
fraction of the cost per value.

`crypto.encrypt` builds an SM4-GCM context per value (about 15 µs, nearly all of it the Python
side of `cryptography`'s Cipher objects). Here GCM (NIST SP 800-38D, 96-bit nonce, no associated
data, 16-byte tag) is put together from its parts for a whole batch:

- the key stream: every value's counter blocks (J0, J0+1, …) go through ONE SM4-ECB context of
  `cryptography` (OpenSSL) in one call; the ciphertext is the plaintext XOR its blocks J0+1…;
- the tag: GHASH is linear, so for a ciphertext of m blocks C1…Cm the hash is
  C1·H^(m+1) ⊕ … ⊕ Cm·H^2 ⊕ L·H (L the length block, the same for every value of that length).
  Multiplying by a fixed power of H is a linear map of the 128 bits: one table of 256 entries
  per byte position turns it into one look-up per byte of the ciphertext. Tag = hash ⊕ E(J0).

The output is byte for byte what `cryptography`'s GCM gives for the same key and nonce (tests
compare them on every length), so `crypto.decrypt` reads it. HMAC-SM3 copies one keyed context
per value instead of keying a new one. Values longer than `MAX_BYTES` take `crypto.encrypt`.
"""

import os
from functools import cache, reduce
from operator import getitem, xor

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from gonghui.core import crypto

MAX_BYTES = 64  # ID numbers (18) and phones (11) are far below; longer values take the slow path
_R = 0xE1 << 120


def gf_mult(x: int, y: int) -> int:
    """Multiplication in GCM's GF(2^128) (SP 800-38D, Algorithm 1), blocks as big-endian ints."""
    z, v = 0, y
    for i in range(127, -1, -1):
        if (x >> i) & 1:
            z ^= v
        v = (v >> 1) ^ _R if v & 1 else v >> 1
    return z


class _Ghash:
    """Per key: H, its powers, and the byte tables of multiplication by each power."""

    def __init__(self, ecb_key: bytes):
        enc = Cipher(algorithms.SM4(ecb_key), modes.ECB()).encryptor()
        self.h = int.from_bytes(enc.update(bytes(16)), "big")
        self.powers = [1, self.h]  # H^0 (unused), H^1

    @cache  # noqa: B019 (one instance per key, for the life of the process)
    def table(self, k: int) -> list[list[int]]:
        """table(k)[pos][byte] = (byte at position pos of a block) · H^k."""
        while len(self.powers) <= k:
            self.powers.append(gf_mult(self.powers[-1], self.h))
        hk = self.powers[k]
        rows = []
        for pos in range(16):
            bits = [gf_mult(1 << (8 * (15 - pos) + b), hk) for b in range(8)]
            row = [0] * 256
            for byte in range(1, 256):
                low = byte & -byte
                row[byte] = row[byte ^ low] ^ bits[low.bit_length() - 1]
            rows.append(row)
        return rows

    @cache  # noqa: B019
    def length_term(self, n: int) -> int:
        """L·H for a ciphertext of n bytes and no associated data."""
        return gf_mult(n * 8, self.h)


def _context() -> tuple[int, Cipher, _Ghash, hmac.HMAC]:
    """The contexts of the current key version (README "Key rotation")."""
    ring = crypto._keys()
    return _contexts(ring.current, ring.sm4[ring.current], ring.mac[ring.current])


@cache
def _contexts(
    version: int, enc_key: bytes, hash_key: bytes
) -> tuple[int, Cipher, _Ghash, hmac.HMAC]:
    return (
        version,
        Cipher(algorithms.SM4(enc_key), modes.ECB()),
        _Ghash(enc_key),
        hmac.HMAC(hash_key, hashes.SM3()),
    )


def encrypt_many(values: list[str], *, nonces: bytes | None = None) -> list[bytes]:
    """`crypto.encrypt` of each value (a fresh random nonce each; `nonces`, 12 bytes per value,
    only for the tests that compare with `cryptography`)."""
    version, ecb, ghash, _ = _context()
    plain = [v.encode() for v in values]
    nonces = nonces if nonces is not None else os.urandom(12 * len(plain))
    counters = bytearray()
    for i, p in enumerate(plain):
        nonce = nonces[12 * i : 12 * i + 12]
        for c in range(1, (len(p) + 15) // 16 + 2 if len(p) <= MAX_BYTES else 1):
            counters += nonce + c.to_bytes(4, "big")
    stream = ecb.encryptor().update(bytes(counters))
    out, at = [], 0
    for i, p in enumerate(plain):
        n = len(p)
        if n > MAX_BYTES:
            out.append(crypto.encrypt(values[i]))
            continue
        blocks = (n + 15) // 16
        mask = int.from_bytes(stream[at : at + 16], "big")
        body = (
            int.from_bytes(p, "big") ^ int.from_bytes(stream[at + 16 : at + 16 + n], "big")
        ).to_bytes(n, "big")
        at += 16 * (blocks + 1)
        s = ghash.length_term(n)
        for b in range(blocks):
            s ^= reduce(xor, map(getitem, ghash.table(blocks + 1 - b), body[16 * b : 16 * b + 16]))
        tag = (s ^ mask).to_bytes(16, "big")
        out.append(bytes((version,)) + nonces[12 * i : 12 * i + 12] + body + tag)
    return out


def lookup_hashes(values: list[str]) -> list[str]:
    """`crypto.lookup_hash` of each value."""
    version, _, _, keyed = _context()
    out = []
    for value in values:
        mac = keyed.copy()
        mac.update(value.encode())
        out.append(crypto.versioned_hash(version, mac.finalize().hex()))
    return out
