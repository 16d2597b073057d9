from django.contrib import admin
from django.urls import include, path

from gonghui.api import api
from gonghui.core.health import healthz

# The Django admin is for platform operators (superusers) only; union staff use the workbench.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
admin.site.site_header = "gonghui 平台运维"

# Each part of the site (workbench, the workers' portal under /m/) shows errors in its own layout.
handler400 = "gonghui.core.middleware.bad_request"
handler403 = "gonghui.core.errorpages.permission_denied"
handler404 = "gonghui.core.errorpages.page_not_found"
handler500 = "gonghui.core.errorpages.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("gonghui.accounts.urls")),
    path("members/", include("gonghui.members.urls")),
    path("imports/", include("gonghui.imports.urls")),
    path("hotline/", include("gonghui.hotline.urls")),
    path("audit/", include("gonghui.audit.urls")),
    path("calendar/", include("gonghui.workcalendar.urls")),
    path("hotline/stats/", include("gonghui.hotline.stats_urls")),
    path("hotline/rules/", include("gonghui.hotline.rules_urls")),
    path("notifications/", include("gonghui.notifications.urls")),
    path("inbox/", include("gonghui.inbox.urls")),
    path("m/sites/", include("gonghui.portal.views.sites")),
    path("m/", include("gonghui.portal.urls")),
    path("portal-admin/", include("gonghui.portal.workbench_urls")),
    path("sites/", include("gonghui.sites.urls")),
    path("stats/", include("gonghui.stats.urls")),
    path("assistance/", include("gonghui.assistance.urls")),
    path("notices/", include("gonghui.notices.urls")),
    path("national/", include("gonghui.national.urls")),
    path("competitions/training/online/", include("gonghui.competitions.training.online.urls")),
    path("competitions/quiz/", include("gonghui.competitions.quiz.urls")),
    path("competitions/studios/", include("gonghui.competitions.studios.urls")),
    path("competitions/training/", include("gonghui.competitions.training.urls")),
    path("competitions/", include("gonghui.competitions.urls")),
    path("m/quiz/", include("gonghui.portal.views.quiz")),
    path("honors/", include("gonghui.honors.urls")),
    path("recuperation/", include("gonghui.recuperation.urls")),
    path("m/assistance/", include("gonghui.portal.views.assistance")),
    path("m/competitions/", include("gonghui.portal.views.competitions")),
    path("m/honors/", include("gonghui.portal.views.honors")),
    path("m/training/", include("gonghui.portal.views.training")),
    path("m/suggestions/", include("gonghui.portal.views.suggestions")),
    path("m/learning/", include("gonghui.portal.views.learning")),
    path("", include("gonghui.orgs.urls")),
]
