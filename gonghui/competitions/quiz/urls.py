from django.urls import path

from gonghui.competitions.quiz import views

app_name = "quiz"
urlpatterns = [
    path("", views.quiz_list_view, name="list"),
    path("new/", views.quiz_create_view, name="create"),
    path("template.xlsx", views.import_template, name="import_template"),
    path("<int:quiz_id>/", views.quiz_detail, name="detail"),
    path("<int:quiz_id>/edit/", views.quiz_edit, name="edit"),
    path("<int:quiz_id>/status/", views.quiz_status_view, name="status"),
    path("<int:quiz_id>/import/", views.question_import_view, name="import"),
    path("<int:quiz_id>/board/", views.quiz_board, name="board"),
    path("<int:quiz_id>/stats/", views.quiz_stats_view, name="stats"),
    path("<int:quiz_id>/questions/new/", views.question_create_view, name="question_create"),
    path(
        "<int:quiz_id>/questions/<int:question_id>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "<int:quiz_id>/questions/<int:question_id>/delete/",
        views.question_delete_view,
        name="question_delete",
    ),
]
