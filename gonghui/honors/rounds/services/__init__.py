"""Every write of honor rounds: one module per use case, re-exported here."""

from gonghui.honors.rounds.services.candidates import candidate_add
from gonghui.honors.rounds.services.catalogue import honor_type_create, honor_type_update
from gonghui.honors.rounds.services.decision import honor_revoke, round_decide
from gonghui.honors.rounds.services.materials import attachment_add, attachment_delete
from gonghui.honors.rounds.services.nominations import (
    nominate,
    nomination_resubmit,
    nomination_submit,
    nomination_withdraw,
)
from gonghui.honors.rounds.services.publicity import (
    objection_file,
    objection_resolve,
    publicity_start,
)
from gonghui.honors.rounds.services.review import (
    nomination_approve,
    nomination_reject,
    nomination_return,
)
from gonghui.honors.rounds.services.rounds import quota_set, round_open
from gonghui.honors.rounds.services.stages import (
    committee_record,
    committee_start,
    consult_start,
    opinion_override,
    opinion_record,
)
from gonghui.honors.rounds.services.vote import nomination_vote

__all__ = [
    "attachment_add",
    "attachment_delete",
    "candidate_add",
    "committee_record",
    "committee_start",
    "consult_start",
    "honor_revoke",
    "honor_type_create",
    "honor_type_update",
    "nominate",
    "nomination_approve",
    "nomination_reject",
    "nomination_resubmit",
    "nomination_return",
    "nomination_submit",
    "nomination_vote",
    "nomination_withdraw",
    "objection_file",
    "objection_resolve",
    "opinion_override",
    "opinion_record",
    "publicity_start",
    "quota_set",
    "round_decide",
    "round_open",
]
