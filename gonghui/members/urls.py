from django.urls import path

from gonghui.members import pick_views, views
from gonghui.members.imports import views as import_views
from gonghui.members.teams.urls import urlpatterns as team_urlpatterns

app_name = "members"
urlpatterns = [
    path("", views.member_list_view, name="list"),
    path("new/", views.member_create_view, name="create"),
    path("pick/", pick_views.pick, name="pick"),
    path("export/", views.member_export, name="export"),
    path("import/", import_views.member_import_view, name="import"),
    path("import/template/", import_views.member_import_template, name="import_template"),
    path("<int:member_id>/", views.member_detail, name="detail"),
    path("<int:member_id>/edit/", views.member_edit, name="edit"),
    path("<int:member_id>/unmask/", views.member_unmask_view, name="unmask"),
    path("<int:member_id>/retain/", views.member_retain_view, name="retain"),
    path("<int:member_id>/leave/", views.member_leave_view, name="leave"),
    path("<int:member_id>/expel/", views.member_expel_view, name="expel"),
    path("<int:member_id>/transfer/", views.member_transfer, name="member_transfer"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/in/", views.transfer_in, name="transfer_in"),
    path(
        "transfers/<int:transfer_id>/approve/", views.transfer_approve_view, name="transfer_approve"
    ),
    path("transfers/<int:transfer_id>/reject/", views.transfer_reject_view, name="transfer_reject"),
    path("transfers/<int:transfer_id>/cancel/", views.transfer_cancel_view, name="transfer_cancel"),
    *team_urlpatterns,
]
