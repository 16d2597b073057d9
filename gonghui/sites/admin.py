from django.contrib import admin

from gonghui.sites.models import Site, SiteRating


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    """Superusers' read-mostly view; staff use the workbench, whose services audit every write."""

    list_display = ("name", "site_type", "org", "county", "override")
    list_filter = ("site_type", "override")
    list_select_related = ("org", "county")
    search_fields = ("name", "address")
    raw_id_fields = ("org", "county")


@admin.register(SiteRating)
class SiteRatingAdmin(admin.ModelAdmin):
    list_display = ("site", "score", "month", "created_at")
    list_select_related = ("site",)
    raw_id_fields = ("site", "member")
