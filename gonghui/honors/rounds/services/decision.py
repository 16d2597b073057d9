"""The 表彰决定: the candidates left on the list after 公示 are honored (a certificate number
each, and an `Honor` in the honoree registry); an honor can later be revoked."""

import re
from datetime import date

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError
from gonghui.honors.care.metrics import honoree_figures, stats_honoree_changed
from gonghui.honors.metrics import stats_conferred
from gonghui.honors.models import (
    Honor,
    Honoree,
    HonorSubject,
    Nomination,
    NominationStatus,
    ObjectionStatus,
    Round,
    RoundStatus,
)
from gonghui.honors.models.honorees import HonorSource
from gonghui.honors.rounds.metrics import nominations_figures, stats_nominations_changed
from gonghui.honors.rounds.services.common import clean_reason, require_conferrer, today
from gonghui.inbox.services import refresh
from gonghui.orgs.selectors import org_in_scope

NOT_IN_PUBLICITY = "评选批次须在公示期满后才能作出表彰决定（当前：{status}）。"
PUBLICITY_RUNNING = "公示期至{until}结束，期满后才能作出表彰决定。"
OPEN_OBJECTIONS = "还有{count}件公示异议未处理完毕。"
DECISION_NO_INVALID = "请填写表彰决定文号，如：甘总工发〔2026〕18号。"
DECISION_DATE_INVALID = "决定日期不能早于公示结束日期，也不能晚于今天。"
NOBODY_LEFT = "公示后拟表彰名单为空，无法作出表彰决定。"
ALREADY_REVOKED = "该荣誉已撤销。"
REVOKE_SCOPE = "只有授予单位（{org}）才能撤销该荣誉。"

_DECISION_NO = re.compile(r"^\S{1,20}〔\d{4}〕\d{1,4}号$")


def _certificate_no(rnd: Round, seq: int) -> str:
    return f"{rnd.year}-{rnd.pk:04d}-{seq:04d}"


def _honoree_for(n: Nomination) -> tuple[Honoree, bool]:
    """The nominee's entry in the registry, found or registered: (honoree, created)."""
    if n.subject == HonorSubject.PERSON:
        m = n.member
        return Honoree.objects.get_or_create(
            id_number_hash=m.id_number_hash,
            defaults={
                "subject": HonorSubject.PERSON,
                "name": m.name,
                "member": m,
                "org": m.org,
                "gender": m.gender,
                "birth_date": m.birth_date,
                "id_number_enc": m.id_number_enc,
                "phone_enc": m.phone_enc,
                "employer": n.employer,
                "post": n.post,
            },
        )
    if n.subject == HonorSubject.COLLECTIVE:
        return Honoree.objects.get_or_create(
            subject=HonorSubject.COLLECTIVE,
            org=n.nominee_org,
            defaults={"name": n.name, "credit_code": n.credit_code, "employer": n.employer},
        )
    return Honoree.objects.get_or_create(
        subject=HonorSubject.TEAM,
        team=n.team,
        defaults={"name": n.name, "org": n.org, "employer": n.employer},
    )


@atomic_keeping_denials(durable=True)
def round_decide(*, actor: User, round: Round, decision_no: str, decided_on: date) -> Round:
    rnd = Round.objects.select_for_update().select_related("org").get(pk=round.pk)
    require_conferrer(actor, rnd)
    if rnd.status != RoundStatus.PUBLICITY:
        raise ApplicationError(NOT_IN_PUBLICITY.format(status=rnd.get_status_display()))
    if today() <= rnd.publicity_until:
        raise ApplicationError(PUBLICITY_RUNNING.format(until=rnd.publicity_until.isoformat()))
    open_count = rnd.nominations.filter(objections__status=ObjectionStatus.OPEN).count()
    if open_count:
        raise ApplicationError(OPEN_OBJECTIONS.format(count=open_count))
    decision_no = clean_text(decision_no, label="文号", field="decision_no")
    if not _DECISION_NO.match(decision_no):
        raise ApplicationError(DECISION_NO_INVALID, field="decision_no")
    if decided_on < rnd.publicity_until or decided_on > today():
        raise ApplicationError(DECISION_DATE_INVALID, field="decided_on")
    final = list(
        rnd.nominations.filter(status=NominationStatus.APPROVED)
        .select_related("member__org", "nominee_org", "team", "honor_type")
        .order_by("honor_type__order", "id")
    )
    if not final:
        raise ApplicationError(NOBODY_LEFT)
    figures = nominations_figures(final)
    for seq, n in enumerate(final, start=1):
        n.status = NominationStatus.AWARDED
        n.certificate_no = _certificate_no(rnd, seq)
        n.save(update_fields=["status", "certificate_no", "updated_at"])
        if not rnd.recommend_upward:
            honoree, created = _honoree_for(n)
            before = None if created else honoree_figures(honoree)
            Honor.objects.create(
                honoree=honoree,
                honor_type=n.honor_type,
                year=rnd.year,
                decision_no=decision_no,
                decided_on=decided_on,
                certificate_no=n.certificate_no,
                source=HonorSource.DECISION,
                nomination_id=n.pk,
            )
            # The registry's figures (living honorees, honors held) move with it.
            stats_honoree_changed(before=before, honoree=honoree)
    stats_conferred(final, decided_on)
    stats_nominations_changed(before=figures, nominations=final)
    rnd.status = RoundStatus.DECIDED
    rnd.decision_no = decision_no
    rnd.decided_on = decided_on
    rnd.save()
    refresh(rnd)
    audit_record(
        actor=actor,
        action="honors.decide",
        obj=rnd,
        org=rnd.org,
        changes={
            "decision_no": decision_no,
            "decided_on": decided_on.isoformat(),
            "count": len(final),
        },
    )
    return rnd


@atomic_keeping_denials(durable=True)
def honor_revoke(*, actor: User, honor: Honor, decision_no: str, reason: str) -> Honor:
    """Revoke one honor (撤销荣誉称号) by a decision of the conferring union."""
    h = Honor.objects.select_for_update().select_related("honor_type__conferrer").get(pk=honor.pk)
    conferrer = h.honor_type.conferrer
    if not org_in_scope(actor, conferrer):
        raise ApplicationError(REVOKE_SCOPE.format(org=conferrer.name))
    if h.revoked:
        raise ApplicationError(ALREADY_REVOKED)
    decision_no = clean_text(decision_no, label="文号", field="decision_no")
    if not _DECISION_NO.match(decision_no):
        raise ApplicationError(DECISION_NO_INVALID, field="decision_no")
    h.revoked = True
    h.revoked_on = today()
    h.revoke_reason = clean_reason(clean_text(reason, label="理由", field="reason"))
    h.revoke_decision_no = decision_no
    before = honoree_figures(h.honoree)
    h.save()
    stats_honoree_changed(before=before, honoree=h.honoree)
    audit_record(
        actor=actor,
        action="honors.revoke",
        obj=h,
        org=conferrer,
        changes={"decision_no": decision_no, "reason": h.revoke_reason},
    )
    return h
