"""公示: the round's final list shown for a number of working days; workers' objections are
recorded, investigated and resolved (upheld: the candidate is withdrawn)."""

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core import crypto
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, NotFound
from gonghui.honors.models import (
    Nomination,
    NominationStatus,
    Objection,
    ObjectionStatus,
    ReviewAction,
    ReviewStep,
    Round,
    RoundStatus,
)
from gonghui.honors.rounds.metrics import nominations_figures, stats_nominations_changed
from gonghui.honors.rounds.services.common import (
    ROUND_NOT_OPEN,
    refresh_deadlines,
    require_conferrer,
    require_constraints,
    today,
)
from gonghui.honors.rounds.services.stages import require_stages_done
from gonghui.inbox.services import refresh
from gonghui.members.idnumber import parse_phone
from gonghui.workcalendar.selectors import add_working_days

EMPTY_LIST = "拟表彰名单为空，不能开始公示。"
STILL_UNDER_REVIEW = "还有{count}个推荐在各级审核中，请先审核完毕（同意、退回或不予推荐）。"
NOT_IN_PUBLICITY = "该推荐不在公示中，不能提出异议。"
NAME_REQUIRED = "请填写您的姓名（实名反映）。"
TEXT_REQUIRED = "请填写反映的问题。"
TEXT_TOO_LONG = "反映内容不能超过2000个字。"
ALREADY_RESOLVED = "该异议已处理。"
FINDING_REQUIRED = "请填写核查结论。"
DAYS_INVALID = "公示期应为1至30个工作日。"


@atomic_keeping_denials(durable=True)
def publicity_start(*, actor: User, round: Round, days: int | None = None) -> Round:
    """Start 公示 of the final list: the round's conditions must hold (they refuse here)."""
    rnd = Round.objects.select_for_update().select_related("org").get(pk=round.pk)
    require_conferrer(actor, rnd)
    if rnd.status in (RoundStatus.PUBLICITY, RoundStatus.DECIDED):
        raise ApplicationError(
            ROUND_NOT_OPEN.format(
                title=rnd.title, status=rnd.get_status_display(), action="开始公示"
            )
        )
    days = days or rnd.publicity_days
    if not 1 <= days <= 30:
        raise ApplicationError(DAYS_INVALID, field="days")
    final = list(rnd.nominations.filter(status=NominationStatus.APPROVED))
    if not final:
        raise ApplicationError(EMPTY_LIST)
    waiting = rnd.nominations.filter(
        status__in=[NominationStatus.PENDING, NominationStatus.RETURNED]
    ).count()
    if waiting:
        raise ApplicationError(STILL_UNDER_REVIEW.format(count=waiting))
    require_stages_done(rnd)
    require_constraints(rnd, final)
    start = today()
    rnd.status = RoundStatus.PUBLICITY
    rnd.publicity_days = days
    rnd.publicity_from = start
    rnd.publicity_until = add_working_days(start, days)
    rnd.save()
    refresh(rnd)
    refresh_deadlines(rnd)
    audit_record(
        actor=actor,
        action="honors.publicity",
        obj=rnd,
        org=rnd.org,
        changes={"publicity_until": rnd.publicity_until.isoformat(), "count": len(final)},
    )
    return rnd


@atomic_keeping_denials(durable=True)
def objection_file(*, nomination: Nomination, name: str, contact: str, text: str) -> Objection:
    """A worker's named objection (from the portal) to a candidate on 公示."""
    n = Nomination.objects.select_related("round").get(pk=nomination.pk)
    if n.status != NominationStatus.APPROVED or n.round.status != RoundStatus.PUBLICITY:
        raise NotFound(NOT_IN_PUBLICITY)
    name = clean_text(name, label="姓名", field="name")
    if not name:
        raise ApplicationError(NAME_REQUIRED, field="name")
    phone = parse_phone(contact)
    text = clean_text(text, multiline=True, label="反映内容", field="text")
    if not text:
        raise ApplicationError(TEXT_REQUIRED, field="text")
    if len(text) > 2000:
        raise ApplicationError(TEXT_TOO_LONG, field="text")
    objection = Objection.objects.create(
        nomination=n, name=name[:40], contact_enc=crypto.encrypt(phone), text=text
    )
    refresh(objection)
    audit_record(
        actor=None,
        action="honors.objection_file",
        obj=objection,
        org=n.round.org,
        changes={"candidate": n.name},
    )
    return objection


@atomic_keeping_denials(durable=True)
def objection_resolve(
    *, actor: User, objection: Objection, upheld: bool, finding: str
) -> Objection:
    """The round's union records what it found: upheld withdraws the candidate."""
    o = (
        Objection.objects.select_for_update()
        .select_related("nomination__round__org")
        .get(pk=objection.pk)
    )
    n = o.nomination
    require_conferrer(actor, n.round, o)
    if o.status != ObjectionStatus.OPEN:
        raise ApplicationError(ALREADY_RESOLVED)
    finding = clean_text(finding, label="核查结论", field="finding")
    if not finding:
        raise ApplicationError(FINDING_REQUIRED, field="finding")
    o.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    o.finding = finding[:300]
    o.resolved_by = actor
    o.resolved_at = timezone.now()
    o.save()
    refresh(o)
    if upheld and n.status == NominationStatus.APPROVED:
        figures = nominations_figures([n])
        n.status = NominationStatus.WITHDRAWN
        n.reason = finding[:200]
        n.save(update_fields=["status", "reason", "updated_at"])
        stats_nominations_changed(before=figures, nominations=[n])
        ReviewStep.objects.create(
            nomination=n, action=ReviewAction.WITHDRAW, org=n.round.org, actor=actor, note=n.reason
        )
    audit_record(
        actor=actor,
        action="honors.objection_resolve",
        obj=o,
        org=n.round.org,
        changes={"status": o.status, "finding": o.finding, "candidate": n.name},
    )
    return o
