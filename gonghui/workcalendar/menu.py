"""The working-day calendar's workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("工作日历", "workcalendar:year", Perm.ORG_VIEW, order=120))
