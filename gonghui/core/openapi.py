"""The error answers of every API operation, added to the OpenAPI document.

Which statuses an operation can give follows from what it is, the same rules the API applies:
every operation may be refused (400: a service's refusal, a control character in the address,
a body that is not a JSON object); one with parameters or a body may be malformed (422); one
with a body may be too large (413); one behind the bearer token may lack it (401) or the
permission (403); an object named in the path, an `org` filter or a page past the last may be
missing (404); a write may clash with the current state (409). Statuses an operation declares
itself (429 of the rate-limited ones, a public 404) are kept.
"""

from typing import Any

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "description": "每个错误回答的格式：`code` 供程序判断，`message` 是给用户看的中文说明。",
    "properties": {
        "code": {
            "type": "string",
            "description": (
                "错误类别，例如 invalid 参数有误；bad_request 请求体无法解析；"
                "text_control 含控制字符；unauthorized 未登录；forbidden 无权限；"
                "locked_out 账号已锁定；not_found 不存在；conflict 状态已变化；"
                "too_large 请求过大；rate_limited 过于频繁"
            ),
        },
        "message": {"type": "string", "description": "中文说明，告诉用户下一步怎么做"},
        "field": {"type": "string", "description": "出错的字段（如有）"},
        "errors": {
            "type": "array",
            "description": "422：逐项列出格式错误（type、loc、msg）",
            "items": {"type": "object"},
        },
    },
    "required": ["code", "message"],
}

DESCRIPTIONS = {
    400: "请求被拒绝（内容不符合业务规则、含控制字符或请求体不是 JSON 对象）",
    401: "缺少或无效的访问令牌",
    403: "没有进行此项操作的权限，或账号已锁定",
    404: "对象不存在或不在本工会及下级工会范围内，或页码超出范围",
    409: "对象已被他人处理或状态已变化，请刷新后重试",
    413: "请求内容过大",
    422: "参数格式有误",
    429: "尝试过于频繁，请稍后再试",
}

_REF = {"$ref": "#/components/schemas/Error"}


def _statuses(operation: dict[str, Any], method: str, path: str) -> set[int]:
    params = operation.get("parameters", [])
    names = {p["name"] for p in params}
    has_body = "requestBody" in operation
    statuses = {400}
    if params or has_body:
        statuses.add(422)
    if has_body:
        statuses.add(413)
    if operation.get("security"):
        statuses |= {401, 403}
        if method == "post":
            statuses.add(409)
        if "{" in path or names & {"org", "page"}:
            statuses.add(404)
    return statuses


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            declared = {int(status) for status in responses if int(status) >= 400}
            for status in sorted(_statuses(operation, method, path) | declared):
                responses.pop(str(status), None)
                responses[status] = {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": _REF}},
                }
    return schema
