from django.urls import path

from gonghui.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard_home, name="home"),
    path("org/<int:org_id>/", views.dashboard, name="org"),
    path("org/<int:org_id>/export/<slug:chart>.xlsx", views.dashboard_export, name="export"),
    path("org/<int:org_id>/report/", views.report, name="report"),
    path("org/<int:org_id>/report.docx", views.report_download, name="report_docx"),
]
