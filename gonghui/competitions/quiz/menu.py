"""The quiz's workbench entry (gonghui.core.menu)."""

from gonghui.core.menu import MenuItem, register_menu
from gonghui.core.permissions import Perm

register_menu(MenuItem("网上练兵", "quiz:list", Perm.QUIZ_VIEW, order=106))
