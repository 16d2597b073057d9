"""Members' permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "MEMBER_VIEW",
    "members.view_member",
    "查看会员",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare(
    "MEMBER_ADD",
    "members.add_member",
    "登记会员",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
declare(
    "MEMBER_CHANGE",
    "members.change_member",
    "修改会员信息",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
declare(
    "MEMBER_TRANSFER",
    "members.transfer_member",
    "办理转会",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN),
)
# Seeing ID numbers and phones in full is granted on its own, never by a role (accounts.grants).
declare("MEMBER_PII", "members.view_member_pii", "查看完整身份证号和手机号", explicit=True)
