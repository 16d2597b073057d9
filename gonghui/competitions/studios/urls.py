from django.urls import path

from gonghui.competitions.studios import member_views, suggestion_views, views

app_name = "studios"
urlpatterns = [
    path("", views.studio_list_view, name="list"),
    path("stats/", views.studio_stats_view, name="stats"),
    path("batches/", views.batch_list_view, name="batches"),
    path("batches/new/", views.batch_create_view, name="batch_create"),
    path("batches/<int:batch_id>/apply/", views.studio_create_view, name="create"),
    path("<int:studio_id>/", views.studio_detail, name="detail"),
    path("<int:studio_id>/edit/", views.studio_edit, name="edit"),
    path("<int:studio_id>/submit/", views.studio_submit_view, name="submit"),
    path("<int:studio_id>/approve/", views.studio_approve_view, name="approve"),
    path("<int:studio_id>/return/", views.studio_return_view, name="return"),
    path("<int:studio_id>/reject/", views.studio_reject_view, name="reject"),
    path("<int:studio_id>/report/", views.studio_report_view, name="report"),
    path("<int:studio_id>/review/open/", views.studio_review_open_view, name="review_open"),
    path("<int:studio_id>/review/", views.studio_review_view, name="review"),
    path("<int:studio_id>/members/add/", member_views.studio_member_add_view, name="member_add"),
    path(
        "<int:studio_id>/members/<int:member_id>/remove/",
        member_views.studio_member_remove_view,
        name="member_remove",
    ),
    path("<int:studio_id>/put-forward/", member_views.studio_put_forward_view, name="put_forward"),
    path("suggestions/", suggestion_views.suggestion_list_view, name="suggestions"),
    path("suggestions/new/", suggestion_views.suggestion_create_view, name="suggestion_create"),
    path(
        "suggestions/<int:suggestion_id>/",
        suggestion_views.suggestion_detail,
        name="suggestion_detail",
    ),
    path(
        "suggestions/<int:suggestion_id>/review/",
        suggestion_views.suggestion_review_view,
        name="suggestion_review",
    ),
    path(
        "suggestions/<int:suggestion_id>/recommend/",
        suggestion_views.suggestion_recommend_view,
        name="suggestion_recommend",
    ),
]
