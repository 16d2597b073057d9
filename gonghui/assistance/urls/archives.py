from django.urls import path

from gonghui.assistance.views import archive_reviews as reviews
from gonghui.assistance.views import archives as v

urlpatterns: list = [
    path("", v.archive_list_view, name="archive_list"),
    path("queue/", v.archive_queue, name="archive_queue"),
    path("apply/", v.archive_apply_view, name="archive_apply"),
    path("apply/member/<int:member_id>/", v.archive_apply_member_view, name="archive_apply_member"),
    path("poverty-lines/", v.poverty_lines_view, name="poverty_lines"),
    path("<int:pk>/", v.archive_detail, name="archive_detail"),
    path("<int:pk>/unmask/", v.archive_unmask_view, name="archive_unmask"),
    path("<int:pk>/photo/<int:photo_id>/", v.archive_visit_photo, name="archive_visit_photo"),
    path("<int:pk>/first-review/", reviews.archive_first_review_view, name="archive_first_review"),
    path("<int:pk>/final-review/", reviews.archive_final_review_view, name="archive_final_review"),
    path("<int:pk>/objection/", reviews.archive_objection_view, name="archive_objection"),
    path(
        "<int:pk>/objection/<int:objection_id>/resolve/",
        reviews.archive_objection_resolve_view,
        name="archive_objection_resolve",
    ),
    path(
        "<int:pk>/complete-notice/",
        reviews.archive_complete_notice_view,
        name="archive_complete_notice",
    ),
    path(
        "<int:pk>/annual-review/", reviews.archive_annual_review_view, name="archive_annual_review"
    ),
    path("<int:pk>/exit/", reviews.archive_exit_view, name="archive_exit"),
    path("<int:pk>/reapply/", v.archive_reapply_view, name="archive_reapply"),
]
