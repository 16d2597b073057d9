"""劳模服务管理's permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "HONOREE_VIEW",
    "honors.view_honoree",
    "查看劳模（荣誉对象）",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR),
)
declare(
    "HONOREE_MANAGE",
    "honors.change_honoree",
    "管理劳模信息与关爱记录",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
declare(
    "ALLOWANCE_MANAGE",
    "honors.add_allowance",
    "发放劳模待遇",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN),
)
# Purpose-bound: the full ID number and phone of honorees only (the general grant is MEMBER_PII).
declare("HONOREE_PII", "honors.view_honoree_pii", "查看劳模完整身份证号和电话", explicit=True)
