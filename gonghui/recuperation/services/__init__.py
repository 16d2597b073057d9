"""Every write to 疗休养: one function per use case, each audited. By use case: `catalogue`
(bases, plans, batches, the split of places) and `participants` (推荐/报名, 确认, 已出行, 取消).
Other domains (honors, worker services) call `add_participant` and read
`recuperation.selectors.participations_for`."""

from gonghui.recuperation.services.catalogue import (
    batch_create,
    batch_set_quotas,
    batch_update,
    plan_create,
    resort_create,
)
from gonghui.recuperation.services.participants import (
    add_participant,
    participant_cancel,
    participant_complete,
    participant_confirm,
)

__all__ = [
    "add_participant",
    "batch_create",
    "batch_set_quotas",
    "batch_update",
    "participant_cancel",
    "participant_complete",
    "participant_confirm",
    "plan_create",
    "resort_create",
]
