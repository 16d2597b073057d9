"""The audit log's workbench entry (gonghui.core.menu)."""

from gonghui.accounts.permissions import Perm
from gonghui.core.menu import MenuItem, register_menu

register_menu(MenuItem("审计日志", "audit:list", Perm.AUDIT_VIEW, order=130))
