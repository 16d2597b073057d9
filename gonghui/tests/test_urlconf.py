"""Every page of the workbench declares the permission it needs, or says it is public.

Walks the whole URLconf; the admin (superusers only, Django's own checks) and the ninja API
(whose endpoints are tested by tests/test_api.py) are left out.
"""

from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, include, path
from django.views import View

from gonghui.accounts.decorators import permission_required, public, signed_in
from gonghui.accounts.permissions import Perm
from gonghui.portal.auth import worker_required

SKIPPED_NAMESPACES = {"admin", "api"}


def walk(patterns, prefix=""):
    """(route, url name, view callable) of every view under `patterns`, through includes."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            for route, name, view in walk(entry.url_patterns, prefix + str(entry.pattern)):
                yield route, (namespace + name if name else name), view
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name, entry.callback


def _declares_access(view) -> bool:
    # Staff pages name a permission (or, for one's own account, `signed_in_view`), portal
    # pages for logged-in workers say `worker_view`.
    # A class-based view's as_view() function, or the decorator's wrapper around it.
    candidates = [view, getattr(view, "view_class", None)]
    return any(
        getattr(c, "public_view", False)
        or getattr(c, "worker_view", False)
        or getattr(c, "signed_in_view", False)
        or getattr(c, "required_permission", None)
        for c in candidates
        if c is not None
    )


def undeclared(patterns) -> list[str]:
    return [route for route, _, view in walk(patterns) if not _declares_access(view)]


def test_every_view_declares_a_permission_or_is_public():
    assert undeclared(get_resolver().url_patterns) == []


def test_the_walker_sees_the_workbench():
    views = {name: view for _, name, view in walk(get_resolver().url_patterns)}
    assert len(views) > 10
    expected = {
        "accounts:login", "accounts:logout", "accounts:password_change",
        "orgs:home", "orgs:detail", "orgs:children", "orgs:create_child", "orgs:edit",
        "orgs:dissolve",
        "members:list", "members:create", "members:detail", "members:edit", "members:unmask",
        "members:retain", "members:leave", "members:member_transfer", "members:transfers",
        "members:transfer_approve", "members:transfer_reject", "members:transfer_cancel",
        "audit:list",
    }  # fmt: skip
    assert expected <= set(views)
    assert not any(name and name.startswith(("admin:", "api:")) for name in views)
    assert views["members:unmask"].required_permission == Perm.MEMBER_PII
    assert views["audit:list"].required_permission == Perm.AUDIT_VIEW
    assert views["accounts:login"].public_view
    assert views["accounts:password_change"].signed_in_view
    assert views["orgs:staff_list"].required_permission == Perm.STAFF_MANAGE


def _view():
    def view(request):
        return HttpResponse("")

    return view


def test_the_walker_catches_an_undecorated_view():
    inner = [
        path("guarded/", permission_required(Perm.ORG_VIEW)(_view())),
        path("open/", public(_view())),
        path("worker/", worker_required(_view())),
        path("mine/", signed_in(_view())),
        path("forgotten/", _view()),
        path("class-guarded/", permission_required(Perm.ORG_VIEW)(View.as_view())),
        path("class-forgotten/", View.as_view()),
    ]
    patterns = [path("app/", include((inner, "app"))), path("top/", _view())]
    assert undeclared(patterns) == ["app/forgotten/", "app/class-forgotten/", "top/"]
