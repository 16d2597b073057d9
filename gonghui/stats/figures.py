"""What one record (a member, a case, a site, an org) contributes to its own org's rows.

The metric keys are listed in `gonghui.stats.services`. `Figures` maps (metric, period) to an
amount; a record's figures go to its own org, and `gonghui.stats.deltas` carries them up the chain.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from gonghui.hotline.codes import OPEN_STATUSES, CaseStatus
from gonghui.hotline.models import Case
from gonghui.members.codes import HOLDING_STATUSES, NEW_FORMS
from gonghui.members.models import Member
from gonghui.orgs.models import Org
from gonghui.stats.flows import month_key

STEPLEN = Org.steplen
CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.EVALUATED)
# The first part of the member metric keys.
MEMBER_METRICS = {"members", "category", "gender", "birth_year", "new_forms", "flow"}

# (metric, period) → amount
Figures = Counter


# --- What one record contributes to its own org's rows ------------------------------------


@dataclass(frozen=True)
class MemberState:
    """The fields of a member the roll-ups depend on, taken before a write."""

    org_id: int
    status: str
    category: str
    gender: str
    birth_year: int | None


def member_state(member: Member) -> MemberState:
    return MemberState(
        org_id=member.org_id,
        status=member.status,
        category=member.category,
        gender=member.gender,
        birth_year=member.birth_date.year if member.birth_date else None,
    )


def _member_figures(state: MemberState) -> Figures:
    if state.status not in HOLDING_STATUSES:
        return Figures()
    year = str(state.birth_year) if state.birth_year else "unknown"
    figures = Figures(
        {
            ("members", ""): 1,
            (f"members.{state.status}", ""): 1,
            (f"category.{state.category}", ""): 1,
            (f"gender.{state.gender}", ""): 1,
            (f"birth_year.{year}", ""): 1,
        }
    )
    if state.category in NEW_FORMS:
        figures["new_forms", ""] = 1
    return figures


@dataclass(frozen=True)
class CaseState:
    holder_id: int
    status: str
    received_month: str


def case_state(case: Case) -> CaseState:
    return CaseState(
        holder_id=case.holder_id,
        status=case.status,
        received_month=month_key(timezone.localtime(case.received_at)),
    )


def stored_case_state(case_id: int) -> CaseState:
    holder_id, status, received_at = (
        Case.objects.filter(pk=case_id).values_list("holder_id", "status", "received_at").get()
    )
    return CaseState(holder_id, status, month_key(timezone.localtime(received_at)))


def _case_figures(state: CaseState) -> Figures:
    figures = Figures({("cases.received", state.received_month): 1})
    if state.status in OPEN_STATUSES:
        figures["cases.open", ""] = 1
    elif state.status in CLOSED_STATUSES:
        figures["cases.closed", ""] = 1
    return figures


def _site_figures(site_type: str) -> Figures:
    return Figures({("sites", ""): 1, (f"sites.{site_type}", ""): 1})


def _org_figures(org_type: str) -> Figures:
    return Figures({("orgs", ""): 1, (f"orgs.{org_type}", ""): 1})


# --- Figures arithmetic and org paths, shared by the deltas and the recounts ---------------


def _chain_paths(path: str) -> list[str]:
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def _diff(before: Figures, after: Figures) -> Figures:
    delta = Figures(after)
    delta.subtract(before)
    return delta
