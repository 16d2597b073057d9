"""A contest's record: create (with its place in a chain of linked levels), edit, move along its
status, attach its 方案 and 奖励办法 files."""

from datetime import date
from typing import Any

from gonghui.accounts.models import User
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.competitions.contests.figures import contest_figures, stats_contest_changed
from gonghui.competitions.contests.rules import LEVEL_LABELS, TRANSITIONS, chain_of, level_of
from gonghui.competitions.contests.services.common import (
    contest_snapshot,
    require_host_scope,
    require_org_scope,
)
from gonghui.competitions.models import (
    Competition,
    ContestClass,
    ContestDocument,
    ContestKind,
    ContestStatus,
)
from gonghui.core import uploads
from gonghui.core.cleaning import clean_text
from gonghui.core.errors import ApplicationError, Conflict
from gonghui.inbox.services import refresh
from gonghui.orgs.models import Org

NAME_REQUIRED = "请填写竞赛名称。"
NAME_TOO_LONG = "竞赛名称不能超过120个字。"
KIND_INVALID = "请选择竞赛类型。"
CLASS_INVALID = "请选择竞赛类别（一类、二类、三类）。"
LABEL_INVALID = "级别标注只能是：{labels}。"
HOST_INACTIVE = "「{name}」已撤销或合并，不能主办竞赛。"
DATES_ORDER = "结束日期不能早于开始日期。"
DEADLINE_AFTER_END = "报名截止日期不能晚于结束日期。"
TRADES_INVALID = "工种每项不超过30个字，最多100项。"
PARENT_NOT_ABOVE = "上级竞赛须由本工会或上级工会主办（「{host}」不在「{parent}」的范围内）。"
PARENT_CLOSED = "上级竞赛「{name}」已{status}，不能再建分赛或选拔赛。"
PARENT_DRAFT = "上级竞赛「{name}」尚未发布，不能在其下建分赛或选拔赛。"
TRANSITION_INVALID = "竞赛当前为「{status}」，不能改为「{target}」。"
DOCUMENT_EMPTY = "请选择要上传的文件。"
DOCUMENT_TOO_LARGE = "文件不能超过 5 MB，请压缩后重新上传。"
DOCUMENT_TYPE = "只能上传 PDF 文件或 JPEG、PNG 图片。"
DOCUMENT_KIND = "请选择文件类别（竞赛方案或奖励办法）。"

ACCEPTED_TYPES = uploads.PROOF_TYPES
EDITABLE = (
    "name",
    "kind",
    "contest_class",
    "level_label",
    "co_organisers",
    "industry_chain",
    "trades",
    "starts_on",
    "ends_on",
    "entry_deadline",
    "results_due",
    "rules",
    "prizes",
)


def _trades(trades: Any) -> list[str]:
    if isinstance(trades, str):
        trades = trades.replace("，", ",").replace("、", ",").replace("\n", ",").split(",")
    cleaned: list[str] = []
    for trade in trades or []:
        trade = clean_text(str(trade), label="工种", field="trades").strip()
        if not trade:
            continue
        if len(trade) > 30:
            raise ApplicationError(TRADES_INVALID, field="trades")
        if trade not in cleaned:
            cleaned.append(trade)
    if len(cleaned) > 100:
        raise ApplicationError(TRADES_INVALID, field="trades")
    return cleaned


def _clean(
    *,
    name: str,
    kind: str,
    contest_class: str,
    level_label: str,
    co_organisers: str,
    industry_chain: str,
    trades: Any,
    starts_on: date,
    ends_on: date,
    entry_deadline: date | None,
    results_due: date | None,
    rules: str,
    prizes: str,
) -> dict[str, Any]:
    name = clean_text(name or "", label="竞赛名称", field="name").strip()
    if not name:
        raise ApplicationError(NAME_REQUIRED, field="name")
    if len(name) > 120:
        raise ApplicationError(NAME_TOO_LONG, field="name")
    if kind not in ContestKind.values:
        raise ApplicationError(KIND_INVALID, field="kind")
    if contest_class not in ContestClass.values:
        raise ApplicationError(CLASS_INVALID, field="contest_class")
    level_label = (level_label or "").strip()
    if level_label and level_label not in LEVEL_LABELS:
        raise ApplicationError(
            LABEL_INVALID.format(labels="、".join(LEVEL_LABELS)), field="level_label"
        )
    if ends_on < starts_on:
        raise ApplicationError(DATES_ORDER, field="ends_on")
    if entry_deadline and entry_deadline > ends_on:
        raise ApplicationError(DEADLINE_AFTER_END, field="entry_deadline")
    return {
        "name": name,
        "kind": kind,
        "contest_class": contest_class,
        "level_label": level_label,
        "co_organisers": clean_text(co_organisers or "", label="协办单位").strip()[:300],
        "industry_chain": clean_text(industry_chain or "", label="产业链").strip()[:120],
        "trades": _trades(trades),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "entry_deadline": entry_deadline,
        "results_due": results_due,
        "rules": clean_text(rules or "", multiline=True, label="竞赛方案").strip(),
        "prizes": clean_text(prizes or "", multiline=True, label="奖励办法").strip(),
    }


