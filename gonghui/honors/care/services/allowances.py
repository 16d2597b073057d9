"""The allowance ledger: one payment, a batch (preview, then generate, idempotent per batch key
and honoree), the export (masked)."""

import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core.cleaning import clean_text, parse_yuan
from gonghui.core.errors import ApplicationError
from gonghui.core.tabular import xlsx_file
from gonghui.honors.care.metrics import fen, honoree_figures, stats_allowances_added
from gonghui.honors.care.metrics import stats_honoree_changed as _stats_changed
from gonghui.honors.care.services.honorees import _require_scope
from gonghui.honors.models import (
    Allowance,
    AllowanceBatch,
    AllowanceKind,
    FundSource,
    Honoree,
    HonorLevel,
    HonorType,
)
from gonghui.orgs.models import Org

DECEASED = "「{name}」已于 {day} 去世，不能登记此后发放的待遇。"
KIND_INVALID = "请选择待遇类型。"
FUND_INVALID = "请选择资金来源。"
PERIOD_REQUIRED = "请填写期间，如「2026年春节」。"
BATCH_KEY_INVALID = "批次代码只能由字母、数字、短横线组成，如 2026-spring-lz。"
BATCH_KEY_TAKEN = "批次代码「{key}」已用于「{title}」，其发放条件不同，请换一个代码。"
BATCH_TITLE_REQUIRED = "请填写批次名称。"
BATCH_EMPTY = "没有符合条件的健在劳模，未生成发放记录。"
NO_HONOR_LEFT = "「{name}」的荣誉均已撤销，不能再登记待遇发放。"
LEVEL_INVALID = "请选择荣誉级别。"
AMOUNT_LABEL = "金额"

EXPORT_HEADER = [
    "姓名",
    "身份证号",
    "所属工会",
    "类型",
    "期间",
    "金额（元）",
    "资金来源",
    "发放日期",
    "批次",
]


def _clean(kind: str, fund_source: str, period: str) -> str:
    if kind not in AllowanceKind.values:
        raise ApplicationError(KIND_INVALID, field="kind")
    if fund_source not in FundSource.values:
        raise ApplicationError(FUND_INVALID, field="fund_source")
    period = clean_text(period, label="期间", field="period")
    if not period:
        raise ApplicationError(PERIOD_REQUIRED, field="period")
    return period[:40]


def _refuse_deceased(honoree: Honoree, paid_on: date) -> None:
    if not honoree.alive and (honoree.died_on is None or paid_on > honoree.died_on):
        raise ApplicationError(
            DECEASED.format(name=honoree.name, day=honoree.died_on or "—"), field="paid_on"
        )


@atomic_keeping_denials(durable=True)
def allowance_create(
    *,
    actor: User,
    honoree: Honoree,
    kind: str,
    period: str,
    amount,
    fund_source: str,
    paid_on: date,
    note: str = "",
) -> Allowance:
    honoree = Honoree.objects.select_for_update().get(pk=honoree.pk)
    _require_scope(actor, honoree.org, honoree)
    period = _clean(kind, fund_source, period)
    amount = parse_yuan(amount, label=AMOUNT_LABEL, field="amount", positive=True)
    _refuse_deceased(honoree, paid_on)
    if not honoree.honors.filter(revoked=False).exists():
        raise ApplicationError(NO_HONOR_LEFT.format(name=honoree.name))
    before = honoree_figures(honoree)
    allowance = Allowance.objects.create(
        honoree=honoree,
        kind=kind,
        period=period,
        amount=amount,
        fund_source=fund_source,
        paid_on=paid_on,
        note=clean_text(note, label="备注", field="note")[:200],
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="allowance.create",
        obj=honoree,
        org=honoree.org,
        changes={
            "kind": [None, kind],
            "period": [None, period],
            "amount": [None, str(amount)],
            "paid_on": [None, str(paid_on)],
        },
    )
    _stats_changed(before=before, honoree=honoree)
    return allowance


@dataclass(frozen=True)
class BatchPlan:
    """What a batch would pay: the eligible honorees not yet paid under this key."""

    honorees: QuerySet[Honoree]
    count: int
    amount: Decimal
    already: int

    @property
    def total(self) -> Decimal:
        return self.amount * self.count


def eligible_honorees(
    *, org: Org, level: str = "", honor_type: HonorType | None = None, paid_on: date
) -> QuerySet[Honoree]:
    """Living honorees of `org`'s subtree holding an honor (not revoked) of the level / type."""
    qs = Honoree.objects.filter(org__path__startswith=org.path, alive=True)
    honors = {"honors__revoked": False}
    if level:
        honors["honors__honor_type__level"] = level
    if honor_type is not None:
        honors["honors__honor_type"] = honor_type
    return qs.filter(**honors).distinct().order_by("name", "id")


