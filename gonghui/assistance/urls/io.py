from django.urls import path

from gonghui.assistance.views import io as views

urlpatterns = [
    path("io/import/", views.io_import, name="io_import"),
    path("io/template.xlsx", views.io_template, name="io_template"),
    path("io/export.xlsx", views.io_export, name="io_export"),
]
