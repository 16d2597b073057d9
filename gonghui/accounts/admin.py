from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from gonghui.accounts.models import User
from gonghui.accounts.services import user_deactivate
from gonghui.core.errors import ApplicationError


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "org", "is_active", "is_superuser")
    list_select_related = ("org",)
    raw_id_fields = ("org",)
    fieldsets = UserAdmin.fieldsets + (("工会", {"fields": ("org", "full_name")}),)
    actions = ["deactivate"]

    @admin.action(description="停用所选账号（立即结束其会话和接口令牌）")
    def deactivate(self, request, queryset):
        for user in queryset.filter(is_active=True):
            try:
                user_deactivate(actor=request.user, user=user)
            except ApplicationError as exc:
                self.message_user(request, f"{user.username}：{exc.message}", messages.ERROR)
