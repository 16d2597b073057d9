from django.urls import path

from gonghui.orgs import import_views, pick_views, staff_views, views

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
    path("orgs/staff/", staff_views.staff_list_view, name="staff_list"),
    path("orgs/staff/new/", staff_views.staff_create, name="staff_create"),
    path("orgs/staff/<int:staff_id>/", staff_views.staff_detail, name="staff_detail"),
    path("orgs/staff/<int:staff_id>/edit/", staff_views.staff_edit, name="staff_edit"),
    path("orgs/staff/<int:staff_id>/password/", staff_views.staff_password, name="staff_password"),
    path(
        "orgs/staff/<int:staff_id>/deactivate/",
        staff_views.staff_deactivate,
        name="staff_deactivate",
    ),
    path(
        "orgs/staff/<int:staff_id>/reactivate/",
        staff_views.staff_reactivate,
        name="staff_reactivate",
    ),
    path("orgs/staff/<int:staff_id>/grant/", staff_views.staff_grant_pii, name="staff_grant_pii"),
    path(
        "orgs/staff/<int:staff_id>/revoke/", staff_views.staff_revoke_pii, name="staff_revoke_pii"
    ),
]
