"""Competitions and innovation, one module per package: contests, quiz, studios, training."""

from gonghui.competitions.models.quiz import Attempt, AttemptAnswer, Question, Quiz  # noqa: F401
