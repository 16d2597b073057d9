"""The project's URLconf plus views that fail on purpose, in the workbench and under the portal
(/m/), for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from gonghui.urls import handler400, handler403, handler404, handler500
from gonghui.urls import urlpatterns as project_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def fail(request):
    raise RuntimeError("a bug in a view")


def deny(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a malformed request")


urlpatterns = [
    path(f"{prefix}test-errors/{name}/", view)
    for prefix in ("", "m/", "m/sites/", "m/assistance/")
    for name, view in (("fail", fail), ("deny", deny), ("suspicious", suspicious))
] + project_urlpatterns