@atomic_keeping_denials
def allowance_batch_plan(
    *,
    actor: User,
    key: str,
    org: Org,
    amount,
    paid_on: date,
    level: str = "",
    honor_type: HonorType | None = None,
) -> BatchPlan:
    """The preview: who would be paid and the total (nothing written)."""
    _require_scope(actor, org)
    if level and level not in HonorLevel.values:
        raise ApplicationError(LEVEL_INVALID, field="level")
    amount = parse_yuan(amount, label=AMOUNT_LABEL, field="amount", positive=True)
    honorees = eligible_honorees(org=org, level=level, honor_type=honor_type, paid_on=paid_on)
    paid = Allowance.objects.filter(batch__key=key).values("honoree_id")
    pending = honorees.exclude(pk__in=paid)
    return BatchPlan(
        honorees=pending,
        count=pending.count(),
        amount=amount,
        already=honorees.filter(pk__in=paid).count(),
    )


def _clean_key(key: str) -> str:
    key = (key or "").strip().lower()
    if not key or len(key) > 60 or not all(c.isascii() and (c.isalnum() or c == "-") for c in key):
        raise ApplicationError(BATCH_KEY_INVALID, field="key")
    return key


@atomic_keeping_denials(durable=True)
def allowance_batch_generate(
    *,
    actor: User,
    key: str,
    title: str,
    org: Org,
    kind: str,
    period: str,
    amount,
    fund_source: str,
    paid_on: date,
    level: str = "",
    honor_type: HonorType | None = None,
) -> tuple[AllowanceBatch, int]:
    """Pay every eligible honoree once under `key`: generating again pays only those not paid
    yet (one row per (batch, honoree)). Returns (batch, rows added)."""
    _require_scope(actor, org)  # here, so that the refusal's audit row survives (outermost)
    key = _clean_key(key)
    period = _clean(kind, fund_source, period)
    title = clean_text(title, label="批次名称", field="title")
    if not title:
        raise ApplicationError(BATCH_TITLE_REQUIRED, field="title")
    plan = allowance_batch_plan(
        actor=actor,
        key=key,
        org=org,
        amount=amount,
        paid_on=paid_on,
        level=level,
        honor_type=honor_type,
    )
    fields = {
        "title": title[:80],
        "org": org,
        "kind": kind,
        "period": period,
        "amount": plan.amount,
        "fund_source": fund_source,
        "paid_on": paid_on,
        "level": level,
        "honor_type": honor_type,
    }
    batch = AllowanceBatch.objects.select_for_update().filter(key=key).first()
    if batch is None:
        batch = AllowanceBatch.objects.create(key=key, created_by=actor, **fields)
    elif any(getattr(batch, name) != value for name, value in fields.items() if name != "title"):
        raise ApplicationError(BATCH_KEY_TAKEN.format(key=key, title=batch.title), field="key")
    # Lock the honorees (a death recorded meanwhile waits); PostgreSQL cannot lock a DISTINCT.
    ids = list(plan.honorees.values_list("pk", flat=True))
    honorees = list(
        Honoree.objects.filter(pk__in=ids, alive=True).select_for_update().order_by("pk")
    )
    if not honorees and not plan.already:
        raise ApplicationError(BATCH_EMPTY, field="level")
    rows = [
        Allowance(
            honoree=h,
            kind=kind,
            period=period,
            amount=plan.amount,
            fund_source=fund_source,
            paid_on=paid_on,
            batch=batch,
            created_by=actor,
        )
        for h in honorees
    ]
    Allowance.objects.bulk_create(rows)
    per_org: dict[int, tuple[int, int]] = {}
    for h in honorees:
        n, f = per_org.get(h.org_id, (0, 0))
        per_org[h.org_id] = (n + 1, f + fen(plan.amount))
    stats_allowances_added(per_org=per_org)
    audit_record(
        actor=actor,
        action="allowance.batch",
        obj=batch,
        org=org,
        changes={
            "key": key,
            "kind": kind,
            "count": len(rows),
            "total": str(plan.amount * len(rows)),
        },
    )
    return batch, len(rows)


def allowance_rows(allowances: QuerySet[Allowance]):
    for a in allowances.select_related("honoree__org", "batch").iterator(chunk_size=500):
        yield [
            a.honoree.name,
            a.honoree.id_number_masked,
            a.honoree.org.name,
            a.get_kind_display(),
            a.period,
            a.amount,
            a.get_fund_source_display(),
            a.paid_on,
            a.batch.title if a.batch else "",
        ]


def allowance_export_xlsx(*, actor: User, allowances: QuerySet[Allowance], filters: dict):
    """The ledger as XLSX, ID numbers masked; audited. Returns a rewound temporary file."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the FileResponse closes it)
    count = xlsx_file("待遇发放台账", EXPORT_HEADER, allowance_rows(allowances), out)
    out.seek(0)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="honoree.export",
            org=actor.org,
            changes={"filters": filters, "count": count},
        )
    return out
