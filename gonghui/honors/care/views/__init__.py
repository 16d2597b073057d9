from gonghui.honors.care.views.allowances import (
    allowance_export_view,
    allowance_list_view,
    batch_view,
)
from gonghui.honors.care.views.honorees import (
    honoree_allowance,
    honoree_care,
    honoree_contact,
    honoree_death,
    honoree_detail,
    honoree_hardship,
    honoree_import_template,
    honoree_import_view,
    honoree_list_view,
    honoree_recuperation,
    honoree_revoke,
    honoree_unmask_view,
)

__all__ = [
    "allowance_export_view",
    "allowance_list_view",
    "batch_view",
    "honoree_allowance",
    "honoree_care",
    "honoree_contact",
    "honoree_death",
    "honoree_detail",
    "honoree_hardship",
    "honoree_import_template",
    "honoree_import_view",
    "honoree_list_view",
    "honoree_recuperation",
    "honoree_revoke",
    "honoree_unmask_view",
]
