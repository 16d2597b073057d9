"""API access: the token endpoint, bearer authentication, and the permission gate that every
other endpoint declares."""

from functools import wraps

from django.conf import settings
from ninja import Router
from ninja.security import HttpBearer

from gonghui.accounts.decorators import public
from gonghui.accounts.schemas import TokenIn, TokenOut
from gonghui.accounts.services import token_issue, token_user
from gonghui.core.decorators import record_permission_denial
from gonghui.core.errors import Forbidden
from gonghui.core.permissions import require_declared

PERMISSION_DENIED = "您的账号没有进行此项操作的权限，如需开通请联系本单位系统管理员。"


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = token_user(token)
        if user is not None:
            # Selectors and services take the acting user from `request.user`, as in the
            # workbench; the session user set by AuthenticationMiddleware does not count here.
            request.user = user
        return user


def require(perm: str):
    """Refuse a caller without `perm` (403, audited).

    The permission is kept on the function as `required_permission`: a test walks the API and
    fails on an authenticated operation that declares none. A permission no app declared fails
    at start-up.
    """
    require_declared(perm)

    def decorator(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                record_permission_denial(actor=request.user, path=request.path, perm=perm)
                raise Forbidden(PERMISSION_DENIED)
            return func(request, *args, **kwargs)

        wrapper.required_permission = perm
        return wrapper

    return decorator


router = Router(tags=["认证"])


@router.post(
    "/token",
    auth=None,
    response=TokenOut,
    summary="获取访问令牌",
    openapi_extra={"responses": {403: {"description": "账号已锁定"}}},
)
@public
def auth_token(request, payload: TokenIn):
    """Exchange username and password for a bearer token. Five failures lock the username for
    15 minutes."""
    try:
        token = token_issue(request=request, username=payload.username, password=payload.password)
    finally:
        # The lockout is answered here, as JSON; left flagged, AxesMiddleware would swap the
        # response for the workbench's HTML lockout page.
        request.axes_locked_out = False
    return {"token": token, "expires_in": settings.API_TOKEN_TTL_HOURS * 3600}
