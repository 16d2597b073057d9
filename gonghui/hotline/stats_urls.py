from django.urls import path

from gonghui.hotline import stats_views

app_name = "hotline_stats"
urlpatterns = [
    path("", stats_views.stats_page, name="page"),
    path("export/", stats_views.stats_export, name="export"),
]
