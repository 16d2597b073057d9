"""Workbench URLs of hardship assistance, one module per area (names carry the area's prefix).

The worker's pages (namespace `assistance_portal`, at `/m/assistance/`) are the portal's:
`portal/views/assistance.py`.
"""

from gonghui.assistance.urls import aid, archives, campaigns, io

app_name = "assistance"

urlpatterns = archives.urlpatterns + aid.urlpatterns + campaigns.urlpatterns + io.urlpatterns
