"""The online courses' workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("线上课程", "training_online:list", Perm.TRAINING_ONLINE_MANAGE, order=109))
