"""The teams' pages, included in members' URLconf under teams/."""

from django.urls import path

from gonghui.members.teams import views

urlpatterns = [
    path("teams/", views.team_list_view, name="teams"),
    path("teams/new/", views.team_create_view, name="team_create"),
    path("teams/pick/", views.team_pick, name="team_pick"),
    path("teams/import/", views.team_import_view, name="teams_import"),
    path("teams/import/template/", views.team_import_template, name="teams_import_template"),
    path("teams/<int:team_id>/", views.team_detail, name="team_detail"),
    path("teams/<int:team_id>/edit/", views.team_edit, name="team_edit"),
    path("teams/<int:team_id>/deactivate/", views.team_deactivate_view, name="team_deactivate"),
    path("teams/<int:team_id>/members/", views.team_member_add, name="team_member_add"),
    path(
        "teams/<int:team_id>/members/<int:membership_id>/remove/",
        views.team_member_remove,
        name="team_member_remove",
    ),
]
