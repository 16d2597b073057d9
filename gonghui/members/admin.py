from django.contrib import admin

from gonghui.members.models import Member, MembershipEvent, Transfer


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    """Superusers' view of the registry: personal data masked here as everywhere else."""

    list_display = ("name", "masked_id_number", "masked_phone", "org", "category", "status")
    list_filter = ("status", "category")
    list_select_related = ("org",)
    search_fields = ("name", "card_number")
    exclude = ("id_number_enc", "id_number_hash", "phone_enc", "phone_hash")
    readonly_fields = ("masked_id_number", "masked_phone", "card_number", "org")

    @admin.display(description="证件号码")
    def masked_id_number(self, obj):
        return obj.id_number_masked

    @admin.display(description="移动电话")
    def masked_phone(self, obj):
        return obj.phone_masked

    def has_add_permission(self, request):
        # Members are registered through the workbench, where the ID number is validated.
        return False


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    list_display = ("member", "change_type", "changed_on", "org", "other_org")
    list_select_related = ("member", "org", "other_org")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ("member", "from_org", "to_org", "status", "requested_at")
    list_select_related = ("member", "from_org", "to_org")
