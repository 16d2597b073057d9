from django.contrib import admin

from gonghui.workcalendar.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Read-only: the table is kept in the workbench, where every change is audited and
    announced to the apps whose deadlines depend on it."""

    list_display = ("day", "kind", "name", "created_by", "created_at")
    list_filter = ("kind",)
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
