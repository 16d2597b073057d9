"""Competitions and innovation, one module per package: contests, quiz, studios, training."""

from gonghui.competitions.models.contests import (  # noqa: F401
    Competition,
    ContestClass,
    ContestDocument,
    ContestKind,
    ContestLevel,
    ContestStatus,
    Entry,
    EntryKind,
    EntryStatus,
    Prize,
    Title,
)
from gonghui.competitions.models.quiz import Attempt, AttemptAnswer, Question, Quiz  # noqa: F401
from gonghui.competitions.models.studios import (  # noqa: F401
    Studio,
    StudioBatch,
    StudioReport,
    StudioReview,
    Suggestion,
)
from gonghui.competitions.models.training import (  # noqa: F401
    Academy,
    ClassSession,
    Course,
    Enrollment,
    LessonProgress,
    TrainingClass,
)
