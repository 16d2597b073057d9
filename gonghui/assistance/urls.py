"""Workbench URLs of hardship assistance, one module per area (names carry the area's prefix)."""

from gonghui.assistance import urls_aid, urls_archives, urls_campaigns, urls_io

app_name = "assistance"

urlpatterns = (
    urls_archives.urlpatterns
    + urls_aid.urlpatterns
    + urls_campaigns.urlpatterns
    + urls_io.urlpatterns
)
