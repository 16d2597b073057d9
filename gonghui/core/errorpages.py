"""Error pages (404, 403, 500, CSRF failure, and the 400/413 and ApplicationError pages of the
middleware) in the layout of the part of the site they answer for.

The workbench's pages are this app's templates (`404.html`, …). An app serving another part
(the workers' portal under /m/) registers its path prefix and a template folder holding the same
names; core knows no app, so the app calls `serve_error_pages_under` when Django starts.
"""

from django.http import HttpResponseServerError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

CSRF_TITLE = "提交未被接受"
CSRF_FAILED = "页面已过期或来源无法核实，提交未被接受。请返回上一页，刷新后重新提交。"
CSRF_NO_COOKIE = (
    "提交未被接受：浏览器没有保存本站的 Cookie。请在浏览器设置中允许 Cookie，刷新后重试。"
)

# The answer when even the 500 template cannot be rendered (a broken template or static file).
BARE_500 = (
    '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>系统出错 · 智慧工会</title></head><body><h1>系统出错了</h1>"
    "<p>服务器处理您的请求时出错，错误已记录。请稍后重试。</p>"
    '<p><a href="{home}">返回首页</a></p></body></html>'
)

# (path prefix, template folder, home address), longest prefix first.
_parts: list[tuple[str, str, str]] = []


def serve_error_pages_under(prefix: str, *, templates: str, home: str) -> None:
    """Pages under `prefix` show their errors with `templates` + the template's name
    (`templates="portal/errors/"` → `portal/errors/404.html`); `home` is where the bare
    fallback 500 page links."""
    _parts.append((prefix, templates, home))
    _parts.sort(key=lambda part: -len(part[0]))


def _part(path: str) -> tuple[str, str, str]:
    return next((part for part in _parts if path.startswith(part[0])), ("/", "", "/"))


def error_template(request, name: str) -> str:
    """The template `name` (`404.html`, `error.html`, …) of the part of the site `request` is in."""
    return _part(request.path_info)[1] + name


def page_not_found(request, exception):
    """handler404."""
    return render(request, error_template(request, "404.html"), status=404)


def permission_denied(request, exception):
    """handler403."""
    return render(request, error_template(request, "403.html"), status=403)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a Chinese page in the part's layout, whatever the reason."""
    message = CSRF_NO_COOKIE if reason == REASON_NO_CSRF_COOKIE else CSRF_FAILED
    context = {"title": CSRF_TITLE, "message": message}
    return render(request, error_template(request, "403.html"), context, status=403)


def server_error(request):
    """handler500: rendered without the request's context — no session, no user, no database
    (the error may be that the database is down) — and with a bare page should that fail too."""
    _, templates, home = _part(request.path_info)
    try:
        body = loader.get_template(templates + "500.html").render()
    except Exception:  # the error page must answer whatever broke
        body = BARE_500.format(home=home)
    return HttpResponseServerError(body)
