from django.shortcuts import render

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
