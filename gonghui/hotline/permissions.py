"""The 12351 hotline's permissions (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare(
    "HOTLINE_AGENT",
    "hotline.intake_case",
    "12351坐席：登记、派单、回访",
    roles=(Role.SYSADMIN, Role.AGENT),
)
declare(
    "HOTLINE_HANDLE",
    "hotline.handle_case",
    "办理工单：接单、退单、转派、办结",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF),
)
declare(
    "HOTLINE_SUPERVISE",
    "hotline.supervise_case",
    "督办工单",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN),
)
declare(
    "HOTLINE_VIEW",
    "hotline.view_case",
    "查看12351工单",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AUDITOR, Role.AGENT),
)
declare("HOTLINE_RULES", "hotline.change_deadlinerule", "维护办理时限规则", roles=(Role.SYSADMIN,))
# Purpose-bound, case by case and audited: the holding union calls the caller back, and so do
# the call-centre agents. An explicit grant: being a superuser does not imply it.
declare(
    "CALLER_PHONE",
    "hotline.reveal_caller_phone",
    "查看来电号码",
    roles=(Role.SYSADMIN, Role.UNION_ADMIN, Role.STAFF, Role.AGENT),
    explicit=True,
)
