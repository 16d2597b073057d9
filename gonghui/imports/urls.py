from django.urls import path

from gonghui.imports import views

app_name = "imports"
urlpatterns = [
    path("<int:job_id>/", views.import_job_view, name="job"),
    path("<int:job_id>/progress/", views.import_job_progress, name="job_progress"),
    path("<int:job_id>/cancel/", views.import_job_cancel_view, name="job_cancel"),
    path("<int:job_id>/report/", views.import_job_report, name="job_report"),
]
