"""Every write to a 12351 case: one function per step of 接听—登记—派单—办理—督办—办结—回访.

Each step locks the case row, checks who may act and in which state, checks the version the
actor saw (optimistic locking: of two people acting at once one wins and the other is told the
case changed), and writes one timeline row and one audit row in the same transaction.
"""

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.accounts.permissions import Perm
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core import crypto, uploads
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError, Conflict, Forbidden, NotFound
from gonghui.core.masking import mask_id_number, mask_name, mask_phone
from gonghui.hotline.caller_phone import mark_caller_member
from gonghui.hotline.codes import (
    ACCEPT_TARGET_MINUTES,
    AT_CENTRE,
    DISPATCH_TARGET_MINUTES,
    OPEN_STATUSES,
    CaseStatus,
    Category,
    Channel,
    Complexity,
    EventAction,
    Kind,
    Rating,
    Result,
    RuleKind,
)
from gonghui.hotline.deadlines import deadline_for_terms, rule_terms
from gonghui.hotline.models import Case, CaseEvent, CaseSequence, DeadlineRule
from gonghui.hotline.selectors import call_centre_of, is_agent_for
from gonghui.members.idnumber import parse_id_number, parse_phone
from gonghui.members.selectors import holding_member_by_id_number
from gonghui.orgs.models import Org, OrgType
from gonghui.orgs.selectors import org_in_scope, org_scope_path
from gonghui.stats import services as stats

STALE = "工单已被他人更新，请刷新后重试。"
NO_PERMISSION = "您没有权限{action}。"
AGENT_ONLY = "只有12351坐席可以{action}。"
NOT_HOLDER = "该工单当前由「{holder}」承办，只有该工会或其上级工会可以{action}。"
NOT_ABOVE = "只有「{holder}」的上级工会可以督办该工单。"
WRONG_STATUS = "工单当前状态为「{status}」，不能{action}。"
CHOICE_REQUIRED = "请选择{label}。"
TEXT_REQUIRED = "请填写{label}。"
TEXT_TOO_LONG = "{label}不能超过{n}个字。"
RECEIVED_IN_FUTURE = "受理时间不能晚于当前时间。"
CALLER_PHONE_INVALID = "联系电话应为11位手机号或带区号的固定电话，请核对后重新输入。"
COUNTY_INVALID = "单位所在地请选择县区总工会。"
NUMBER_INVALID = "{label}应为不小于0的整数。"
MONEY_INVALID = "{label}应为不小于0的金额（元），最多两位小数。"
TARGET_INACTIVE = "「{name}」已撤销或合并，不能接收工单。"
TARGET_OTHER_CENTRE = "「{name}」不属于本热线中心的工会组织，不能派单。"
TRANSFER_NOT_BELOW = "只能转派给「{holder}」的下级工会。"
REOPEN_NEEDS_UNSATISFIED = "只有评价为「不满意」的工单可以重新办理。"
REASON_REQUIRED = "办理结果为「{result}」时，请填写原因。"
ALREADY_RATED = "您已评价过该工单，不能重复评价。"
RATE_NOT_CLOSED = "工单尚未办结，办结后才能评价。"
ONLINE_TOO_MANY_FILES = "一次最多上传 {n} 个附件。"


class TooManyRequests(ApplicationError):
    status = 429
    code = "rate_limited"


_LANDLINE = re.compile(r"^0[1-9][0-9]{1,2}-?[0-9]{7,8}$")


# --- checks ---------------------------------------------------------------------------------


def _lock(case: Case) -> Case:
    # of=("self",): the holder org joined in is read, not locked.
    return Case.objects.select_for_update(of=("self",)).select_related("holder").get(pk=case.pk)


def _check_version(case: Case, expected_version: int | None) -> None:
    """None only where the state check alone settles a race (a second callback finds the case
    already called back)."""
    if expected_version is not None and case.version != expected_version:
        raise Conflict(STALE, code="stale")


def _check_status(case: Case, allowed, action: str) -> None:
    if case.status not in allowed:
        raise ApplicationError(
            WRONG_STATUS.format(status=case.get_status_display(), action=action),
            code="wrong_status",
        )


def _refuse(actor, case: Case, message: str) -> ApplicationError:
    return denial(
        Forbidden(message), actor=actor, action="access.denied", obj=case, org=case.holder
    )


def _require_holder(actor, case: Case, action: str, perm: str = Perm.HOTLINE_HANDLE) -> None:
    """The org holding the case, or one above it, acting through a user with `perm`."""
    if not actor.has_perm(perm):
        raise _refuse(actor, case, NO_PERMISSION.format(action=action))
    if not org_in_scope(actor, case.holder):
        raise _refuse(actor, case, NOT_HOLDER.format(holder=case.holder.name, action=action))


def _require_agent(actor, case: Case, action: str) -> None:
    if not is_agent_for(actor, case.holder):
        raise _refuse(actor, case, AGENT_ONLY.format(action=action))


