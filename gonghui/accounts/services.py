import hashlib
import secrets
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import ApiToken, User, UserSession
from gonghui.audit.models import AuditResult
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.errors import ApplicationError, Conflict, Forbidden

LOGIN_FAILED = "用户名或密码错误，请重新输入。"
LOCKED_OUT = "登录失败次数过多，账号已锁定 15 分钟，请稍后再试。"
USER_INACTIVE = "该账号已停用，请联系管理员。"
CANNOT_DEACTIVATE_SELF = "不能停用自己的账号。"
USERNAME_REQUIRED = "请填写账号。"
USERNAME_TAKEN = "账号「{username}」已存在，请换一个。"
USER_ORG_REQUIRED = "请选择账号所属的工会。"
ROLE_UNKNOWN = "没有这个角色：{names}。"
USER_OUT_OF_SCOPE = "您只能管理本工会及下级工会的账号。"


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, request, username: str, password: str) -> str:
    """Check the password through django-axes, so failures count towards the lockout.

    Not one transaction: the failed attempt axes records, and its audit row, must outlive the
    refusal. Axes flags a locked username (already locked, or by this very failure) on
    `request.axes_locked_out`.
    """
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise Forbidden(LOCKED_OUT, code="locked_out")
    if user is None:
        raise ApplicationError(LOGIN_FAILED, code="login_failed")
    if settings.AXES_RESET_ON_SUCCESS:
        # Axes resets on `user_logged_in`, which a token (no session login) never sends.
        axes_reset(username=user.get_username())
    key = secrets.token_urlsafe(32)
    with transaction.atomic(durable=True):
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


def _require_user_scope(actor: User | None, org) -> None:
    """Staff accounts are managed within the actor's subtree; `actor=None` is the system.

    The subtree test of orgs.selectors, by materialised path: accounts sits below orgs (README,
    "Layout"), so it reads the paths of the two orgs rather than importing the tree's selectors.
    """
    if actor is None or actor.is_superuser and actor.org_id is None:
        return
    if org is None or actor.org is None or not org.path.startswith(actor.org.path):
        raise denial(
            Forbidden(USER_OUT_OF_SCOPE), actor=actor, action="access.denied", obj=org, org=org
        )


@atomic_keeping_denials
def user_create(
    *, actor: User | None, username: str, password: str, org, roles: list[str], full_name: str = ""
) -> User:
    """A staff account. It must belong to an org: an account without one would see the whole
    tree (orgs.selectors.scope_root); only superusers, made on the command line, have none."""
    username = (username or "").strip()
    if not username:
        raise ApplicationError(USERNAME_REQUIRED, field="username")
    if org is None:
        raise ApplicationError(USER_ORG_REQUIRED, field="org")
    _require_user_scope(actor, org)
    if User.objects.filter(username=username).exists():
        raise Conflict(USERNAME_TAKEN.format(username=username), field="username")
    groups = list(Group.objects.filter(name__in=roles))
    unknown = set(roles) - {group.name for group in groups}
    if unknown:
        raise ApplicationError(ROLE_UNKNOWN.format(names="、".join(sorted(unknown))), field="roles")
    user = User(username=username, org=org, full_name=full_name)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError("；".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    user.groups.set(groups)
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        org=org,
        changes={"roles": roles, "org": str(org) if org else ""},
    )
    return user


def sessions_end(user: User, *, keep: str | None = None) -> None:
    """End every workbench session of `user` but the one keyed `keep`, and every API token."""
    mine = UserSession.objects.filter(user=user).exclude(session_key=keep or "")
    Session.objects.filter(
        session_key__in=list(mine.values_list("session_key", flat=True))
    ).delete()
    mine.delete()
    ApiToken.objects.filter(user=user).delete()


@atomic_keeping_denials
def user_deactivate(*, actor: User, user: User) -> None:
    """Disable the account and end every session and token it holds, at once."""
    if actor.pk == user.pk:
        raise ApplicationError(CANNOT_DEACTIVATE_SELF)
    _require_user_scope(actor, user.org)
    user.is_active = False
    user.save(update_fields=["is_active"])
    sessions_end(user)
    audit_record(
        actor=actor, action="user.deactivate", obj=user, org=user.org, result=AuditResult.SUCCESS
    )
