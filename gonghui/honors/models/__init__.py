from gonghui.honors.models.care import (
    Allowance,
    AllowanceBatch,
    AllowanceKind,
    CareKind,
    CareRecord,
    FundSource,
)
from gonghui.honors.models.catalogue import HonorLevel, HonorSubject, HonorType
from gonghui.honors.models.honorees import Honor, Honoree

__all__ = [
    "Allowance",
    "AllowanceBatch",
    "AllowanceKind",
    "CareKind",
    "CareRecord",
    "FundSource",
    "Honor",
    "HonorLevel",
    "HonorSubject",
    "HonorType",
    "Honoree",
]
