from django.urls import path

from gonghui.competitions.contests.views import entries, imports, pages

app_name = "competitions"
urlpatterns = [
    path("", pages.contest_list_view, name="list"),
    path("new/", pages.contest_create_view, name="create"),
    path("import/entries/template/", imports.entries_template_view, name="entries_template"),
    path("import/results/template/", imports.results_template_view, name="results_template"),
    path("import/units/template/", imports.units_template_view, name="units_template"),
    path("import/teams/template/", imports.teams_template_view, name="teams_template"),
    path("<int:contest_id>/", pages.contest_detail, name="detail"),
    path("<int:contest_id>/import/entries/", imports.import_entries_view, name="import_entries"),
    path("<int:contest_id>/import/results/", imports.import_results_view, name="import_results"),
    path("<int:contest_id>/import/units/", imports.import_units_view, name="import_units"),
    path("<int:contest_id>/import/teams/", imports.import_teams_view, name="import_teams"),
    path("<int:contest_id>/edit/", pages.contest_edit, name="edit"),
    path("<int:contest_id>/status/<str:status>/", pages.contest_transition_view, name="transition"),
    path("<int:contest_id>/documents/", pages.contest_document_upload, name="document_upload"),
    path(
        "<int:contest_id>/documents/<int:document_id>/",
        pages.contest_document_view,
        name="document",
    ),
    path("<int:contest_id>/enter/<str:kind>/", entries.entry_add, name="enter"),
    path(
        "<int:contest_id>/entries/<int:entry_id>/confirm/",
        entries.entry_confirm_view,
        name="entry_confirm",
    ),
    path(
        "<int:contest_id>/entries/<int:entry_id>/withdraw/",
        entries.entry_withdraw_view,
        name="entry_withdraw",
    ),
    path(
        "<int:contest_id>/entries/<int:entry_id>/result/",
        entries.entry_result,
        name="entry_result",
    ),
    path(
        "<int:contest_id>/entries/<int:entry_id>/put-forward/",
        entries.entry_put_forward_view,
        name="entry_put_forward",
    ),
]
