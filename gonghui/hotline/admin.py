"""Read-only views of the hotline tables for the platform's administrators. Every change goes
through the workbench (or the API), where the services check it, write the case timeline and
audit it: the admin would bypass all three."""

from django.contrib import admin

from gonghui.hotline.models import Case, CaseEvent, DeadlineRule


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ReadOnlyAdmin):
    """Kept in the workbench (「办理时限规则」, /hotline/rules/), where changes are validated
    and audited."""

    list_display = ("complexity", "category", "kind", "days", "cutoff", "summary")
    list_filter = ("complexity", "kind")

    @admin.display(description="办理时限")
    def summary(self, obj):
        return obj.summary


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    fields = ("at", "action", "actor", "actor_org", "from_org", "to_org", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Caller data only masked: in full it is shown once, audited, in the workbench."""

    list_display = (
        "number",
        "channel",
        "received_at",
        "caller_name_masked",
        "category",
        "complexity",
        "status",
        "holder",
        "deadline",
    )
    list_filter = ("status", "channel", "kind", "category", "complexity")
    list_select_related = ("holder",)
    search_fields = ("number",)
    date_hierarchy = "received_at"
    # The encrypted fields and their hashes are left out; the masked values stand in for them.
    exclude = (
        "caller_name_enc",
        "caller_phone_enc",
        "caller_phone_hash",
        "caller_id_enc",
        "caller_id_hash",
    )
    readonly_fields = ("caller_name_masked", "caller_phone_masked", "caller_id_number_masked")
    inlines = [CaseEventInline]

    @admin.display(description="来电人")
    def caller_name_masked(self, obj):
        return obj.caller_name_masked

    @admin.display(description="联系电话")
    def caller_phone_masked(self, obj):
        return obj.caller_phone_masked

    @admin.display(description="身份证号")
    def caller_id_number_masked(self, obj):
        return obj.caller_id_number_masked


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "at", "action", "actor", "actor_org", "to_org")
    list_filter = ("action",)
    list_select_related = ("case", "actor", "actor_org", "to_org")
    search_fields = ("case__number",)
    date_hierarchy = "at"
