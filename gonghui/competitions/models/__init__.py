"""Competitions and innovation, one module per package: contests, quiz, studios, training."""

from gonghui.competitions.models.studios import Studio, StudioBatch, StudioReport, StudioReview  # noqa: F401
