from gonghui.honors.models.catalogue import HonorLevel, HonorSubject, HonorType
from gonghui.honors.models.honorees import Honor, Honoree

__all__ = ["Honor", "HonorLevel", "HonorSubject", "HonorType", "Honoree"]
