"""/api/v1/: bearer-token auth on every operation but the token endpoint, OpenAPI docs served
from vendored assets, and every error answered as JSON `{"code", "message"}` in Chinese."""

import json
import logging

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from gonghui.accounts.api import BearerToken
from gonghui.accounts.api import router as accounts_router
from gonghui.accounts.decorators import public
from gonghui.competitions.api import router as competitions_router
from gonghui.competitions.quiz.api import router as quizzes_router
from gonghui.competitions.studios.api import router as studios_router
from gonghui.competitions.training.api import router as training_router
from gonghui.core.errors import ApplicationError
from gonghui.core.middleware import too_large_message
from gonghui.core.openapi import document_errors
from gonghui.honors.api import router as honors_router
from gonghui.hotline.api import router as hotline_router
from gonghui.members.api import router as members_router
from gonghui.members.api import transfers_router
from gonghui.members.teams.api import router as teams_router
from gonghui.orgs.api import router as orgs_router
from gonghui.recuperation.api import router as recuperation_router

logger = logging.getLogger("django.request")

UNAUTHORIZED = "请先登录：缺少或无效的访问令牌。"
INVALID = "请求参数有误：{problems}。"
BAD_REQUEST = "请求内容无法解析，请确认请求体是有效的 JSON 对象（{…}）。"
NOT_FOUND = "找不到请求的资源，请核对地址后重试。"
SERVER_ERROR = "服务器内部错误，请稍后重试；如果一直出现，请联系系统管理员。"

# How pydantic's error types read to a client developer; anything else is "格式不正确".
_PROBLEMS = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "string_type": "应为文本",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_from_datetime_parsing": "应为 YYYY-MM-DD 格式的日期",
    "date_parsing": "应为 YYYY-MM-DD 格式的日期",
    "date_type": "应为 YYYY-MM-DD 格式的日期",
    "greater_than_equal": "不能小于 {ge}",
    "string_too_long": "不能超过 {max_length} 个字",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "line_control": "只能填写一行，不能含空字符、其他控制字符、换行符或制表符",
    "text_control": "不能含空字符或其他不可见的控制字符",
    "string_unicode": "含有无效的字符",
    "less_than_equal": "不能大于 {le}",
    "code_choice": "应为以下代码之一：{labels}",
}


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 text rather than \\u escapes: readable in logs and curl, and shorter."""

    json_dumps_params = {"ensure_ascii": False}


class ObjectParser(Parser):
    """Every body is a JSON object sent as application/json: a bare number, string or list
    (`-297569`), or a form, is refused with a 400 rather than left for a lenient schema to
    ignore."""

    def parse_body(self, request):
        if request.content_type != "application/json":
            raise ValueError("the body is not JSON")
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("the body is not a JSON object")
        return data


class GonghuiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors(schema)


api = GonghuiAPI(
    title="智慧工会 API",
    version="1",
    description="所有接口（获取令牌除外）都需在请求头带上 `Authorization: Bearer <令牌>`。",
    urls_namespace="api",
    auth=BearerToken(),
    docs_url="/docs",
    renderer=ChineseJSONRenderer(),
    parser=ObjectParser(),
)
api.add_router("/auth", accounts_router)
api.add_router("/orgs", orgs_router)
api.add_router("/members", members_router)
api.add_router("/transfers", transfers_router)
api.add_router("/teams", teams_router)
api.add_router("/recuperation", recuperation_router)
api.add_router("/hotline", hotline_router)
api.add_router("/honors", honors_router)
api.add_router("/competitions", competitions_router)
api.add_router("/studios", studios_router)
api.add_router("/quizzes", quizzes_router)
api.add_router("/training", training_router)

# Mounted last: any other path under /api/v1/ gets a JSON 404, not the site's HTML page.
_fallback = Router()


@_fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
)
@public
def not_found(request, rest: str):
    raise Http404


api.add_router("", _fallback)


def _error(request, status: int, code: str, message: str, **extra):
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(ApplicationError)
def _application_error(request, exc: ApplicationError):
    extra = {"field": exc.field} if exc.field else {}
    return _error(request, exc.status, exc.code, exc.message, **extra)


def _problem(error: dict) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    # ("body", "payload", "joined_on") -> "joined_on"; a missing body is "请求体".
    field = loc[-1] if len(loc) > 2 or loc[:1] != ["body"] else "请求体"
    text = _PROBLEMS.get(error.get("type"), "格式不正确")
    return f"{field} {text.format(**error.get('ctx', {}))}"


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    problems = "；".join(_problem(error) for error in exc.errors)
    # The input is not echoed: it may be personal data, or text that cannot be encoded.
    errors = [{key: e[key] for key in ("type", "loc", "msg") if key in e} for e in exc.errors]
    return _error(request, 422, "invalid", INVALID.format(problems=problems), errors=errors)


@api.exception_handler(MultiPartParserError)
def _unreadable(request, exc: MultiPartParserError):
    return _error(request, 400, "bad_request", BAD_REQUEST)


@api.exception_handler(RequestDataTooBig)
def _too_large(request, exc: RequestDataTooBig):
    return _error(request, 413, "too_large", too_large_message())


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc: AuthenticationError):
    response = _error(request, 401, "unauthorized", UNAUTHORIZED)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # Ninja raises these itself, chiefly for a body that is not JSON.
    return _error(request, exc.status_code, "bad_request", BAD_REQUEST)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return _error(request, 404, "not_found", NOT_FOUND)


@api.exception_handler(Exception)
def _server_error(request, exc: Exception):
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    return _error(request, 500, "server_error", SERVER_ERROR)
