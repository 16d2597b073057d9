"""The training's workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("工匠学院", "training:academies", Perm.TRAINING_VIEW, order=108))
