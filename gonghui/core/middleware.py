from django.conf import settings
from django.shortcuts import render

from gonghui.core.context import client_ip
from gonghui.core.errors import ApplicationError, Forbidden, NotFound


def client_address(request) -> str | None:
    """The client's IP address: REMOTE_ADDR, or, when that is one of `GONGHUI_TRUSTED_PROXIES`
    (the reverse proxies in front of gunicorn), the last address in X-Forwarded-For that is not
    one of them — the one the nearest trusted proxy saw. Earlier entries are the client's own
    claim and are never believed. Rate limits and the audit trail count by this address."""
    address = request.META.get("REMOTE_ADDR")
    trusted = settings.GONGHUI_TRUSTED_PROXIES
    if address not in trusted:
        return address
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(forwarded):
        if hop and hop not in trusted:
            return hop
    return address


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_ip.set(client_address(request))
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
