"""The audit log's permission (the registry: gonghui.core.permissions)."""

from gonghui.core.permissions import Role, declare

declare("AUDIT_VIEW", "audit.view_auditlog", "查看审计日志", roles=(Role.SYSADMIN, Role.AUDITOR))
