from gonghui.honors.models.catalogue import HonorLevel, HonorSubject, HonorType
from gonghui.honors.models.honorees import Honor, Honoree
from gonghui.honors.models.rounds import (
    Candidate,
    Deadline,
    Nomination,
    NominationStatus,
    Objection,
    ObjectionStatus,
    Quota,
    ReviewAction,
    ReviewStep,
    Round,
    RoundStatus,
    Step,
)

__all__ = [
    "Candidate",
    "Deadline",
    "Honor",
    "HonorLevel",
    "HonorSubject",
    "HonorType",
    "Honoree",
    "Nomination",
    "NominationStatus",
    "Objection",
    "ObjectionStatus",
    "Quota",
    "ReviewAction",
    "ReviewStep",
    "Round",
    "RoundStatus",
    "Step",
]
