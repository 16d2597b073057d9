"""Writes of help plans (一户一计划), aid payments, yearly caps and cap exceptions; each audited.

Rules decided here:
- Measures and aid are written only for archives in 已建档; an exited archive keeps its plan and
  payments read-only (its history).
- A measure's responsible org is an active union in the actor's subtree or on the archive's
  chain (its org or a union above it): a base union may hand a measure to its county union.
- Aid records are final: no deletion or voiding, so the roll-ups only ever add.
- The yearly cap counts every period of the household (archives linked by `previous`) in the
  calendar year of `paid_on`. The archive row is locked (`select_for_update`) while checking:
  a household has at most one archive in 已建档, so two concurrent payments for it queue there.
- A cap exception is decided by the union one level above the requesting union, or by a union
  above that; the requesting union never decides its own.

One module per use case: `plans` (measures and their notes), `records` (aid payments),
`caps` (yearly caps), `exceptions` (超限救助 requests and decisions); `common` holds the
messages and small helpers. Callers import from this package.
"""

# The cap status was importable from here before the split; callers still read it here.
from gonghui.assistance.selectors.aid import household_cap_status
from gonghui.assistance.services.aid.caps import (
    aid_cap_remove,
    aid_cap_set,
)
from gonghui.assistance.services.aid.common import (
    AMOUNT_INVALID,
    CAP_DEFAULT_TOP_ONLY,
    CAP_EXCEEDED,
    CAP_EXTRA,
    CAP_ORG_INACTIVE,
    CAP_OUT_OF_SCOPE,
    CAP_SET_MEANWHILE,
    EXCEPTION_DECIDED,
    EXCEPTION_MISMATCH,
    EXCEPTION_NOT_APPROVER,
    EXCEPTION_PENDING,
    EXCEPTION_SELF,
    EXTRA_INVALID,
    FORM_INVALID,
    FUND_SOURCE_INVALID,
    GOODS_REQUIRED,
    GOODS_TOO_LONG,
    MEASURE_CONTENT_REQUIRED,
    MEASURE_CONTENT_TOO_LONG,
    MEASURE_DROP_REASON,
    MEASURE_KIND_INVALID,
    MEASURE_STATUS_INVALID,
    MEASURE_STATUS_STEP,
    MEASURE_STEPS,
    NO_CAP,
    NO_ORG,
    NO_PARENT,
    NOT_ARCHIVED,
    NOTE_FIELD_TOO_LONG,
    NOTE_REQUIRED,
    NOTE_TOO_LONG,
    OPINION_REQUIRED,
    OUT_OF_SCOPE,
    PAID_BEFORE_ARCHIVED,
    PAID_ON_FUTURE,
    REASON_REQUIRED,
    RESPONSIBLE_ORG_INACTIVE,
    RESPONSIBLE_ORG_INVALID,
    TARGET_DATE_PAST,
    YEAR_INVALID,
)
from gonghui.assistance.services.aid.exceptions import (
    aid_exception_decide,
    aid_exception_request,
)
from gonghui.assistance.services.aid.plans import (
    measure_add,
    measure_note_add,
    measure_update_status,
)
from gonghui.assistance.services.aid.records import (
    aid_record,
)

__all__ = [
    "household_cap_status",
    "AMOUNT_INVALID",
    "CAP_DEFAULT_TOP_ONLY",
    "CAP_EXCEEDED",
    "CAP_EXTRA",
    "CAP_ORG_INACTIVE",
    "CAP_OUT_OF_SCOPE",
    "CAP_SET_MEANWHILE",
    "EXCEPTION_DECIDED",
    "EXCEPTION_MISMATCH",
    "EXCEPTION_NOT_APPROVER",
    "EXCEPTION_PENDING",
    "EXCEPTION_SELF",
    "EXTRA_INVALID",
    "FORM_INVALID",
    "FUND_SOURCE_INVALID",
    "GOODS_REQUIRED",
    "GOODS_TOO_LONG",
    "MEASURE_CONTENT_REQUIRED",
    "MEASURE_CONTENT_TOO_LONG",
    "MEASURE_DROP_REASON",
    "MEASURE_KIND_INVALID",
    "MEASURE_STATUS_INVALID",
    "MEASURE_STATUS_STEP",
    "MEASURE_STEPS",
    "NOTE_FIELD_TOO_LONG",
    "NOTE_REQUIRED",
    "NOTE_TOO_LONG",
    "NOT_ARCHIVED",
    "NO_CAP",
    "NO_ORG",
    "NO_PARENT",
    "OPINION_REQUIRED",
    "OUT_OF_SCOPE",
    "PAID_BEFORE_ARCHIVED",
    "PAID_ON_FUTURE",
    "REASON_REQUIRED",
    "RESPONSIBLE_ORG_INACTIVE",
    "RESPONSIBLE_ORG_INVALID",
    "TARGET_DATE_PAST",
    "YEAR_INVALID",
    "aid_cap_remove",
    "aid_cap_set",
    "aid_exception_decide",
    "aid_exception_request",
    "aid_record",
    "measure_add",
    "measure_note_add",
    "measure_update_status",
]
