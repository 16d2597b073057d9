from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record


def permission_required(perm: str):
    """Require a logged-in staff user holding `perm`; a refusal is audited.

    The permission is kept on the view as `required_permission`: the URLconf test reads it.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_perm(perm):
                audit_record(
                    actor=user,
                    action="access.denied",
                    object_repr=request.path,
                    changes={"permission": perm},
                    result=AuditResult.DENIED,
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_permission = perm
        return wrapper

    return decorator


def public(view):
    """Mark a view as needing no login (login page, health check)."""
    view.public_view = True
    return view
