from django.contrib import admin
from django.urls import include, path

from gonghui.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("gonghui.accounts.urls")),
    path("members/", include("gonghui.members.urls")),
    path("audit/", include("gonghui.audit.urls")),
    path("", include("gonghui.orgs.urls")),
]
