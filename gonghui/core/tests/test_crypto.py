"""SM4-GCM at rest, HMAC-SM3 look-up hashes and masking."""

import pytest
from cryptography.exceptions import InvalidTag
from django.test import override_settings

from gonghui.core import crypto
from gonghui.core.masking import mask_id_number, mask_name, mask_phone

OTHER_KEY = "ffeeddccbbaa99887766554433221100" * 2


@pytest.fixture
def fresh_keys():
    """crypto caches the keys derived from settings.PII_KEY; drop them around a key change."""
    crypto._keys.cache_clear()
    yield
    crypto._keys.cache_clear()


@pytest.mark.parametrize("plaintext", ["620102195503070016", "13912345678", "", "张三丰·阿不都"])
def test_round_trip(plaintext):
    blob = crypto.encrypt(plaintext)
    assert isinstance(blob, bytes)
    assert crypto.decrypt(blob) == plaintext
    assert crypto.decrypt(memoryview(blob)) == plaintext


def test_layout_is_version_nonce_body_tag():
    blob = crypto.encrypt("13912345678")
    assert blob[:1] == b"\x01"
    assert len(blob) == 1 + 12 + len("13912345678") + 16
    assert b"13912345678" not in blob


def test_same_plaintext_gives_different_ciphertexts():
    blobs = {crypto.encrypt("620102195503070016") for _ in range(20)}
    assert len(blobs) == 20
    assert len({blob[1:13] for blob in blobs}) == 20  # a fresh nonce each time


@pytest.mark.parametrize("position", [0 + 1, 5, 13, -17, -1])
def test_tampered_ciphertext_fails(position):
    blob = bytearray(crypto.encrypt("620102195503070016"))
    blob[position] ^= 0x01
    with pytest.raises(InvalidTag):
        crypto.decrypt(bytes(blob))


def test_unknown_version_refused():
    blob = crypto.encrypt("x")
    with pytest.raises(ValueError):
        crypto.decrypt(b"\x02" + blob[1:])


def test_ciphertext_from_another_key_does_not_decrypt(fresh_keys):
    blob = crypto.encrypt("13912345678")
    with override_settings(PII_KEY=OTHER_KEY):
        crypto._keys.cache_clear()
        with pytest.raises(InvalidTag):
            crypto.decrypt(blob)


def test_lookup_hash_is_stable_and_keyed(fresh_keys):
    first = crypto.lookup_hash("620102195503070016")
    assert crypto.lookup_hash("620102195503070016") == first
    assert crypto.lookup_hash("620102195503070017") != first
    assert len(first) == 64 and int(first, 16) >= 0
    with override_settings(PII_KEY=OTHER_KEY):
        crypto._keys.cache_clear()
        assert crypto.lookup_hash("620102195503070016") != first
    crypto._keys.cache_clear()
    assert crypto.lookup_hash("620102195503070016") == first


@pytest.mark.parametrize("bad_key", ["00" * 16, "zz" * 32, ""])
def test_a_malformed_key_is_refused(fresh_keys, bad_key):
    with override_settings(PII_KEY=bad_key), pytest.raises(ValueError):
        crypto._keys.cache_clear()
        crypto.encrypt("x")


@pytest.mark.parametrize(
    ("func", "value", "masked"),
    [
        (mask_id_number, "620102199001011234", "620102********1234"),
        (mask_id_number, "62010219900101123X", "620102********123X"),
        (mask_id_number, "620102900101123", "620102*****1123"),
        (mask_id_number, "AB12345", "AB*****"),
        (mask_id_number, "", ""),
        (mask_phone, "13912345678", "139****5678"),
        (mask_phone, "12345", "*****"),
        (mask_phone, "", ""),
        (mask_name, "张三丰", "张**"),
        (mask_name, "", ""),
    ],
)
def test_masking(func, value, masked):
    assert func(value) == masked
