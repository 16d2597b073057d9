from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from gonghui.core.cleaning import CONTROL_CHARS, LINE_CONTROL_CHARS
from gonghui.core.context import client_ip
from gonghui.core.errorpages import error_template
from gonghui.core.errors import ApplicationError, Forbidden, NotFound

ADDRESS_CONTROL = (
    "网址或查询条件中含有空字符或其他不可见的控制字符，请删除后重试（多为复制粘贴带入）。"
)
FORM_CONTROL = (
    "提交的内容中含有空字符或其他不可见的控制字符，请删除后重新提交（多为复制粘贴带入）。"
)
BAD_REQUEST = "请求无法处理，请检查后重试。"
TOO_LARGE = "提交的内容过大（超过 {limit} MB），请减少内容后重试；上传文件请使用相应的导入页面。"


def too_large_message() -> str:
    return TOO_LARGE.format(limit=round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20, 1))


def _refuse(request, status: int, code: str, message: str):
    """The API's JSON error, or the workbench's and portal's Chinese page."""
    if request.path.startswith("/api/"):
        body = {"code": code, "message": message}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return render(
        request, error_template(request, "error.html"), {"message": message}, status=status
    )


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


class InputGuardMiddleware:
    """Refuse (400) a path, query parameter, cookie or posted form field holding a control
    character before any view, session or form reads it: PostgreSQL cannot store or compare NUL
    (a server error), and nothing of ours needs the others. Forms (core.forms), API schemas
    (core.cleaning's types) and imports check their fields again, naming the field, and refuse
    line breaks where a field is one line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *request.COOKIES.keys(), *request.COOKIES.values()]
        for key, items in request.GET.lists():
            values += [key, *items]
        if any(LINE_CONTROL_CHARS.search(value) for value in values):
            return _refuse(request, 400, "text_control", ADDRESS_CONTROL)
        if request.content_type == "application/x-www-form-urlencoded":
            # A form post: its fields may be multi-line. Multipart posts are left to the form
            # (reading them here would parse uploads before the view sets its limits).
            fields = [value for key, items in request.POST.lists() for value in (key, *items)]
            if any(CONTROL_CHARS.search(value) for value in fields):
                return _refuse(request, 400, "text_control", FORM_CONTROL)
        return self.get_response(request)


def bad_request(request, exception):
    """handler400: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is 413 with a Chinese answer (Django
    raises RequestDataTooBig when a view or middleware first reads the body); anything else
    Django refuses as suspicious is a Chinese 400."""
    if isinstance(exception, RequestDataTooBig):
        return _refuse(request, 413, "too_large", too_large_message())
    return _refuse(request, 400, "bad_request", BAD_REQUEST)


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
        template = error_template(request, template)
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
