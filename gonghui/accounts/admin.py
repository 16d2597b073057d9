from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from gonghui.accounts.models import User


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "org", "is_active", "is_superuser")
    list_select_related = ("org",)
    raw_id_fields = ("org",)
    fieldsets = UserAdmin.fieldsets + (("工会", {"fields": ("org", "full_name")}),)
