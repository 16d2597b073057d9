from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import CharField
from django.db.models.functions import Cast

from gonghui.audit.models import AuditLog, AuditResult, AuditSubject
from gonghui.audit.registry import UnregisteredAuditAction, is_registered
from gonghui.core.context import client_ip
from gonghui.core.errors import ApplicationError

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gonghui.accounts.models import User


def audit_record(
    *,
    actor: "User | AnonymousUser | None",
    action: str,
    obj: models.Model | None = None,
    org=None,
    changes: dict[str, Any] | None = None,
    result: str = AuditResult.SUCCESS,
    object_repr: str = "",
) -> AuditLog:
    """Append one audit row. Call it inside the same transaction as the write it records.

    `changes` must already hold masked values for personal fields: the audit log is read by
    auditors who may not see personal data in full.

    A refusal names its object by type and id only, never by `str(obj)`: the requester's own
    auditors read the row, and the object may lie outside their subtree (the list renders the
    label at read time, for auditors whose subtree holds the row's org; see selectors).

    `action` must be declared in an app's `audit_actions.py`; with
    `GONGHUI_AUDIT_STRICT_ACTIONS` (tests) an undeclared one raises.
    """
    if settings.GONGHUI_AUDIT_STRICT_ACTIONS and not is_registered(action):
        raise UnregisteredAuditAction(
            f"audit action {action!r} has no label: declare it in the app's audit_actions.py"
        )
    actor = actor if getattr(actor, "is_authenticated", False) else None
    actor_org = getattr(actor, "org", None)
    refused = result == AuditResult.DENIED
    scope_org = org or actor_org
    return AuditLog.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        actor_org=actor_org,
        org_path=scope_org.path if scope_org else "",
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None and not refused else ""))[:200],
        changes=changes or {},
        ip=client_ip.get(),
        result=result,
    )


def audit_access_denied(*, actor: "User", obj: models.Model, org) -> AuditLog:
    """The refusal of an object outside the actor's scope (see `gonghui.core.access`), filed
    under the object's org, so that only auditors over that org see what it was."""
    return audit_record(
        actor=actor, action="access.denied", obj=obj, org=org, result=AuditResult.DENIED
    )


def audit_permission_denied(*, actor: "User", path: str, perm: str) -> AuditLog:
    """The refusal of a page or API operation to a user without its permission (see
    `gonghui.core.decorators`)."""
    return audit_record(
        actor=actor,
        action="access.denied",
        object_repr=path,
        changes={"permission": perm},
        result=AuditResult.DENIED,
    )


def denial(error: ApplicationError, **audit: Any) -> ApplicationError:
    """Attach the audit row of a refusal to the error it raises; `atomic_keeping_denials`
    writes it."""
    error.denial = audit
    return error


def atomic_keeping_denials(func=None, *, durable: bool = False):
    """`transaction.atomic` for a service, except that a refusal keeps its audit row.

    A refusal rolls the service's transaction back, and an audit row written inside would go
    with it; so the refusal carries its row out (see `denial`) and it is written here, after
    the rollback.

    `@atomic_keeping_denials(durable=True)` marks an entry point (views, the API, tasks call
    it; no other service does): its transaction is the outermost, so its commit is final.
    """
    if func is None:
        return lambda f: atomic_keeping_denials(f, durable=durable)

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic(durable=durable):
                return func(*args, **kwargs)
        except ApplicationError as exc:
            audit = getattr(exc, "denial", None)
            if audit is not None:
                exc.denial = None
                audit_record(result=AuditResult.DENIED, **audit)
            raise

    return wrapper


def audit_subjects_mark(
    *, log: AuditLog, queryset: models.QuerySet, field: str = "pk", object_type: str = ""
) -> None:
    """Record every object of `queryset` — or, with `field` and `object_type`, every object its
    rows point to (an archive's `member`) — as touched by `log`: one INSERT … SELECT in the
    database, so a province-wide export costs no Python loop."""
    ids = (
        queryset.order_by()
        .exclude(**{f"{field}__isnull": True})
        .annotate(subject_id=Cast(field, CharField()))
        .values("subject_id")
    )
    select, params = ids.query.sql_with_params()
    table = connection.ops.quote_name(AuditSubject._meta.db_table)
    # Only our own table name and the ORM's SQL are formatted in; every value is a parameter.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (log_id, object_type, object_id)"
            f" SELECT %s, %s, s.subject_id FROM ({select}) s",
            [log.pk, object_type or queryset.model._meta.model_name, *params],
        )
