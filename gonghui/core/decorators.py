"""The access declarations of a page: `permission_required(Perm.X)`, `signed_in` or `public`.

They need only `request.user` and the permission's code, so they live here, below every app
(the audit log's own page uses them). A refusal is recorded as `access.denied` by the recorder
the audit app registers when Django starts (core knows no app, so it cannot write the row).
"""

from functools import wraps
from typing import Protocol

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from gonghui.core.permissions import require_declared


class PermissionDenialRecorder(Protocol):
    def __call__(self, *, actor, path: str, perm: str) -> None: ...


_recorder: PermissionDenialRecorder | None = None


def record_permission_denials_with(recorder: PermissionDenialRecorder) -> None:
    """Called once by the audit app when Django starts."""
    global _recorder
    _recorder = recorder


def record_permission_denial(*, actor, path: str, perm: str) -> None:
    """Record that `actor` asked for `path` without holding `perm`."""
    if _recorder is None:
        raise ImproperlyConfigured(
            "No recorder of refused permissions: is gonghui.audit installed?"
        )
    _recorder(actor=actor, path=path, perm=perm)


def permission_required(perm: str):
    """Require a logged-in staff user holding `perm`; a refusal is audited.

    The permission is kept on the view as `required_permission`: the URLconf test reads it (and
    fails on one that no app declared); a permission no app declared fails here, at start-up.
    """
    require_declared(perm)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_perm(perm):
                record_permission_denial(actor=user, path=request.path, perm=perm)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_permission = perm
        return wrapper

    return decorator


def signed_in(view):
    """Any logged-in staff user, whatever his roles: his own account's pages (修改密码)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.signed_in_view = True
    return wrapper


def public(view):
    """Mark a view as needing no login (login page, health check)."""
    view.public_view = True
    return view
