"""Workbench URLs of hardship assistance, one module per area (names carry the area's prefix).

The portal's URLs (`urls.portal`, namespace `assistance_portal`) are included at `/m/assistance/`.
"""

from gonghui.assistance.urls import aid, archives, campaigns, io

app_name = "assistance"

urlpatterns = archives.urlpatterns + aid.urlpatterns + campaigns.urlpatterns + io.urlpatterns
