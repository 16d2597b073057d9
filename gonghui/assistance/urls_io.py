from django.urls import path

from gonghui.assistance import views_io

urlpatterns = [
    path("io/import/", views_io.io_import, name="io_import"),
    path("io/template.xlsx", views_io.io_template, name="io_template"),
    path("io/export.xlsx", views_io.io_export, name="io_export"),
]
