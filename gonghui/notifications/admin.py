from django.contrib import admin

from gonghui.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient_org", "recipient_user", "kind", "title"]
    list_filter = ["kind"]
    search_fields = ["ref", "title"]
    raw_id_fields = ["recipient_org", "recipient_user"]
