"""The peers of the exchange and what a pair of provinces shares: one 32-byte key per pair,
whose first half seals the personal part of a message (SM4-GCM) and whose second half signs
the body (HMAC-SM3). `NATIONAL_PEERS` = "63=https://qh.example/national/exchange/|<64 hex>;…".
"""

import base64
import hmac
import json
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

from gonghui.core.crypto import hmac_sm3

SIGNATURE_HEADER = "X-Gonghui-Signature"
FROM_HEADER = "X-Gonghui-From"


class PeerError(Exception):
    """A message that cannot be trusted or read: unknown peer, bad signature, bad seal."""


@dataclass(frozen=True)
class Peer:
    code: str
    url: str
    seal_key: bytes
    sign_key: bytes


def peers() -> dict[str, Peer]:
    found = {}
    for entry in (settings.NATIONAL_PEERS or "").split(";"):
        if not entry.strip():
            continue
        code, _, rest = entry.strip().partition("=")
        url, _, key = rest.rpartition("|")
        raw = bytes.fromhex(key.strip())
        if len(raw) != 32:
            raise ValueError(f"peer {code}: the key must be 64 hex characters")
        found[code.strip()] = Peer(code.strip(), url.strip(), raw[:16], raw[16:])
    return found


def peer(code: str) -> Peer:
    found = peers().get(code)
    if found is None:
        raise PeerError(f"unknown peer {code!r}")
    return found


def seal(p: Peer, data: dict) -> str:
    nonce = os.urandom(12)
    enc = Cipher(algorithms.SM4(p.seal_key), modes.GCM(nonce)).encryptor()
    body = enc.update(json.dumps(data, ensure_ascii=False).encode()) + enc.finalize()
    return base64.b64encode(nonce + body + enc.tag).decode()


def unseal(p: Peer, sealed: str) -> dict:
    try:
        raw = base64.b64decode(sealed, validate=True)
        nonce, body, tag = raw[:12], raw[12:-16], raw[-16:]
        dec = Cipher(algorithms.SM4(p.seal_key), modes.GCM(nonce, tag)).decryptor()
        return json.loads(dec.update(body) + dec.finalize())
    except Exception:  # noqa: BLE001 — any fault is the same refusal, naming no content
        raise PeerError("the sealed part cannot be opened") from None


def sign(p: Peer, body: bytes) -> str:
    return hmac_sm3(p.sign_key, body).hex()


def verify(p: Peer, body: bytes, signature: str) -> None:
    if not hmac.compare_digest(sign(p, body), signature or ""):
        raise PeerError("bad signature")
