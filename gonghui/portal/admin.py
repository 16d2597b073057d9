"""Superusers' view of worker accounts: personal data masked and read-only, as everywhere."""

from django.contrib import admin

from gonghui.portal.models import ConsentRecord, Worker


class ConsentInline(admin.TabularInline):
    """Which versions of the texts the worker agreed to, when, and when he withdrew."""

    model = ConsentRecord
    fields = readonly_fields = ("document", "accepted_at", "withdrawn_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "phone_masked", "status_label", "is_active", "created_at")
    list_filter = ("is_active",)
    inlines = [ConsentInline]
    search_fields = ("name",)
    fields = (
        "name",
        "phone_masked",
        "id_number_masked",
        "status_label",
        "member",
        "certified_at",
        "is_active",
        "closed_at",
        "created_at",
        "last_login_at",
    )
    readonly_fields = (
        "name",
        "phone_masked",
        "id_number_masked",
        "status_label",
        "member",
        "certified_at",
        "closed_at",
        "created_at",
        "last_login_at",
    )

    def get_readonly_fields(self, request, obj=None):
        # An account the worker closed himself stays closed: he withdrew his consent.
        if obj is not None and obj.closed_at is not None:
            return (*self.readonly_fields, "is_active")
        return self.readonly_fields

    @admin.display(description="手机号")
    def phone_masked(self, obj):
        return obj.phone_masked

    @admin.display(description="身份证号")
    def id_number_masked(self, obj):
        return obj.id_number_masked

    @admin.display(description="认证状态")
    def status_label(self, obj):
        return obj.status_label

    def has_add_permission(self, request):
        # Accounts are created by the worker's own SMS login, which verifies the number.
        return False

    def has_delete_permission(self, request, obj=None):
        # Certification attempts and applications hang on the account: deactivate instead.
        return False
