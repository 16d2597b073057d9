from django.db.models import Q, QuerySet

from gonghui.audit.models import AuditLog, AuditSubject


def audit_log_list(*, user, action: str = "", username: str = "") -> QuerySet[AuditLog]:
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


def audit_trail_of(*, user, obj, org, own_actions: tuple[str, ...]) -> QuerySet[AuditLog]:
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
