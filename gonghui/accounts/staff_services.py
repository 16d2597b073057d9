"""Managing staff accounts after they are made: 修改, 重置密码, 启用, the personal-data grant,
and each user's own 修改密码. (Creating and deactivating: `accounts.services`.)

Every function checks the target lies in the actor's subtree (`_require_user_scope`, by the
orgs' materialised paths) and writes its audit row in the same transaction. A password never
reaches the audit row or a message.
"""

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError

from gonghui.accounts.grants import can_unmask, pii_grant_group
from gonghui.accounts.models import User
from gonghui.accounts.permissions import Perm
from gonghui.accounts.services import (
    ROLE_UNKNOWN,
    USER_ORG_REQUIRED,
    _require_user_scope,
    sessions_end,
)
from gonghui.audit.services import atomic_keeping_denials, audit_record, denial
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.core.permissions import STANDARD_ROLES

CANNOT_EDIT_OWN_ROLES = "不能修改自己的角色或所属工会，请由其他系统管理员修改。"
CANNOT_RESET_OWN_PASSWORD = "不能在这里重置自己的密码，请用右上角的「修改密码」。"
CANNOT_CHANGE_OWN_GRANT = "不能修改自己的个人信息授权，请由其他系统管理员办理。"
SUPERUSER_NOT_MANAGED = "平台管理员账号只能由平台运维在后台管理。"
USER_ORG_INACTIVE = "所选工会已撤销或合并，请选择一个正常状态的工会。"
ROLES_REQUIRED = "请至少选择一个角色。"
ALREADY_ACTIVE = "该账号已是启用状态。"
GRANT_NEEDED = "只有本人持有「查看完整个人信息」授权的系统管理员才能授予或收回此授权。"
GRANT_HELD = "该账号已持有「查看完整个人信息」授权。"
GRANT_NOT_HELD = "该账号没有「查看完整个人信息」授权。"
GRANT_ELSEWHERE = "该账号通过「{groups}」组持有此授权，请由平台运维在后台收回。"
# How `pii_grant_holders` names a grant given to the account itself rather than to a group.
DIRECT_GRANT = "本账号"


def _require_manageable(actor: User, user: User) -> None:
    """The target is in the actor's subtree, and no platform operator (superuser): taking one
    over would open the Django admin."""
    _require_user_scope(actor, user.org)
    if user.is_superuser and not actor.is_superuser:
        raise denial(
            Forbidden(SUPERUSER_NOT_MANAGED),
            actor=actor,
            action="access.denied",
            obj=user,
            org=user.org,
        )


def _validated(password: str, user: User) -> str:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError("；".join(exc.messages), field="password") from exc
    return password


def user_roles(user: User) -> list[str]:
    """The standard roles `user` holds, in the order pages list them."""
    held = set(user.groups.filter(name__in=STANDARD_ROLES).values_list("name", flat=True))
    return [role for role in STANDARD_ROLES if role in held]


@atomic_keeping_denials
def user_update(
    *, actor: User, user: User, full_name: str, org, roles: list[str]
) -> dict[str, list]:
    """姓名, 所属工会 and the standard roles of an account; other groups (a purpose group such
    as 「查看完整个人信息」) are kept. The changes, audited, are returned ({} if none)."""
    _require_manageable(actor, user)
    if org is None:
        raise ApplicationError(USER_ORG_REQUIRED, field="org")
    _require_user_scope(actor, org)
    unknown = set(roles) - set(STANDARD_ROLES)
    if unknown:
        raise ApplicationError(ROLE_UNKNOWN.format(names="、".join(sorted(unknown))), field="roles")
    if not roles:
        raise ApplicationError(ROLES_REQUIRED, field="roles")
    before_roles = user_roles(user)
    after_roles = [role for role in STANDARD_ROLES if role in roles]
    changes: dict[str, list] = {}
    if (full_name or "").strip() != user.full_name:
        changes["full_name"] = [user.full_name, (full_name or "").strip()]
    if org.pk != user.org_id:
        if not org.is_active:
            raise ApplicationError(USER_ORG_INACTIVE, field="org")
        changes["org"] = [str(user.org) if user.org else "", str(org)]
    if after_roles != before_roles:
        changes["roles"] = [before_roles, after_roles]
    if actor.pk == user.pk and {"org", "roles"} & changes.keys():
        raise ApplicationError(CANNOT_EDIT_OWN_ROLES)
    if not changes:
        return changes
    user.full_name = (full_name or "").strip()
    user.org = org
    user.save(update_fields=["full_name", "org"])
    if "roles" in changes:
        user.groups.remove(*Group.objects.filter(name__in=set(before_roles) - set(after_roles)))
        user.groups.add(*Group.objects.filter(name__in=after_roles))
    audit_record(actor=actor, action="user.update", obj=user, org=org, changes=changes)
    return changes