def _text(value: str | None, label: str, field: str, *, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(TEXT_REQUIRED.format(label=label), field=field)
    if len(value) > max_length:
        raise ApplicationError(TEXT_TOO_LONG.format(label=label, n=max_length), field=field)
    return value


def _choice(value: str, choices, label: str, field: str) -> str:
    if value not in choices.values:
        raise ApplicationError(CHOICE_REQUIRED.format(label=label), field=field)
    return value


def _count(value, label: str, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0 or str(number) != str(value).strip():
        raise ApplicationError(NUMBER_INVALID.format(label=label), field=field)
    return number


def _money(value, label: str, field: str) -> Decimal:
    try:
        return parse_yuan(value, label=label, field=field)
    except ApplicationError:
        raise ApplicationError(MONEY_INVALID.format(label=label), field=field) from None


def _caller_phone(raw: str) -> str:
    """A mobile number, or a fixed line with its area code (0931-8888888): callers of a
    hotline often ring from an office or a public phone."""
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", raw or ""))
    if _LANDLINE.match(text):
        return text.replace("-", "")
    try:
        return parse_phone(text)
    except ApplicationError:
        raise ApplicationError(CALLER_PHONE_INVALID, field="caller_phone") from None


def _check_target(case: Case, to_org: Org) -> None:
    if not to_org.is_active:
        raise ApplicationError(TARGET_INACTIVE.format(name=to_org.name), field="to_org")
    if not to_org.path.startswith(call_centre_of(case.holder).path):
        raise ApplicationError(TARGET_OTHER_CENTRE.format(name=to_org.name), field="to_org")


# --- records --------------------------------------------------------------------------------


def _save(case: Case, *fields: str, bump: bool = True) -> None:
    if bump:
        case.version += 1
        fields = (*fields, "version")
    counted = {"status", "holder"} & set(fields)
    before = stats.stored_case_state(case.pk) if counted else None
    case.save(update_fields=[*fields, "updated_at"])
    if counted:
        stats.stats_case_changed(before=before, after=case)


def _record(
    case: Case,
    action: str,
    *,
    actor,
    at: datetime,
    note: str = "",
    from_org: Org | None = None,
    to_org: Org | None = None,
    **data,
) -> CaseEvent:
    """One timeline row and its audit row. `data` must hold masked values only."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = CaseEvent.objects.create(
        case=case,
        at=at,
        actor=user,
        actor_org=getattr(user, "org", None),
        action=action,
        note=note,
        from_org=from_org,
        to_org=to_org,
        data=data,
    )
    changes = dict(data)
    if note:
        changes["note"] = note
    if from_org is not None:
        changes["from"] = from_org.name
    if to_org is not None:
        changes["to"] = to_org.name
    audit_record(actor=user, action=f"case.{action}", obj=case, org=case.holder, changes=changes)
    return event


def _next_number(day: date) -> str:
    """Under concurrency the per-day row is created once (get_or_create retries on the unique
    key), and the UPDATE holds the row lock until commit, so the value read back is ours."""
    CaseSequence.objects.get_or_create(day=day)
    CaseSequence.objects.filter(day=day).update(last=F("last") + 1)
    last = CaseSequence.objects.values_list("last", flat=True).get(day=day)
    return f"12351-{day:%Y%m%d}-{last:04d}"


# --- 登记 -----------------------------------------------------------------------------------


@atomic_keeping_denials
def case_intake(
    *,
    actor,
    channel: str,
    caller_name: str,
    caller_phone: str,
    kind: str,
    category: str,
    complexity: str,
    description: str,
    received_at: datetime | None = None,
    id_number: str = "",
    employer: str = "",
    county: Org | None = None,
    workers_affected: int = 1,
    amount_involved: Decimal | str | int = 0,
) -> Case:
    """接听登记: by an agent for any channel, or by the worker himself online.

    The case waits at the call centre (the province org) to be dispatched; its deadline runs
    from the time of receipt.
    """
    channel = _choice(channel, Channel, "来源渠道", "channel")
    if channel != Channel.ONLINE and not is_agent_for(actor, None):
        raise denial(
            Forbidden(AGENT_ONLY.format(action="登记工单")),
            actor=actor,
            action="access.denied",
            object_repr="hotline intake",
        )
    now = timezone.now()
    received_at = received_at or now
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    if received_at > now:
        raise ApplicationError(RECEIVED_IN_FUTURE, field="received_at")
    caller_name = _text(caller_name, "来电人姓名", "caller_name", max_length=40, required=True)
    phone = _caller_phone(caller_phone)
    kind = _choice(kind, Kind, "诉求类别", "kind")
    category = _choice(category, Category, "问题分类", "category")
    complexity = _choice(complexity, Complexity, "复杂程度", "complexity")
    description = _text(description, "诉求内容", "description", max_length=5000, required=True)
    employer = _text(employer, "工作单位", "employer", max_length=120, required=False)
    if county is not None and county.org_type != OrgType.COUNTY:
        raise ApplicationError(COUNTY_INVALID, field="county")
    workers_affected = _count(workers_affected, "涉及人数", "workers_affected")
    amount_involved = _money(amount_involved, "涉及金额", "amount_involved")
    number, id_fields = "", {}
    if (id_number or "").strip():
        number = parse_id_number(id_number).number
        id_fields = {
            "caller_id_enc": crypto.encrypt(number),
            "caller_id_hash": crypto.lookup_hash(number),
            "member": holding_member_by_id_number(number),
        }

    centre = call_centre_of(getattr(actor, "org", None))
    terms = rule_terms(complexity, category)
    deadline = deadline_for_terms(received_at, terms)
    user = actor if getattr(actor, "is_authenticated", False) else None
    case = Case.objects.create(
        number=_next_number(timezone.localdate(received_at)),
        channel=channel,
        received_at=received_at,
        caller_name_enc=crypto.encrypt(caller_name),
        caller_phone_enc=crypto.encrypt(phone),
        caller_phone_hash=crypto.lookup_hash(phone),
        employer=employer,
        county=county,
        kind=kind,
        category=category,
        description=description,
        workers_affected=workers_affected,
        amount_involved=amount_involved,
        complexity=complexity,
        deadline_from=received_at,
        deadline=deadline,
        deadline_terms=terms,
        status=CaseStatus.RECEIVED,
        holder=centre,
        created_by=user,
        **id_fields,
    )
    stats.stats_case_changed(before=None, after=case)
    _record(
        case,
        EventAction.INTAKE,
        actor=actor,
        at=now,
        to_org=centre,
        number=case.number,
        channel=channel,
        caller_name=mask_name(caller_name),
        caller_phone=mask_phone(phone),
        id_number=mask_id_number(number),
        member=bool(id_fields.get("member")),
        category=category,
        complexity=complexity,
        deadline=deadline.isoformat(),
    )
    return case


@atomic_keeping_denials
def case_intake_online(
    *,
    caller_name: str,
    caller_phone: str,
    kind: str,
    category: str,
    description: str,
    id_number: str = "",
    employer: str = "",
    county: Org | None = None,
    attachments=(),
) -> Case:
    """网上投诉 by the worker himself, with his files (the worker portal).

    Every file is checked before anything is written, and the case and its files are written
    together or not at all. The callers' limits are `callers.online_attempt`'s. Graded 一般 like
    every online complaint; the agent re-grades it when dispatching.
    """
    files = list(attachments)
    if len(files) > ATTACHMENT_MAX_PER_CASE:
        raise ApplicationError(
            ONLINE_TOO_MANY_FILES.format(n=ATTACHMENT_MAX_PER_CASE), field="attachments"
        )
    checked = [(f, *attachment_check(f)) for f in files]
    phone = _caller_phone(caller_phone)
    case = case_intake(
        actor=None,
        channel=Channel.ONLINE,
        complexity=Complexity.SIMPLE,
        caller_name=caller_name,
        caller_phone=phone,
        kind=kind,
        category=category,
        description=description,
        id_number=id_number,
        employer=employer,
        county=county,
    )
    stored = []
    try:
        for uploaded_file, name, content_type in checked:
            stored.append(_store_attachment(case, uploaded_file, name, content_type, actor=None))
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return case


# --- 派单 / 接单 / 退单 / 转派 ----------------------------------------------------------------


@atomic_keeping_denials
def case_dispatch(
    *,
    actor,
    case: Case,
    to_org: Org,
    note: str = "",
    expected_version: int,
    complexity: str | None = None,
) -> Case:
    """派单: an agent sends a case waiting at the call centre to the union that must act.

    The agent may re-grade the complexity here (an online complaint arrives graded 一般); the
    deadline is then computed again from the same starting time."""
    case = _lock(case)
    _require_agent(actor, case, "派单")
    _check_version(case, expected_version)
    _check_status(case, AT_CENTRE, "派单")
    _check_target(case, to_org)
    note = _text(note, "派单说明", "note", max_length=500, required=False)
    regraded = {}
    if complexity and complexity != case.complexity:
        complexity = _choice(complexity, Complexity, "复杂程度", "complexity")
        regraded = {"complexity": [case.complexity, complexity]}
        case.complexity = complexity
        case.deadline_terms = rule_terms(complexity, case.category)
        case.deadline = deadline_for_terms(case.deadline_from, case.deadline_terms)
    now = timezone.now()
    from_org = case.holder
    case.status, case.holder, case.handler, case.dispatched_at = (
        CaseStatus.DISPATCHED,
        to_org,
        None,
        now,
    )
    if case.dispatch_in_time is None:
        case.dispatch_in_time = now - case.received_at <= timedelta(minutes=DISPATCH_TARGET_MINUTES)
    _save(
        case,
        "status",
        "holder",
        "handler",
        "dispatched_at",
        "dispatch_in_time",
        *(("complexity", "deadline", "deadline_terms") if regraded else ()),
    )
    _record(
        case,
        EventAction.DISPATCH,
        actor=actor,
        at=now,
        note=note,
        from_org=from_org,
        to_org=to_org,
        **regraded,
    )
    return case


@atomic_keeping_denials
def case_accept(*, actor, case: Case, expected_version: int) -> Case:
    """接单: the holding union takes the case on; the accepting user becomes its handler."""
    case = _lock(case)
    _require_holder(actor, case, "接单")
    _check_version(case, expected_version)
    _check_status(case, (CaseStatus.DISPATCHED,), "接单")
    now = timezone.now()
    case.status, case.handler, case.accepted_at = CaseStatus.ACCEPTED, actor, now
    if case.accept_in_time is None:
        case.accept_in_time = now - case.dispatched_at <= timedelta(minutes=ACCEPT_TARGET_MINUTES)
    _save(case, "status", "handler", "accepted_at", "accept_in_time")
    _record(case, EventAction.ACCEPT, actor=actor, at=now)
    return case


@atomic_keeping_denials
def case_return(*, actor, case: Case, reason: str, expected_version: int) -> Case:
    """退单: the receiving union sends the case back to the call centre, saying why."""
    case = _lock(case)
    _require_holder(actor, case, "退单")
    _check_version(case, expected_version)
    _check_status(case, (CaseStatus.DISPATCHED,), "退单")
    reason = _text(reason, "退单原因", "reason", max_length=500, required=True)
    now = timezone.now()
    from_org, centre = case.holder, call_centre_of(case.holder)
    case.status, case.holder, case.handler = CaseStatus.RETURNED, centre, None
    _save(case, "status", "holder", "handler")
    _record(
        case, EventAction.RETURN, actor=actor, at=now, note=reason, from_org=from_org, to_org=centre
    )
    return case


@atomic_keeping_denials
def case_transfer(*, actor, case: Case, to_org: Org, note: str = "", expected_version: int) -> Case:
    """转派: the holding union passes the case down to one of its own descendants."""
    case = _lock(case)
    _require_holder(actor, case, "转派")
    _check_version(case, expected_version)
    _check_status(case, (CaseStatus.DISPATCHED, CaseStatus.ACCEPTED), "转派")
    if not to_org.path.startswith(case.holder.path) or to_org.pk == case.holder_id:
        raise ApplicationError(TRANSFER_NOT_BELOW.format(holder=case.holder.name), field="to_org")
    _check_target(case, to_org)
    note = _text(note, "转派说明", "note", max_length=500, required=False)
    now = timezone.now()
    from_org = case.holder
    case.status, case.holder, case.handler, case.dispatched_at = (
        CaseStatus.DISPATCHED,
        to_org,
        None,
        now,
    )
    _save(case, "status", "holder", "handler", "dispatched_at")
    _record(
        case, EventAction.TRANSFER, actor=actor, at=now, note=note, from_org=from_org, to_org=to_org
    )
    return case


# --- 办理 / 办结 -----------------------------------------------------------------------------


@atomic_keeping_denials
def case_note(*, actor, case: Case, note: str, contact: bool = False) -> CaseEvent:
    """A progress note, or (contact=True) a logged contact with the caller. Written by the
    holding union or one above it, or by an agent; it does not change the case's version."""
    case = _lock(case)
    if not is_agent_for(actor, case.holder):
        _require_holder(actor, case, "记录办理进展")
    _check_status(case, (*OPEN_STATUSES, CaseStatus.CLOSED), "记录办理进展")
    note = _text(note, "内容", "note", max_length=2000, required=True)
    action = EventAction.CONTACT if contact else EventAction.NOTE
    return _record(case, action, actor=actor, at=timezone.now(), note=note)


@atomic_keeping_denials
def case_close(
    *,
    actor,
    case: Case,
    result: str,
    reason: str = "",
    outcome: str,
    money_recovered: Decimal | str | int = 0,
    workers_benefited: int = 0,
    lawyer: str = "",
    expected_version: int,
) -> Case:
    """办结: result (with a reason unless 解决), what was done, money recovered for the workers,
    the workers who benefited, and the lawyer who took part (blank if none)."""
    case = _lock(case)
    _require_holder(actor, case, "办结")
    _check_version(case, expected_version)
    _check_status(case, (CaseStatus.ACCEPTED,), "办结")
    result = _choice(result, Result, "办理结果", "result")
    reason = _text(reason, "结果说明", "reason", max_length=500, required=False)
    if result != Result.RESOLVED and not reason:
        raise ApplicationError(REASON_REQUIRED.format(result=Result(result).label), field="reason")
    outcome = _text(outcome, "办理情况", "outcome", max_length=5000, required=True)
    money = _money(money_recovered, "追回金额", "money_recovered")
    benefited = _count(workers_benefited, "受益职工人数", "workers_benefited")
    lawyer = _text(lawyer, "参与律师", "lawyer", max_length=60, required=False)
    now = timezone.now()
    case.status, case.closed_at = CaseStatus.CLOSED, now
    case.result, case.result_reason, case.outcome = result, reason, outcome
    case.money_recovered, case.workers_benefited = money, benefited
    case.lawyer_involved, case.lawyer_name = bool(lawyer), lawyer
    _save(
        case,
        "status",
        "closed_at",
        "result",
        "result_reason",
        "outcome",
        "money_recovered",
        "workers_benefited",
        "lawyer_involved",
        "lawyer_name",
    )
    _record(
        case,
        EventAction.CLOSE,
        actor=actor,
        at=now,
        note=outcome,
        result=result,
        reason=reason,
        money_recovered=str(money),
        workers_benefited=benefited,
        lawyer=lawyer,
        on_time=now <= case.deadline,
    )
    return case


# --- 回访 / 督办 -----------------------------------------------------------------------------


@atomic_keeping_denials
def case_callback(
    *,
    actor,
    case: Case,
    rating: str,
    comment: str = "",
    reopen: bool = False,
    expected_version: int | None = None,
) -> Case:
    """回访: an agent records the caller's rating. 不满意 may reopen the case at the same union
    and handler, with a new deadline running from now. A case the caller rated himself online
    is no longer 已办结 and is refused here."""
    case = _lock(case)
    _require_agent(actor, case, "回访")
    _check_version(case, expected_version)
    _check_status(case, (CaseStatus.CLOSED,), "回访")
    rating = _choice(rating, Rating, "回访评价", "rating")
    comment = _text(comment, "回访意见", "comment", max_length=500, required=False)
    return _rate(case, actor=actor, rating=rating, comment=comment, reopen=reopen)


@atomic_keeping_denials
def case_rate_by_caller(
    *, case: Case, rating: str, comment: str = "", reopen: bool = False
) -> Case:
    """The caller rates his closed case himself (the worker portal): the same effect as an
    agent's 回访, recorded as a 回访 by the caller. Whoever calls this has already proved the
    case is his (his phone, verified by SMS, is the case's)."""
    case = _lock(case)
    if case.status == CaseStatus.EVALUATED:
        raise ApplicationError(ALREADY_RATED, code="already_rated")
    if case.status != CaseStatus.CLOSED:
        raise ApplicationError(RATE_NOT_CLOSED, code="wrong_status")
    rating = _choice(rating, Rating, "评价", "rating")
    comment = _text(comment, "评价意见", "comment", max_length=500, required=False)
    return _rate(case, actor=None, rating=rating, comment=comment, reopen=reopen, by="caller")


def _rate(case: Case, *, actor, rating: str, comment: str, reopen: bool, **data) -> Case:
    """Record a closed case's rating; 不满意 with `reopen` sends it back to the same union and
    handler with a new deadline running from now."""
    if reopen and rating != Rating.UNSATISFIED:
        raise ApplicationError(REOPEN_NEEDS_UNSATISFIED, field="reopen")
    now = timezone.now()
    case.rating, case.rating_comment, case.callback_at = rating, comment, now
    case.status = CaseStatus.EVALUATED
    fields = ["status", "rating", "rating_comment", "callback_at"]
    if reopen:
        case.status = CaseStatus.ACCEPTED
        case.reopen_count += 1
        case.deadline_from = now
        case.deadline = deadline_for_terms(now, _terms(case))
        case.closed_at, case.result, case.result_reason = None, "", ""
        fields += ["reopen_count", "deadline_from", "deadline", "closed_at", "result"]
        fields += ["result_reason"]
    _save(case, *fields)
    _record(case, EventAction.CALLBACK, actor=actor, at=now, note=comment, rating=rating, **data)
    if reopen:
        _record(
            case,
            EventAction.REOPEN,
            actor=actor,
            at=now,
            to_org=case.holder,
            reopen_count=case.reopen_count,
            deadline=case.deadline.isoformat(),
            **data,
        )
    return case


@atomic_keeping_denials
def case_supervise(*, actor, case: Case, note: str) -> Case:
    """督办: a union above the holder presses it to act. Does not change the case's version:
    the handler's form stays valid."""
    case = _lock(case)
    _require_holder(actor, case, "督办", perm=Perm.HOTLINE_SUPERVISE)
    _check_status(case, (CaseStatus.DISPATCHED, CaseStatus.ACCEPTED), "督办")
    if org_scope_path(actor) == case.holder.path:
        raise _refuse(actor, case, NOT_ABOVE.format(holder=case.holder.name))
    note = _text(note, "督办意见", "note", max_length=1000, required=True)
    case.supervised = True
    case.supervise_count += 1
    _save(case, "supervised", "supervise_count", bump=False)
    _record(
        case,
        EventAction.SUPERVISE,
        actor=actor,
        at=timezone.now(),
        note=note,
        supervise_count=case.supervise_count,
        overdue=case.is_overdue(),
    )
    _notify_supervised(case, actor, note)
    return case


def _notify_supervised(case: Case, actor, note: str) -> None:
    """The holding union hears of a 督办 at once, in its notifications."""
    from django.urls import reverse

    from gonghui.notifications.models import Notification, NotificationKind
    from gonghui.notifications.services import notify_orgs

    notify_orgs(
        [
            Notification(
                recipient_org=case.holder,
                kind=NotificationKind.SUPERVISED,
                title=f"工单 {case.number} 被「{actor.org.name}」督办",
                body=note,
                ref=case.number,
                link=reverse("hotline:detail", args=[case.number]),
            )
        ]
    )


# --- 工作日历变化 ------------------------------------------------------------------------------


RECOMPUTE_CHUNK = 500


def _terms(case: Case) -> dict:
    """The terms the case was received under (cases written before terms were kept: today's)."""
    return case.deadline_terms or rule_terms(case.complexity, case.category)


def cases_recompute_deadlines(*, days: list[date]) -> int:
    """After the working-day calendar changed on `days`: recompute the deadline of every open
    case whose window (from the day its deadline runs from to its due day, both included)
    contains one of them, since only those days decide it. Returns how many moved.

    Each moved deadline is one timeline row by the system (no actor). The version is not
    bumped: a handler's open form is still right about everything it shows but the deadline.
    It runs in a background task (`hotline.tasks.recompute_deadlines`), outside any
    transaction: the cases are locked and saved `RECOMPUTE_CHUNK` at a time, each chunk in its
    own transaction, so that a year's holidays reaching 200,000 open cases never holds every
    one of them locked at once.
    """
    if not days:
        return 0
    changed = set(days)
    tz = timezone.get_current_timezone()
    first = datetime.combine(min(changed), time.min, tzinfo=tz)
    last = datetime.combine(max(changed) + timedelta(days=1), time.min, tzinfo=tz)
    pks = list(
        Case.objects.filter(
            status__in=OPEN_STATUSES, deadline_from__lt=last, deadline__gte=first
        ).values_list("pk", flat=True)
    )
    moved = 0
    for start in range(0, len(pks), RECOMPUTE_CHUNK):
        moved += _recompute_chunk(pks[start : start + RECOMPUTE_CHUNK], changed)
    return moved


@transaction.atomic
def _recompute_chunk(pks: list[int], changed: set[date]) -> int:
    candidates = (
        Case.objects.select_for_update(of=("self",))
        .select_related("holder")
        .filter(pk__in=pks, status__in=OPEN_STATUSES)  # still open once locked
        .order_by("pk")
    )
    moved = 0
    for case in candidates:
        start, due = timezone.localdate(case.deadline_from), timezone.localdate(case.deadline)
        if not any(start <= day <= due for day in changed):
            continue
        deadline = deadline_for_terms(case.deadline_from, _terms(case))
        if deadline == case.deadline:
            continue
        old, case.deadline = case.deadline, deadline
        _save(case, "deadline", bump=False)
        _record(
            case,
            EventAction.DEADLINE,
            actor=None,
            at=timezone.now(),
            note="工作日历调整，办理时限重新计算",
            old=old.isoformat(),
            new=deadline.isoformat(),
        )
        moved += 1
    return moved


# --- 附件 -------------------------------------------------------------------------------------

ATTACHMENT_MAX_BYTES = uploads.ATTACHMENT_MAX_BYTES
ATTACHMENT_MAX_PER_CASE = 10
ATTACHMENT_TYPES_TEXT = "PDF、JPG、PNG、Word、Excel 或 MP3/AMR/WAV 录音"
ATTACHMENT_TYPE_INVALID = "「{name}」的文件类型不支持，只能上传" + ATTACHMENT_TYPES_TEXT + "。"
ATTACHMENT_CONTENT_INVALID = "「{name}」的内容与扩展名「{ext}」不符，请上传真实的{label}文件。"
ATTACHMENT_TOO_LARGE = "「{name}」超过 10 MB，请压缩后再上传。"
ATTACHMENT_EMPTY = "「{name}」是空文件。"
ATTACHMENT_TOO_MANY = "每个工单最多上传 10 个附件，本工单已有 {n} 个。"
ATTACHMENT_NAME_TOO_LONG = "文件名不能超过 100 个字，请改名后再上传。"

# extension -> (label, stored content type, the type its first bytes must be: core.uploads)
ATTACHMENT_KINDS = {
    ".pdf": ("PDF", "application/pdf", uploads.PDF),
    ".jpg": ("JPG 图片", "image/jpeg", uploads.JPEG),
    ".jpeg": ("JPG 图片", "image/jpeg", uploads.JPEG),
    ".png": ("PNG 图片", "image/png", uploads.PNG),
    ".doc": ("Word", "application/msword", uploads.OLE2),
    ".docx": (
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        uploads.ZIP,
    ),
    ".xls": ("Excel", "application/vnd.ms-excel", uploads.OLE2),
    ".xlsx": (
        "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        uploads.ZIP,
    ),
    ".mp3": ("MP3 录音", "audio/mpeg", uploads.MP3),
    ".amr": ("AMR 录音", "audio/amr", uploads.AMR),
    ".wav": ("WAV 录音", "audio/wav", uploads.WAV),
}


def attachment_check(uploaded_file) -> tuple[str, str]:
    """Check one uploaded file by its extension, its first bytes and its size; returns
    (clean original name, content type). Raises ApplicationError(field="attachments")."""
    from pathlib import PurePath

    name = unicodedata.normalize("NFC", PurePath(uploaded_file.name or "").name).strip()
    ext = PurePath(name).suffix.lower()
    kind = ATTACHMENT_KINDS.get(ext)
    if kind is None:
        raise ApplicationError(ATTACHMENT_TYPE_INVALID.format(name=name), field="attachments")
    if len(name) > 100:
        raise ApplicationError(ATTACHMENT_NAME_TOO_LONG, field="attachments")
    if uploaded_file.size > ATTACHMENT_MAX_BYTES:
        raise ApplicationError(ATTACHMENT_TOO_LARGE.format(name=name), field="attachments")
    if not uploaded_file.size:
        raise ApplicationError(ATTACHMENT_EMPTY.format(name=name), field="attachments")
    uploaded_file.seek(0)
    head = uploaded_file.read(uploads.SNIFF_BYTES)
    uploaded_file.seek(0)
    label, content_type, sniffed = kind
    if uploads.content_type(head, [sniffed]) is None:
        raise ApplicationError(
            ATTACHMENT_CONTENT_INVALID.format(name=name, ext=ext, label=label),
            field="attachments",
        )
    return name, content_type


@atomic_keeping_denials
def case_attach(*, actor, case: Case, uploaded_file):
    """Keep a file with the case (stored under MEDIA_ROOT/hotline/<number>/): by the agent of
    its call centre, or by the holding union or one above it, until it is called back."""
    from gonghui.hotline.models import CaseAttachment

    case = _lock(case)
    if not is_agent_for(actor, case.holder):
        _require_holder(actor, case, "上传附件")
    _check_status(case, (*OPEN_STATUSES, CaseStatus.CLOSED), "上传附件")
    name, content_type = attachment_check(uploaded_file)
    n = CaseAttachment.objects.filter(case=case).count()
    if n >= ATTACHMENT_MAX_PER_CASE:
        raise ApplicationError(ATTACHMENT_TOO_MANY.format(n=n), field="attachments")
    return _store_attachment(case, uploaded_file, name, content_type, actor=actor)


def _store_attachment(case: Case, uploaded_file, name: str, content_type: str, *, actor):
    """Save a checked file and its timeline row; the file is removed again if they fail."""
    from gonghui.hotline.models import CaseAttachment

    user = actor if getattr(actor, "is_authenticated", False) else None
    attachment = CaseAttachment(
        case=case,
        original_name=name,
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=user,
    )
    attachment.file.save(name, uploaded_file, save=False)
    try:
        attachment.save()
        _record(
            case,
            EventAction.ATTACH,
            actor=actor,
            at=timezone.now(),
            note=name,
            file=name,
            size=uploaded_file.size,
        )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def case_unmask(*, actor, case: Case) -> dict[str, str]:
    """The caller's name, phone and ID number in full, once, on request: only with the grant
    to see personal data in full (the same as for member records), always audited."""
    if not actor.has_perm(Perm.MEMBER_PII):
        audit_record(actor=actor, action="case.unmask", obj=case, org=case.holder, result="denied")
        raise Forbidden(NO_PERMISSION.format(action="查看来电人完整信息"))
    with transaction.atomic():
        row = audit_record(
            actor=actor,
            action="case.unmask",
            obj=case,
            org=case.holder,
            changes={"fields": ["caller_name", "caller_phone", "id_number"]},
        )
        mark_caller_member(row, case)
    return {
        "caller_name": case.caller_name,
        "caller_phone": case.caller_phone,
        "id_number": case.caller_id_number,
    }


# --- 办理时限规则 ------------------------------------------------------------------------------

RULES_DENIED = "只有系统管理员可以维护办理时限规则。"
RULE_COMPLEXITY_INVALID = "请选择复杂程度。"
RULE_CATEGORY_INVALID = "问题分类不存在，请重新选择；留空为该复杂程度的默认规则。"
RULE_KIND_INVALID = "请选择计算方式。"
RULE_DAYS_INVALID = "天数应为0至60之间的整数。"
RULE_DAYS_SAME_DAY = "「当日办结」规则不按天数计算，天数请填0。"
RULE_DAYS_REQUIRED = "按{kind}计算时，天数应为1至60之间的整数。"
RULE_CUTOFF_INVALID = "截止受理时间格式不正确，请按 17:30 的格式填写。"
RULE_CUTOFF_ONLY_SAME_DAY = "只有「当日办结」规则可以设置截止受理时间，按{kind}计算时请留空。"
RULE_DEFAULT_UNDELETABLE = "「{rule}」是默认规则，不能删除，只能修改。"
RULE_NOT_FOUND = "找不到该办理时限规则，可能已被删除。"
RULE_MAX_DAYS = 60


def _require_rules(actor) -> None:
    if actor is None or not actor.has_perm(Perm.HOTLINE_RULES):
        raise denial(
            Forbidden(RULES_DENIED),
            actor=actor,
            action="access.denied",
            object_repr="办理时限规则",
            changes={"permission": Perm.HOTLINE_RULES},
        )


def _rule_values(rule) -> dict:
    """A rule as the audit log shows it: labels, not codes."""
    return {
        "kind": RuleKind(rule.kind).label,
        "days": rule.days,
        "cutoff": rule.cutoff.strftime("%H:%M") if rule.cutoff else "",
    }


@atomic_keeping_denials
def deadline_rule_set(
    *, actor, complexity: str, category: str = "", kind: str, days=0, cutoff: time | None = None
):
    """Create or change the rule of one complexity, for one category or (category "") by
    default. Only cases received (or reopened) afterwards follow it: a case's deadline is
    computed once, at intake.

    Parameters by kind: 当日办结 — days 0, an optional cutoff time (a case received after it, or
    on a non-working day, is due at the end of the next working day); 工作日 / 自然日 — days 1
    to 60 and no cutoff.
    """
    _require_rules(actor)
    if complexity not in Complexity.values:
        raise ApplicationError(RULE_COMPLEXITY_INVALID, field="complexity")
    category = category or ""
    if category and category not in Category.values:
        raise ApplicationError(RULE_CATEGORY_INVALID, field="category")
    if kind not in RuleKind.values:
        raise ApplicationError(RULE_KIND_INVALID, field="kind")
    if days is None or days == "":
        days = 0
    if isinstance(days, bool) or not isinstance(days, int | str):
        raise ApplicationError(RULE_DAYS_INVALID, field="days")
    try:
        days = _count(days, "天数", "days")
    except ApplicationError:
        raise ApplicationError(RULE_DAYS_INVALID, field="days") from None
    if days > RULE_MAX_DAYS:
        raise ApplicationError(RULE_DAYS_INVALID, field="days")
    if cutoff is not None and (not isinstance(cutoff, time) or cutoff.tzinfo is not None):
        raise ApplicationError(RULE_CUTOFF_INVALID, field="cutoff")
    label = RuleKind(kind).label
    if kind == RuleKind.SAME_DAY:
        if days != 0:
            raise ApplicationError(RULE_DAYS_SAME_DAY, field="days")
    else:
        if days < 1:
            raise ApplicationError(RULE_DAYS_REQUIRED.format(kind=label), field="days")
        if cutoff is not None:
            raise ApplicationError(RULE_CUTOFF_ONLY_SAME_DAY.format(kind=label), field="cutoff")

    rule = (
        DeadlineRule.objects.select_for_update()
        .filter(complexity=complexity, category=category)
        .first()
    )
    if rule is None:
        rule = DeadlineRule.objects.create(
            complexity=complexity, category=category, kind=kind, days=days, cutoff=cutoff
        )
        audit_record(
            actor=actor,
            action="deadline_rule.set",
            obj=rule,
            changes={"rule": str(rule), **_rule_values(rule)},
        )
        return rule
    before = _rule_values(rule)
    rule.kind, rule.days, rule.cutoff = kind, days, cutoff
    after = _rule_values(rule)
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if not changes:
        return rule
    rule.save(update_fields=["kind", "days", "cutoff"])
    audit_record(
        actor=actor, action="deadline_rule.set", obj=rule, changes={"rule": str(rule), **changes}
    )
    return rule


@atomic_keeping_denials
def deadline_rule_delete(*, actor, rule) -> None:
    """Remove a per-category rule: its category goes back to the complexity's default. The
    three defaults (no category) cannot be removed, only changed."""
    _require_rules(actor)
    locked = DeadlineRule.objects.select_for_update().filter(pk=rule.pk).first()
    if locked is None:
        raise NotFound(RULE_NOT_FOUND)
    if not locked.category:
        raise ApplicationError(RULE_DEFAULT_UNDELETABLE.format(rule=locked), code="default_rule")
    audit_record(
        actor=actor,
        action="deadline_rule.delete",
        obj=locked,
        changes={"rule": str(locked), **_rule_values(locked)},
    )
    locked.delete()
