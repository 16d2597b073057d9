from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from gonghui.audit.models import AuditLog, AuditResult, AuditSubject
from gonghui.audit.objects import (
    field_labels,
    models_by_name,
    object_type_label,
    object_url,
)
from gonghui.audit.registry import action_label, change_rows
from gonghui.audit.sealing import SealStatus, seal_status
from gonghui.core.access import access_in_scope

if TYPE_CHECKING:
    from gonghui.accounts.models import User


def audit_log_list(*, user: "User", action: str = "", username: str = "") -> QuerySet[AuditLog]:
    """Audit rows of the user's subtree: rows about objects there, or by staff there."""
    qs = AuditLog.objects.select_related("actor_org")
    if user.org_id is not None:
        path = user.org.path
        qs = qs.filter(Q(org_path__startswith=path) | Q(actor_org__path__startswith=path))
    if action:
        qs = qs.filter(action=action)
    if username:
        qs = qs.filter(actor_username=username)
    return qs


def audit_trail_of(*, user: "User", obj, org, own_actions: tuple[str, ...]) -> QuerySet[AuditLog]:
    """Who looked at `obj` (which belongs to `org`): its own rows of `own_actions` (unmasking)
    and every row that marked it as a subject (exports), newest first. Empty unless `org` lies
    in the user's subtree; callers decide who may see the trail at all."""
    if user.org_id is None and not user.is_superuser:
        return AuditLog.objects.none()
    if user.org_id is not None and not org.path.startswith(user.org.path):
        return AuditLog.objects.none()
    object_type, object_id = obj._meta.model_name, str(obj.pk)
    touched = AuditSubject.objects.filter(object_type=object_type, object_id=object_id)
    return (
        AuditLog.objects.filter(
            Q(object_type=object_type, object_id=object_id, action__in=own_actions)
            | Q(pk__in=touched.values("log_id"))
        )
        .select_related("actor_org")
        .order_by("-at", "-id")
    )


def audit_rows_labelled(*, user: "User", rows) -> list[AuditLog]:
    """`rows` with `label`, what the list shows as the object, and `action_label` and
    `change_rows` (the changed fields as (label, value), see gonghui/audit/registry.py).

    A refusal is seen by the requester's auditors (the row is theirs by its actor) and by the
    auditors of the object's subtree (by `org_path`). Only the latter may learn what the object
    was: for them the label is the object's name, read now; the others see its type and id
    (「会员 #12」). A refusal that names no object shows its own text (a page, a rule set).
    Older refusals kept the name in `object_repr`; it is shown by the same rule.
    One query per object type on the page.
    """
    rows = list(rows)
    scope = user.org.path if user.org_id is not None else ""
    models = models_by_name()
    wanted = defaultdict(set)
    for row in rows:
        row.label = row.object_repr
        row.action_label = action_label(row.action)
        row.change_rows = change_rows(row.action, row.changes, labels=field_labels(row.object_type))
        if row.result != AuditResult.DENIED or not (row.object_type and row.object_id):
            continue
        model = models.get(row.object_type)
        row.in_viewer_scope = bool(row.org_path) and row.org_path.startswith(scope)
        if model is not None and row.in_viewer_scope:
            wanted[model].add(row.object_id)
    found = {}
    for model, ids in wanted.items():
        try:
            objects = model._default_manager.in_bulk(list(ids))
        except (ValueError, TypeError):
            objects = {}
        found[model._meta.model_name] = {str(pk): obj for pk, obj in objects.items()}
    for row in rows:
        if row.result != AuditResult.DENIED or not (row.object_type and row.object_id):
            continue
        if row.in_viewer_scope:
            obj = found.get(row.object_type, {}).get(row.object_id)
            row.label = str(obj) if obj is not None else row.object_repr
        else:
            model = models.get(row.object_type)
            kind = model._meta.verbose_name if model is not None else row.object_type
            row.label = f"{kind} #{row.object_id}"
    return rows


AUDIT_LOG_NOT_FOUND = "没有找到这条审计日志，它可能不存在，或不在您的查看范围内。"


@dataclass(frozen=True)
class _FiledUnder:
    """Where the refusal of an audit row outside the scope is filed: the row's own subtree."""

    path: str


def _filed_under(row: AuditLog) -> _FiledUnder:
    actor_org = row.actor_org
    return _FiledUnder(row.org_path or (actor_org.path if actor_org is not None else ""))


def access_audit_log_by_id(user: "User", log_id) -> AuditLog:
    """One row of the user's log; outside it (or missing) the same 404, and the attempt is
    recorded as a refusal filed under the row's subtree."""
    return access_in_scope(
        audit_log_list(user=user).select_related("actor"),
        actor=user,
        message=AUDIT_LOG_NOT_FOUND,
        org_of=_filed_under,
        pk=log_id,
    )


@dataclass(frozen=True)
class AuditEntry:
    row: AuditLog
    object_type_label: str
    object_url: str
    seal: SealStatus


def audit_entry(*, user: "User", row: AuditLog) -> AuditEntry:
    """What a row's page shows: the row labelled as the list labels it, its object's type by
    name and, for auditors of the object's subtree, a link to the object's page; the state of
    its seal. A handful of queries whatever the row holds."""
    [row] = audit_rows_labelled(user=user, rows=[row])
    scope = user.org.path if user.org_id is not None else ""
    in_scope = not scope or (bool(row.org_path) and row.org_path.startswith(scope))
    return AuditEntry(
        row=row,
        object_type_label=object_type_label(row.object_type) if row.object_type else "",
        object_url=object_url(row.object_type, row.object_id) if in_scope else "",
        seal=seal_status(row),
    )