@atomic_keeping_denials
def user_password_reset(*, actor: User, user: User, password: str) -> None:
    """A 系统管理员 sets a new password: the account's sessions and API tokens end, and a
    login lockout of its username is lifted."""
    _require_manageable(actor, user)
    if actor.pk == user.pk:
        raise ApplicationError(CANNOT_RESET_OWN_PASSWORD)
    user.set_password(_validated(password, user))
    user.save(update_fields=["password"])
    sessions_end(user)
    axes_reset(username=user.get_username())
    audit_record(actor=actor, action="user.password_reset", obj=user, org=user.org)


@atomic_keeping_denials
def user_reactivate(*, actor: User, user: User) -> None:
    _require_manageable(actor, user)
    if user.is_active:
        raise ApplicationError(ALREADY_ACTIVE)
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="user.reactivate", obj=user, org=user.org)


@atomic_keeping_denials
def user_password_change(*, user: User, password: str, keep_session: str | None) -> None:
    """A user's own new password (the old one checked by the form): his other sessions and his
    API tokens end; the session keyed `keep_session` stays."""
    user.set_password(_validated(password, user))
    user.save(update_fields=["password"])
    sessions_end(user, keep=keep_session)
    audit_record(actor=user, action="user.password_change", obj=user, org=user.org)


def _grant_change_allowed(actor: User, user: User) -> None:
    _require_manageable(actor, user)
    if not can_unmask(actor):
        raise denial(
            Forbidden(GRANT_NEEDED), actor=actor, action="access.denied", obj=user, org=user.org
        )
    if actor.pk == user.pk:
        raise ApplicationError(CANNOT_CHANGE_OWN_GRANT)


def _grant_permission() -> Permission:
    app_label, codename = Perm.MEMBER_PII.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def pii_grant_holders(user: User) -> list[str]:
    """Where `user` holds 「查看完整个人信息」: the names of his groups carrying it, and
    「本账号」 for a permission given to the account itself."""
    perm = _grant_permission()
    groups = list(user.groups.filter(permissions=perm).values_list("name", flat=True))
    direct = user.user_permissions.filter(pk=perm.pk).exists()
    return sorted(groups) + ([DIRECT_GRANT] if direct else [])


@atomic_keeping_denials
def user_pii_grant(*, actor: User, user: User) -> None:
    """Add the account to the purpose group 「查看完整个人信息」 (`grants.pii_grant_group`)."""
    _grant_change_allowed(actor, user)
    if pii_grant_holders(user):
        raise ApplicationError(GRANT_HELD)
    user.groups.add(pii_grant_group())
    audit_record(actor=actor, action="user.grant_pii", obj=user, org=user.org)


@atomic_keeping_denials
def user_pii_revoke(*, actor: User, user: User) -> None:
    """Take the account out of the purpose group and the permission off the account itself; a
    grant through another group (made by a platform operator in the admin) is refused, so the
    page never claims a revocation that did not happen."""
    _grant_change_allowed(actor, user)
    group = pii_grant_group()
    holders = pii_grant_holders(user)
    if not holders:
        raise ApplicationError(GRANT_NOT_HELD)
    elsewhere = [name for name in holders if name not in (group.name, DIRECT_GRANT)]
    if elsewhere:
        raise ApplicationError(GRANT_ELSEWHERE.format(groups="、".join(elsewhere)))
    user.groups.remove(group)
    user.user_permissions.remove(_grant_permission())
    audit_record(actor=actor, action="user.revoke_pii", obj=user, org=user.org)
