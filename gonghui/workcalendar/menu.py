"""The working-day calendar's workbench entry (gonghui.core.menu)."""

from gonghui.accounts.permissions import Perm
from gonghui.core.menu import MenuItem, register_menu

register_menu(MenuItem("工作日历", "workcalendar:year", Perm.ORG_VIEW, order=120))
