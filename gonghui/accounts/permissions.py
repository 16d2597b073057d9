"""Accounts' permission, the standard roles, and `ROLES`: which role holds which permission.

Each app declares its own permissions in `<app>/permissions.py` (the registry:
`gonghui.core.permissions`); `Perm` is re-exported here, so that every caller names a
permission as `Perm.X`, found at the same place as before. Every view and API endpoint declares
the permission it needs with one of these constants; a test walks the URLconf and fails on a
non-public view that declares none, or one nobody declared.
"""

from collections.abc import Iterator, Mapping

from gonghui.core.permissions import STANDARD_ROLES, Perm, Role, declare, role_permissions

__all__ = [
    "GRANT_PII",
    "ROLES",
    "ROLE_AGENT",
    "ROLE_AUDITOR",
    "ROLE_STAFF",
    "ROLE_SYSADMIN",
    "ROLE_UNION_ADMIN",
    "Perm",
]

ROLE_SYSADMIN = Role.SYSADMIN
ROLE_UNION_ADMIN = Role.UNION_ADMIN
ROLE_STAFF = Role.STAFF
ROLE_AUDITOR = Role.AUDITOR
ROLE_AGENT = Role.AGENT
# Seeing ID numbers and phones in full is granted on its own, never by a role: to a user, or
# to a purpose group of this conventional name that a 系统管理员 creates (accounts.grants).
GRANT_PII = "查看完整个人信息"

declare("STAFF_MANAGE", "accounts.change_user", "管理工作人员账号", roles=(Role.SYSADMIN,))


class _RoleTable(Mapping[str, list[str]]):
    """Role name → the permission codes it holds, read from the registry at each use (the
    declarations are found after this module is imported)."""

    def __getitem__(self, role: str) -> list[str]:
        return role_permissions(role)

    def __iter__(self) -> Iterator[str]:
        return iter(STANDARD_ROLES)

    def __len__(self) -> int:
        return len(STANDARD_ROLES)

    def __repr__(self) -> str:
        return repr(dict(self))


ROLES: Mapping[str, list[str]] = _RoleTable()
