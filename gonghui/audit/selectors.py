from django.db.models import Q, QuerySet

from gonghui.audit.models import AuditLog


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
