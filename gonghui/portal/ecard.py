"""The electronic member card's QR token, and QR images in general.

The card's QR code carries the URL of the staff verification page with a signed, time-stamped
token (member pk + card number). Nothing personal is in the token: whoever scans it learns only
what the verification page shows, and only if logged in as staff. The token expires after
`TOKEN_MAX_AGE` seconds, so a screenshot of a card stops working soon; the card page fetches a
fresh one before that.
"""

import io
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "portal.ecard"
TOKEN_MAX_AGE = 300
# The card page asks for a new token this long before the old one runs out.
REFRESH_AFTER = 240


class TokenState:
    VALID = "valid"
    EXPIRED = "expired"
    TAMPERED = "tampered"


@dataclass
class TokenCheck:
    state: str
    member_id: int | None = None
    card_number: str = ""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def card_token(member) -> str:
    return _signer().sign_object({"m": member.pk, "c": member.card_number})


def read_card_token(token: str) -> TokenCheck:
    """Expired and tampered are told apart: a staff member may tell the worker to refresh."""
    signer = _signer()
    try:
        data = signer.unsign_object(token, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        return TokenCheck(TokenState.EXPIRED)
    except (signing.BadSignature, ValueError, TypeError):
        return TokenCheck(TokenState.TAMPERED)
    if not isinstance(data, dict) or not isinstance(data.get("m"), int):
        return TokenCheck(TokenState.TAMPERED)
    return TokenCheck(TokenState.VALID, member_id=data["m"], card_number=str(data.get("c") or ""))


def absolute_url(request, path: str) -> str:
    """`GONGHUI_PORTAL_BASE_URL` (the public address behind a proxy) if set, else the request's."""
    base = settings.GONGHUI_PORTAL_BASE_URL
    if base:
        return base.rstrip("/") + path
    return request.build_absolute_uri(path)


def verify_url(request, member) -> str:
    path = reverse("portal_admin:verify") + "?t=" + card_token(member)
    return absolute_url(request, path)


def join_url(request, org) -> str:
    return absolute_url(request, reverse("portal:join_org", args=[org.pk]))


def qr_svg(content: str, *, scale: int = 4, title: str = "", inline: bool = False) -> str:
    """An SVG without XML declaration, `scale` pixels per module. `inline` leaves out width and
    height (a viewBox instead), so the page's CSS sizes it without cropping."""
    out = io.BytesIO()
    segno.make(content, error="m").save(
        out,
        kind="svg",
        scale=scale,
        xmldecl=False,
        svgns=True,
        title=title or None,
        border=2,
        omitsize=inline,
    )
    return out.getvalue().decode()


def qr_png(content: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(content, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
