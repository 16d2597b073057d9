from django.urls import path

from gonghui.portal import workbench_legal as legal
from gonghui.portal import workbench_views as views

app_name = "portal_admin"
urlpatterns = [
    path("applications/", views.applications, name="applications"),
    path("applications/bulk-approve/", views.applications_bulk_approve, name="bulk_approve"),
    path("applications/<int:application_id>/", views.application_detail, name="application"),
    path(
        "applications/<int:application_id>/approve/",
        views.application_approve,
        name="application_approve",
    ),
    path(
        "applications/<int:application_id>/reject/",
        views.application_reject,
        name="application_reject",
    ),
    path("requests/", views.member_requests, name="member_requests"),
    path(
        "requests/<int:request_id>/forward/",
        views.member_request_forward_view,
        name="member_request_forward",
    ),
    path(
        "requests/<int:request_id>/approve/",
        views.member_request_approve_view,
        name="member_request_approve",
    ),
    path(
        "requests/<int:request_id>/reject/",
        views.member_request_reject_view,
        name="member_request_reject",
    ),
    path("join-qr/", views.qr_unions, name="qr_unions"),
    path("join-qr/<int:org_id>.svg", views.qr_svg_view, name="qr_svg"),
    path("join-qr/<int:org_id>.png", views.qr_png_view, name="qr_png"),
    path("join-qr/<int:org_id>/poster/", views.qr_poster, name="qr_poster"),
    path("verify/", views.verify, name="verify"),
    path("legal/", legal.legal_list, name="legal"),
    path("legal/<slug:kind>/publish/", legal.legal_publish, name="legal_publish"),
    path("legal/<slug:kind>/v<int:version>/", legal.legal_version, name="legal_version"),
]
