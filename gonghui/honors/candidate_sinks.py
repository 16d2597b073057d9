"""The honors' sink of the members.candidates port: a member put forward by another domain
lands in the 候选人库, from which a base union nominates them in a round."""

from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.honors.rounds.services.candidates import candidate_add
from gonghui.members.candidates import Candidate, CandidateSink, register_candidate_sink


def _accept(actor: User, candidate: Candidate) -> str:
    candidate_add(
        actor=actor,
        member_id=candidate.member_id,
        source=candidate.source,
        source_ref=candidate.source_ref,
        achievement=candidate.achievement,
        deeds=candidate.deeds,
    )
    return reverse("honors:candidates")


register_candidate_sink(CandidateSink(key="honors", label="推荐荣誉", accept=_accept))
