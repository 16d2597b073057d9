from django.contrib import admin

from gonghui.audit.models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_username", "action", "object_repr", "ip", "result")
    list_filter = ("action", "result")
    search_fields = ("actor_username", "object_repr")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
