from django.urls import path

from gonghui.competitions.training.views import academies, classes

app_name = "training"
urlpatterns = [
    path("", academies.academy_list_view, name="academies"),
    path("academies/new/", academies.academy_create_view, name="academy_create"),
    path("academies/<int:academy_id>/", academies.academy_detail, name="academy"),
    path("academies/<int:academy_id>/edit/", academies.academy_edit, name="academy_edit"),
    path(
        "academies/<int:academy_id>/revoke/", academies.academy_revoke_view, name="academy_revoke"
    ),
    path(
        "academies/<int:academy_id>/courses/new/",
        academies.course_create_view,
        name="course_create",
    ),
    path("courses/<int:course_id>/", classes.course_detail, name="course"),
    path("courses/<int:course_id>/edit/", classes.course_edit_view, name="course_edit"),
    path("courses/<int:course_id>/classes/new/", classes.class_create_view, name="class_create"),
    path("classes/", classes.class_list_view, name="classes"),
    path("classes/<int:class_id>/", classes.class_detail, name="class"),
    path("classes/<int:class_id>/edit/", classes.class_edit_view, name="class_edit"),
    path("classes/<int:class_id>/start/", classes.class_start_view, name="class_start"),
    path("classes/<int:class_id>/finish/", classes.class_finish_view, name="class_finish"),
    path("classes/<int:class_id>/cancel/", classes.class_cancel_view, name="class_cancel"),
    path("classes/<int:class_id>/enrol/", classes.enrol_view, name="enrol"),
    path("classes/<int:class_id>/sessions/new/", classes.session_add_view, name="session_add"),
    path("sessions/<int:session_id>/attendance/", classes.attendance_view, name="attendance"),
    path(
        "enrollments/<int:enrollment_id>/confirm/",
        classes.enrollment_confirm_view,
        name="enrollment_confirm",
    ),
    path(
        "enrollments/<int:enrollment_id>/cancel/",
        classes.enrollment_cancel_view,
        name="enrollment_cancel",
    ),
    path(
        "enrollments/<int:enrollment_id>/certificate/",
        classes.certificate_view,
        name="certificate",
    ),
]
