"""The permission registry: every permission a page, API operation, service or template checks,
declared by the app that owns it.

Each app declares its permissions in its own `permissions.py` with `declare()`: the name callers
use (`Perm.HOTLINE_VIEW`), the Django permission code (`hotline.view_case`), its Chinese label,
which of the standard roles hold it, and whether it is an explicit grant (held only as such,
never implied by `is_superuser`: see `accounts.grants`). Those modules are found by `discover()`
(as the admin finds `admin.py`), so this module names no app, and a new app edits no other.

`Perm` is the one way code names a permission: its attributes are the declared names, so a
permission nobody declared is an AttributeError, not a check that silently always fails. The
Django `Permission` rows themselves come from the models (default and `Meta.permissions`) and
their migrations; `accounts.roles.ensure_roles` builds the role groups from `role_permissions`.
"""

import re
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

DISCOVERED_MODULE = "permissions"


class Role:
    """The standard roles (Django groups of these names, kept by `accounts.roles`)."""

    SYSADMIN = "系统管理员"
    UNION_ADMIN = "工会管理员"
    STAFF = "工作人员"
    AUDITOR = "只读/审计"
    AGENT = "12351坐席"


# In the order pages list them.
STANDARD_ROLES = (Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR, Role.AGENT)

_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_CODE = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class DeclaredPermission:
    name: str
    code: str
    label: str
    roles: frozenset[str]
    explicit: bool = False


class UnregisteredPermission(AttributeError):
    pass


class _Namespace(type):
    def __getattr__(cls, name: str):
        # Only reached for a name not set yet: find the apps' declarations once, then retry.
        if not name.startswith("_") and not _state["discovered"]:
            discover()
            if name in cls.__dict__:
                return cls.__dict__[name]
        raise UnregisteredPermission(
            f"Perm.{name} is not a declared permission: declare it in its app's "
            f"{DISCOVERED_MODULE}.py with gonghui.core.permissions.declare()"
        )


class Perm(metaclass=_Namespace):
    """Every declared permission as a constant: `Perm.MEMBER_VIEW == "members.view_member"`.

    Filled by `declare()`; read it only through attributes (`Perm.X`), never by a raw string.
    """


_DECLARED: dict[str, DeclaredPermission] = {}  # by code, in declaration order
_state = {"discovered": False}


def declare(
    name: str,
    code: str,
    label: str,
    *,
    roles: tuple[str, ...] = (),
    explicit: bool = False,
) -> str:
    """Declare the permission `code` as `Perm.<name>`, labelled `label` (Chinese), held by the
    standard `roles`; `explicit`: an explicit grant, never implied by `is_superuser`.

    Declaring the same permission twice identically is harmless (a module imported again);
    anything else that clashes is an error at start-up."""
    if not _NAME.match(name):
        raise ValueError(f"permission name {name!r} must be UPPER_CASE")
    if not _CODE.match(code):
        raise ValueError(f"permission code {code!r} must read 'app_label.codename'")
    if not _CHINESE.search(label or ""):
        raise ValueError(f"permission {code} needs a Chinese label")
    unknown = set(roles) - set(STANDARD_ROLES)
    if unknown:
        raise ValueError(f"permission {code}: unknown roles {sorted(unknown)}")
    declared = DeclaredPermission(name, code, label, frozenset(roles), explicit)
    known = _DECLARED.get(code)
    if known is not None and known != declared:
        raise ValueError(f"permission {code} declared twice, differently")
    if name in Perm.__dict__ and Perm.__dict__[name] != code:
        raise ValueError(f"Perm.{name} already names {Perm.__dict__[name]}")
    _DECLARED[code] = declared
    setattr(Perm, name, code)
    return code


def discover() -> None:
    """Import `<app>.permissions` of every installed app of this project (once).

    Safe while the models load: a `permissions.py` imports nothing but this module."""
    if _state["discovered"]:
        return
    _state["discovered"] = True  # first: a declaration module reading `Perm` must not recurse
    project = __name__.partition(".")[0] + "."
    try:
        for config in apps.get_app_configs():
            if config.name.startswith(project) and module_has_submodule(
                config.module, DISCOVERED_MODULE
            ):
                import_module(f"{config.name}.{DISCOVERED_MODULE}")
    except Exception:
        _state["discovered"] = False
        raise


def declared_permissions() -> list[DeclaredPermission]:
    """Every declared permission, in the order the apps are installed."""
    discover()
    return list(_DECLARED.values())


def is_declared(code: str) -> bool:
    discover()
    return code in _DECLARED


def require_declared(code: str) -> str:
    """`code`, if an app declared it; ImproperlyConfigured otherwise. The access decorators call
    it when a view is decorated, so a page or API operation guarded by a permission nobody
    declared (a typo, a raw string) fails at start-up instead of refusing everyone."""
    if not is_declared(code):
        raise ImproperlyConfigured(
            f"{code!r} is not a declared permission: use Perm.X, declared in its app's "
            f"{DISCOVERED_MODULE}.py"
        )
    return code


def permission_label(code: str) -> str:
    """The Chinese label of a declared permission (the code itself for an unknown one)."""
    discover()
    declared = _DECLARED.get(code)
    return declared.label if declared is not None else code


def role_permissions(role: str) -> list[str]:
    """The codes a standard role holds, in declaration order."""
    if role not in STANDARD_ROLES:
        raise KeyError(role)
    return [p.code for p in declared_permissions() if role in p.roles]


def explicit_grants() -> frozenset[str]:
    """The permissions held only by explicit grant (never implied by `is_superuser`)."""
    return frozenset(p.code for p in declared_permissions() if p.explicit)
