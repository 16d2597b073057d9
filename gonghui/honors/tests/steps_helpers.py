"""Shared bits of the optional steps' tests: files that pass (or fail) the content checks,
and a round with the optional steps switched on."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.honors.rounds.services import quota_set, round_open
from gonghui.honors.tests.conftest import later

PDF = b"%PDF-1.4\n%deeds material\n" + b"0" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name: str = "事迹材料.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name: str = "照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def open_round(actor, honor_type, tree, deadlines=None, **steps):
    """A province round of `honor_type` with 6 places for 兰州, the given optional steps."""
    rnd = round_open(
        actor=actor,
        title="2026年评选（环节）",
        year=2026,
        quotas={honor_type: 10},
        deadlines=deadlines or {"base": later(10), "county": later(20), "city": later(30)},
        **steps,
    )
    quota_set(actor=actor, round=rnd, honor_type=honor_type, org=tree.lanzhou, places=6)
    return rnd