def _check_parent(parent: Competition, host: Org) -> None:
    if not host.path.startswith(parent.host.path):
        raise ApplicationError(
            PARENT_NOT_ABOVE.format(host=host.name, parent=parent.host.name), field="parent"
        )
    if parent.status == ContestStatus.DRAFT:
        raise ApplicationError(PARENT_DRAFT.format(name=parent.name), field="parent")
    if parent.status in (ContestStatus.AWARDED, ContestStatus.ARCHIVED):
        raise ApplicationError(
            PARENT_CLOSED.format(name=parent.name, status=parent.get_status_display()),
            field="parent",
        )


@atomic_keeping_denials
def contest_create(
    *,
    actor: User,
    host: Org,
    parent: Competition | None = None,
    name: str,
    kind: str,
    contest_class: str,
    starts_on: date,
    ends_on: date,
    level_label: str = "",
    co_organisers: str = "",
    industry_chain: str = "",
    trades: Any = (),
    entry_deadline: date | None = None,
    results_due: date | None = None,
    rules: str = "",
    prizes: str = "",
) -> Competition:
    require_org_scope(actor, host, host)
    if not host.is_active:
        raise ApplicationError(HOST_INACTIVE.format(name=host.name), field="host")
    fields = _clean(
        name=name,
        kind=kind,
        contest_class=contest_class,
        level_label=level_label,
        co_organisers=co_organisers,
        industry_chain=industry_chain,
        trades=trades,
        starts_on=starts_on,
        ends_on=ends_on,
        entry_deadline=entry_deadline,
        results_due=results_due,
        rules=rules,
        prizes=prizes,
    )
    if parent is not None:
        _check_parent(parent, host)
    contest = Competition.objects.create(
        host=host, parent=parent, level=level_of(host), created_by=actor, **fields
    )
    contest.chain = chain_of(contest)
    contest.save(update_fields=["chain"])
    audit_record(
        actor=actor,
        action="competitions.contest.create",
        obj=contest,
        org=host,
        changes=contest_snapshot(contest),
    )
    return contest


@atomic_keeping_denials(durable=True)
def contest_update(*, actor: User, contest: Competition, **values: Any) -> Competition:
    """Edit the contest's own fields (its host and parent stay: they place it in the chain)."""
    contest = (
        Competition.objects.select_for_update(of=("self",))
        .select_related("host", "parent")
        .get(pk=contest.pk)
    )
    require_host_scope(actor, contest)
    before = contest_snapshot(contest)
    current = {key: getattr(contest, key) for key in EDITABLE}
    fields = _clean(**{**current, **values})
    counted = contest_figures(contest)
    for key, value in fields.items():
        setattr(contest, key, value)
    after = contest_snapshot(contest)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes or fields["rules"] != current["rules"] or fields["prizes"] != current["prizes"]:
        contest.save()
        stats_contest_changed(counted, contest)
        refresh(contest)
        audit_record(
            actor=actor,
            action="competitions.contest.update",
            obj=contest,
            org=contest.host,
            changes=changes,
        )
    return contest


@atomic_keeping_denials(durable=True)
def contest_transition(*, actor: User, contest: Competition, status: str) -> Competition:
    contest = (
        Competition.objects.select_for_update(of=("self",))
        .select_related("host")
        .get(pk=contest.pk)
    )
    require_host_scope(actor, contest)
    allowed = dict(TRANSITIONS.get(contest.status, ()))
    if status not in allowed:
        target = ContestStatus(status).label if status in ContestStatus.values else status
        raise Conflict(
            TRANSITION_INVALID.format(status=contest.get_status_display(), target=target),
            field="status",
        )
    before = contest.status
    counted = contest_figures(contest) if before == ContestStatus.DRAFT else None
    contest.status = status
    contest.save(update_fields=["status", "updated_at"])
    if counted is not None:  # only leaving 草稿 changes what the contest counts
        stats_contest_changed(counted, contest)
    refresh(contest)
    audit_record(
        actor=actor,
        action="competitions.contest.transition",
        obj=contest,
        org=contest.host,
        changes={"status": [before, status]},
    )
    return contest


@atomic_keeping_denials(durable=True)
def contest_document_add(
    *, actor: User, contest: Competition, kind: str, upload
) -> ContestDocument:
    contest = (
        Competition.objects.select_for_update(of=("self",))
        .select_related("host")
        .get(pk=contest.pk)
    )
    require_host_scope(actor, contest)
    if kind not in ContestDocument.Kind.values:
        raise ApplicationError(DOCUMENT_KIND, field="kind")
    if upload is None or not upload.size:
        raise ApplicationError(DOCUMENT_EMPTY, field="file")
    if upload.size > uploads.PDF_MAX_BYTES:
        raise ApplicationError(DOCUMENT_TOO_LARGE, field="file")
    data = upload.read(uploads.PDF_MAX_BYTES + 1)
    if len(data) > uploads.PDF_MAX_BYTES:
        raise ApplicationError(DOCUMENT_TOO_LARGE, field="file")
    content_type = uploads.content_type(data, ACCEPTED_TYPES)
    if content_type is None:
        raise ApplicationError(DOCUMENT_TYPE, field="file")
    name = clean_text(getattr(upload, "name", "") or "文件", label="文件名").strip()[-120:]
    document = ContestDocument.objects.create(
        competition=contest,
        kind=kind,
        filename=name,
        data=data,
        content_type=content_type,
        size=len(data),
    )
    audit_record(
        actor=actor,
        action="competitions.contest.document",
        obj=contest,
        org=contest.host,
        changes={"document": name, "bytes": len(data)},
    )
    return document
