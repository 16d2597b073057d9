from django.urls import path

from gonghui.orgs import import_views, pick_views, views

app_name = "orgs"
urlpatterns = [
    path("", views.home, name="home"),
    path("orgs/pick/", pick_views.pick, name="pick"),
    path("orgs/import/", import_views.org_import_view, name="import"),
    path("orgs/import/report/", import_views.org_import_report, name="import_report"),
    path("orgs/export/", import_views.org_export_view, name="export"),
    path("orgs/<int:org_id>/", views.detail, name="detail"),
    path("orgs/<int:org_id>/children/", views.children, name="children"),
    path("orgs/<int:org_id>/new-child/", views.create_child, name="create_child"),
    path("orgs/<int:org_id>/edit/", views.edit, name="edit"),
    path("orgs/<int:org_id>/dissolve/", views.dissolve, name="dissolve"),
    path("orgs/<int:org_id>/move/", views.move, name="move"),
    path("orgs/<int:org_id>/merge/", views.merge, name="merge"),
]
