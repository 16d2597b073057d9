"""Every write to the member registry: one function per use case, each audited.

By use case: `records` (入会, edits, 保留会籍, 退会, 除名), `transfers` (转会), `merges` (the
members of a merged union). Callers import from `gonghui.members.services`.
"""

from gonghui.members.services.common import (
    DATE_IN_FUTURE,
    ORG_INACTIVE,
    ORG_NOT_HOLDING,
    OUT_OF_SCOPE,
    REASON_REQUIRED,
    TRANSFER_PENDING,
    WRONG_STATUS,
)
from gonghui.members.services.merges import members_move_for_merge
from gonghui.members.services.records import (
    CATEGORY_INVALID,
    CHANGE_BEFORE_LAST,
    DUPLICATE_MEMBER,
    JOINED_BEFORE_BIRTH,
    NAME_REQUIRED,
    NAME_TOO_LONG,
    PII_FORBIDDEN,
    member_create,
    member_expel,
    member_leave,
    member_retain,
    member_unmask,
    member_update,
)
from gonghui.members.services.skills import (
    TECH_LEVEL_INVALID,
    TECH_LEVEL_NOT_HIGHER,
    member_promote_tech_level,
)
from gonghui.members.services.transfers import (
    TRANSFER_NOT_INITIATOR,
    TRANSFER_NOT_PENDING,
    TRANSFER_OWN_REQUEST,
    TRANSFER_SAME_ORG,
    TRANSFER_WRONG_SIDE,
    deciding_org,
    member_transfer_out_of_province,
    transfer_approve,
    transfer_cancel,
    transfer_reject,
    transfer_request,
)

__all__ = [
    "CATEGORY_INVALID",
    "CHANGE_BEFORE_LAST",
    "DATE_IN_FUTURE",
    "DUPLICATE_MEMBER",
    "JOINED_BEFORE_BIRTH",
    "NAME_REQUIRED",
    "NAME_TOO_LONG",
    "ORG_INACTIVE",
    "ORG_NOT_HOLDING",
    "OUT_OF_SCOPE",
    "PII_FORBIDDEN",
    "REASON_REQUIRED",
    "TECH_LEVEL_INVALID",
    "TECH_LEVEL_NOT_HIGHER",
    "TRANSFER_NOT_INITIATOR",
    "TRANSFER_NOT_PENDING",
    "TRANSFER_OWN_REQUEST",
    "TRANSFER_PENDING",
    "TRANSFER_SAME_ORG",
    "TRANSFER_WRONG_SIDE",
    "WRONG_STATUS",
    "deciding_org",
    "member_create",
    "member_expel",
    "member_leave",
    "member_promote_tech_level",
    "member_retain",
    "member_transfer_out_of_province",
    "member_unmask",
    "member_update",
    "members_move_for_merge",
    "transfer_approve",
    "transfer_cancel",
    "transfer_reject",
    "transfer_request",
]
