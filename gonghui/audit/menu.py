"""The audit log's workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("审计日志", "audit:list", Perm.AUDIT_VIEW, order=130))
