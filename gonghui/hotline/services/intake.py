"""接听登记: a case written by an agent for any channel, or by the worker himself online; and the
caller's personal data shown in full, on request."""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core import crypto
from gonghui.core.cleaning import parse_yuan
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.masking import mask_id_number, mask_name, mask_phone
from gonghui.hotline import metrics
from gonghui.hotline.caller_phone import mark_caller_member
from gonghui.hotline.codes import CaseStatus, Category, Channel, Complexity, EventAction, Kind
from gonghui.hotline.deadlines import deadline_for_terms, rule_terms
from gonghui.hotline.models import Case, CaseSequence
from gonghui.hotline.selectors import call_centre_of, is_agent_for
from gonghui.hotline.services.attachments import _store_attachment, attachment_check
from gonghui.hotline.services.common import _caller_phone, _choice, _count, _record, _text
from gonghui.hotline.services.messages import (
    AGENT_ONLY,
    ATTACHMENT_MAX_PER_CASE,
    COUNTY_INVALID,
    NO_PERMISSION,
    ONLINE_TOO_MANY_FILES,
    RECEIVED_IN_FUTURE,
)
from gonghui.inbox.services import refresh
from gonghui.members.idnumber import parse_id_number
from gonghui.members.selectors import holding_member_by_id_number
from gonghui.orgs.models import Org, OrgType


def _next_number(day: date) -> str:
    """Under concurrency the per-day row is created once (get_or_create retries on the unique
    key), and the UPDATE holds the row lock until commit, so the value read back is ours."""
    CaseSequence.objects.get_or_create(day=day)
    CaseSequence.objects.filter(day=day).update(last=F("last") + 1)
    last = CaseSequence.objects.values_list("last", flat=True).get(day=day)
    return f"12351-{day:%Y%m%d}-{last:04d}"


@atomic_keeping_denials
def case_intake(
    *,
    actor: User | None,
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
    amount_involved = parse_yuan(amount_involved, label="涉及金额", field="amount_involved")
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
    metrics.stats_case_changed(before=None, after=case)
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
    refresh(case)
    return case


@atomic_keeping_denials(durable=True)
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


def case_unmask(*, actor: User, case: Case) -> dict[str, str]:
    """The caller's name, phone and ID number in full, once, on request: only with the grant
    to see personal data in full (the same as for member records), always audited."""
    if not actor.has_perm(Perm.MEMBER_PII):
        audit_record(actor=actor, action="case.unmask", obj=case, org=case.holder, result="denied")
        raise Forbidden(NO_PERMISSION.format(action="查看来电人完整信息"))
    with transaction.atomic(durable=True):
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
