"""The portal's permission (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "LEGAL_MANAGE",
    "portal.change_legaldocument",
    "管理用户协议与隐私政策",
    roles=(Role.SYSADMIN,),
)
