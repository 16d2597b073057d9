from django.urls import path

from gonghui.assistance.views import aid as views

urlpatterns = [
    path("archives/<int:archive_id>/plan/", views.aid_plan, name="aid_plan"),
    path("archives/<int:archive_id>/plan/measures/", views.aid_measure_add, name="aid_measure_add"),
    path(
        "archives/<int:archive_id>/plan/measures/<int:measure_id>/status/",
        views.aid_measure_status,
        name="aid_measure_status",
    ),
    path(
        "archives/<int:archive_id>/plan/measures/<int:measure_id>/notes/",
        views.aid_measure_note,
        name="aid_measure_note",
    ),
    path("archives/<int:archive_id>/aid/", views.aid_records, name="aid_records"),
    path("archives/<int:archive_id>/aid/new/", views.aid_record_add, name="aid_record_add"),
    path(
        "archives/<int:archive_id>/aid/exceptions/new/",
        views.aid_exception_add,
        name="aid_exception_add",
    ),
    path("aid/exceptions/", views.aid_exceptions, name="aid_exceptions"),
    path(
        "aid/exceptions/<int:exception_id>/",
        views.aid_exception_decide_view,
        name="aid_exception_decide",
    ),
    path("aid/caps/", views.aid_caps, name="aid_caps"),
    path("aid/caps/<int:cap_id>/delete/", views.aid_cap_delete, name="aid_cap_delete"),
    path("aid/ledger/", views.aid_ledger_view, name="aid_ledger"),
]
