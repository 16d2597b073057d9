from gonghui.honors.care.services.allowances import (
    BatchPlan,
    allowance_batch_generate,
    allowance_batch_plan,
    allowance_create,
    allowance_export_xlsx,
)
from gonghui.honors.care.services.cares import care_record_add
from gonghui.honors.care.services.honorees import (
    can_unmask,
    honoree_find_or_create,
    honoree_record_death,
    honoree_set_hardship,
    honoree_unmask,
    honoree_update_contact,
    link_member,
)
from gonghui.honors.care.services.recuperation import (
    honoree_participations,
    honoree_recommend_recuperation,
    open_batches,
)

__all__ = [
    "BatchPlan",
    "allowance_batch_generate",
    "allowance_batch_plan",
    "allowance_create",
    "allowance_export_xlsx",
    "can_unmask",
    "care_record_add",
    "honoree_find_or_create",
    "honoree_participations",
    "honoree_recommend_recuperation",
    "honoree_record_death",
    "honoree_set_hardship",
    "honoree_unmask",
    "honoree_update_contact",
    "link_member",
    "open_batches",
]
