"""Competitions and innovation, one module per package: contests, quiz, studios, training."""
