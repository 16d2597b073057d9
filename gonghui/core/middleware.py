from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from gonghui.core.context import client_ip
from gonghui.core.errors import ApplicationError, Forbidden, NotFound


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)


class ApplicationErrorMiddleware:
    """Turn an ApplicationError that escaped a view into a Chinese error page.

    Selectors raise NotFound for objects missing or out of scope (404), services raise Forbidden
    (403); views catch the other ApplicationErrors on their forms, and any left over is shown
    as a plain message with its own status.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ApplicationError) or request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            template = "404.html"
        elif isinstance(exception, Forbidden):
            template = "403.html"
        else:
            template = "error.html"
        return render(request, template, {"message": exception.message}, status=exception.status)


# The API's own description: public and the same for everyone, so it may be cached.
_API_PUBLIC_VIEWS = {"openapi-json", "openapi-view"}


def _may_hold_personal_data(request, response) -> bool:
    if response.get("Content-Disposition", "").startswith("attachment"):
        return True  # every download: exports, error reports, photos, certificates
    if request.method not in ("GET", "HEAD"):
        return True  # answers to a form or an API call echo what was sent (look-ups, receipts)
    match = request.resolver_match
    if match and "api" in match.namespaces and match.url_name not in _API_PUBLIC_VIEWS:
        return True  # token clients: the middleware cannot tell who they are, so all of it
    if request.user.is_authenticated:
        return True  # the workbench and the admin
    # The portal's worker (WorkerMiddleware), duck-typed: core imports no app. A lazy object
    # around None is still truthy, hence the pk.
    return getattr(getattr(request, "worker", None), "pk", None) is not None


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response that may show personal data, so that neither
    the browser (back button, disk cache of a shared office PC) nor a proxy keeps a copy: any
    page of a logged-in staff user or worker, every API answer, every download and every answer
    to a POST. Public pages (the portal's site map, the login page) and static files — served by
    WhiteNoise before this runs — stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _may_hold_personal_data(request, response):
            add_never_cache_headers(response)
        return response
