from django.urls import path

from gonghui.assistance.views import campaigns as views

urlpatterns = [
    path("campaigns/", views.campaign_list_view, name="campaign_list"),
    path("campaigns/new/", views.campaign_create_view, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path(
        "campaigns/<int:campaign_id>/allocate/", views.campaign_allocate, name="campaign_allocate"
    ),
    path("campaigns/<int:campaign_id>/pay/", views.campaign_pay_view, name="campaign_pay"),
    path(
        "campaigns/<int:campaign_id>/pay/import/",
        views.campaign_pay_import,
        name="campaign_pay_import",
    ),
    path(
        "campaigns/<int:campaign_id>/payments/<int:payment_id>/revoke/",
        views.campaign_payment_revoke_view,
        name="campaign_payment_revoke",
    ),
    path("grants/", views.grant_list_view, name="grant_list"),
    path("grants/apply/", views.grant_apply_view, name="grant_apply"),
    path("grants/<int:grant_id>/", views.grant_detail, name="grant_detail"),
    path("grants/<int:grant_id>/review/", views.grant_review_view, name="grant_review"),
    path("grants/<int:grant_id>/pay/", views.grant_pay_view, name="grant_pay"),
    path("grants/<int:grant_id>/proof/", views.grant_proof, name="grant_proof"),
]
