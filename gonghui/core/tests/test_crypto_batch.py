"""The import's batch cryptography gives exactly what `core.crypto` gives, value for value."""

import os

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.test import override_settings

from gonghui.core import crypto, crypto_batch


def reference(plaintext: str, nonce: bytes) -> bytes:
    """`crypto.encrypt` with a chosen nonce: `cryptography`'s own SM4-GCM."""
    ring = crypto._keys()
    enc = Cipher(algorithms.SM4(ring.sm4[ring.current]), modes.GCM(nonce)).encryptor()
    body = enc.update(plaintext.encode()) + enc.finalize()
    return b"\x01" + nonce + body + enc.tag


def test_gf_mult_is_gcm_multiplication():
    # In GCM's bit order the block 0x80…0 is the field's 1, and x·(x^127) folds by R.
    one = 1 << 127
    h = int.from_bytes(os.urandom(16), "big")
    assert crypto_batch.gf_mult(one, h) == h
    assert crypto_batch.gf_mult(h, one) == h
    assert crypto_batch.gf_mult(0, h) == 0
    assert crypto_batch.gf_mult(1 << 126, 1) == 0xE1 << 120


def test_ciphertexts_are_byte_for_byte_those_of_cryptography_at_every_length():
    values = ["".join(chr(0x30 + (n * 7 + i) % 40) for i in range(n)) for n in range(0, 70)]
    values += ["620102195503070016", "13912345678", "张三丰·阿不都", "x" * 100]
    nonces = os.urandom(12 * len(values))
    got = crypto_batch.encrypt_many(values, nonces=nonces)
    for i, value in enumerate(values):
        assert crypto.decrypt(got[i]) == value
        if len(value.encode()) <= crypto_batch.MAX_BYTES:
            assert got[i] == reference(value, nonces[12 * i : 12 * i + 12]), value


def test_fresh_nonce_for_every_value_and_a_tampered_tag_is_refused():
    blobs = crypto_batch.encrypt_many(["13912345678"] * 50)
    assert len({blob[1:13] for blob in blobs}) == 50
    assert all(crypto.decrypt(blob) == "13912345678" for blob in blobs)
    bad = bytearray(blobs[0])
    bad[-1] ^= 1
    with pytest.raises(InvalidTag):
        crypto.decrypt(bytes(bad))


def test_lookup_hashes_are_lookup_hash():
    values = ["620102195503070016", "13912345678", "", "张三"]
    assert crypto_batch.lookup_hashes(values) == [crypto.lookup_hash(v) for v in values]
    assert crypto_batch.encrypt_many([]) == []


def test_during_a_rotation_the_batch_writes_under_the_current_version():
    old = crypto._keys().sm4[1].hex() + crypto._keys().mac[1].hex()
    with override_settings(PII_KEY="ab" * 32, PII_KEY_VERSION=2, PII_KEYS=f"1:{old}"):
        values = ["620102199001011234", "13800138000"]
        sealed = crypto_batch.encrypt_many(values)
        assert [blob[0] for blob in sealed] == [2, 2]
        assert [crypto.decrypt(blob) for blob in sealed] == values
        assert crypto_batch.lookup_hashes(values) == [crypto.lookup_hash(v) for v in values]
        assert all(h.endswith("$2") for h in crypto_batch.lookup_hashes(values))
    # Back on version 1 alone: the contexts of version 2 are not used any more.
    assert crypto_batch.encrypt_many(["x"])[0][0] == 1
    assert crypto_batch.lookup_hashes(["x"]) == [crypto.lookup_hash("x")]
