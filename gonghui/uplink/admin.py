from django.contrib import admin

from gonghui.uplink.models import UplinkMessage


@admin.register(UplinkMessage)
class UplinkMessageAdmin(admin.ModelAdmin):
    """Read-only: for operators to see what is waiting and why (last_error)."""

    list_display = (
        "case_number",
        "seq",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    )
    list_filter = ("status",)
    search_fields = ("case_number",)
    ordering = ("-id",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
