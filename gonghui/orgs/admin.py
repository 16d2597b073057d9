from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from gonghui.orgs.models import Org


@admin.register(Org)
class OrgAdmin(TreeAdmin):
    form = movenodeform_factory(Org)
    list_display = ("name", "org_type", "level", "division_code", "status")
    list_filter = ("org_type", "level", "status")
    search_fields = ("name", "division_code", "uscc")
