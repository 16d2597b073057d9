from django.urls import path

from gonghui.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("export/", views.audit_export, name="export"),
    path("<int:log_id>/", views.audit_detail, name="detail"),
]
