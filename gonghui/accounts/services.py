import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import ApiToken, User, UserSession
from gonghui.audit.models import AuditResult
from gonghui.audit.services import audit_record
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.orgs.models import Org

LOGIN_FAILED = "用户名或密码错误，请重新输入。"
LOCKED_OUT = "登录失败次数过多，账号已锁定 15 分钟，请稍后再试。"
USER_INACTIVE = "该账号已停用，请联系管理员。"
CANNOT_DEACTIVATE_SELF = "不能停用自己的账号。"


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_issue(*, request, username: str, password: str) -> str:
    """Check the password (through django-axes, so failures count towards the lockout)."""
    from axes.helpers import get_lockout_message  # noqa: F401  (imported for axes' checks)

    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise Forbidden(LOCKED_OUT, code="locked_out")
    if user is None:
        raise ApplicationError(LOGIN_FAILED, code="login_failed")
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        key_hash=token_hash(key),
        expires_at=timezone.now() + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
    )
    audit_record(actor=user, action="auth.token", obj=user)
    return key


def token_user(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user", "user__org")
        .filter(key_hash=token_hash(key), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    return token.user if token else None


@transaction.atomic
def user_create(
    *, actor, username: str, password: str, org: Org | None, roles: list[str], full_name: str = ""
) -> User:
    user = User(username=username, org=org, full_name=full_name)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError("；".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    audit_record(actor=actor, action="user.create", obj=user, org=org,
                 changes={"roles": roles, "org": str(org) if org else ""})
    return user


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> None:
    """Disable the account and end every session and token it holds, at once."""
    if actor.pk == user.pk:
        raise ApplicationError(CANNOT_DEACTIVATE_SELF)
    user.is_active = False
    user.save(update_fields=["is_active"])
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    audit_record(actor=actor, action="user.deactivate", obj=user, org=user.org,
                 result=AuditResult.SUCCESS)
