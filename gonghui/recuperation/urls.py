from django.urls import path

from gonghui.recuperation.views import batches, plans

app_name = "recuperation"
urlpatterns = [
    path("", plans.plans, name="plans"),
    path("plans/new/", plans.plan_new, name="plan_new"),
    path("plans/<int:plan_id>/", plans.plan_detail, name="plan"),
    path("plans/<int:plan_id>/batches/new/", plans.batch_new, name="batch_new"),
    path("resorts/", plans.resorts, name="resorts"),
    path("resorts/new/", plans.resort_new, name="resort_new"),
    path("batches/<int:batch_id>/", batches.batch_detail, name="batch"),
    path("batches/<int:batch_id>/edit/", plans.batch_edit, name="batch_edit"),
    path("batches/<int:batch_id>/quotas/", batches.batch_quotas, name="batch_quotas"),
    path("batches/<int:batch_id>/participants/", batches.participant_add, name="participant_add"),
    path(
        "batches/<int:batch_id>/participants/<int:participant_id>/confirm/",
        batches.participant_confirm_view,
        name="participant_confirm",
    ),
    path(
        "batches/<int:batch_id>/participants/<int:participant_id>/complete/",
        batches.participant_complete_view,
        name="participant_complete",
    ),
    path(
        "batches/<int:batch_id>/participants/<int:participant_id>/cancel/",
        batches.participant_cancel_view,
        name="participant_cancel",
    ),
]
