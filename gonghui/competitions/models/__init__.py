"""Competitions and innovation, one module per package: contests, quiz, studios, training."""

from gonghui.competitions.models.studios import (  # noqa: F401
    Studio,
    StudioBatch,
    StudioReport,
    StudioReview,
    Suggestion,
)
