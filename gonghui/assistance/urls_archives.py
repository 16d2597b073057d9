from django.urls import path

from gonghui.assistance import views_archives as v

urlpatterns: list = [
    path("", v.archive_list_view, name="archive_list"),
    path("queue/", v.archive_queue, name="archive_queue"),
    path("apply/", v.archive_apply_view, name="archive_apply"),
    path("poverty-lines/", v.poverty_lines_view, name="poverty_lines"),
    path("<int:pk>/", v.archive_detail, name="archive_detail"),
    path("<int:pk>/unmask/", v.archive_unmask_view, name="archive_unmask"),
    path("<int:pk>/photo/<int:photo_id>/", v.archive_visit_photo, name="archive_visit_photo"),
    path("<int:pk>/first-review/", v.archive_first_review_view, name="archive_first_review"),
    path("<int:pk>/final-review/", v.archive_final_review_view, name="archive_final_review"),
    path("<int:pk>/objection/", v.archive_objection_view, name="archive_objection"),
    path(
        "<int:pk>/objection/<int:objection_id>/resolve/",
        v.archive_objection_resolve_view,
        name="archive_objection_resolve",
    ),
    path(
        "<int:pk>/complete-notice/",
        v.archive_complete_notice_view,
        name="archive_complete_notice",
    ),
    path("<int:pk>/annual-review/", v.archive_annual_review_view, name="archive_annual_review"),
    path("<int:pk>/exit/", v.archive_exit_view, name="archive_exit"),
    path("<int:pk>/reapply/", v.archive_reapply_view, name="archive_reapply"),
]
