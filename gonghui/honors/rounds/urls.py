from django.urls import path

from gonghui.honors.rounds.views import catalogue, documents, nominations, rounds, steps

urlpatterns = [
    path("types/", catalogue.type_list, name="types"),
    path("types/new/", catalogue.type_create, name="type_create"),
    path("types/<int:type_id>/edit/", catalogue.type_edit, name="type_edit"),
    path("rounds/", rounds.rounds, name="rounds"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:round_id>/", rounds.round_detail, name="round"),
    path("rounds/<int:round_id>/quota/", rounds.round_quota, name="round_quota"),
    path("rounds/<int:round_id>/publicity/", rounds.round_publicity, name="round_publicity"),
    path("rounds/<int:round_id>/decision/", rounds.round_decision, name="round_decision"),
    path("rounds/<int:round_id>/export.xlsx", documents.round_export, name="round_export"),
    path("rounds/<int:round_id>/nominate/", nominations.nomination_create, name="nominate"),
    path("review/", nominations.review_queue, name="review"),
    path("candidates/", nominations.candidates, name="candidates"),
    path("nominations/<int:nomination_id>/", nominations.nomination_detail, name="nomination"),
    path(
        "nominations/<int:nomination_id>/approve/",
        nominations.nomination_approve_view,
        name="approve",
    ),
    path(
        "nominations/<int:nomination_id>/return/", nominations.nomination_return_view, name="return"
    ),
    path(
        "nominations/<int:nomination_id>/reject/", nominations.nomination_reject_view, name="reject"
    ),
    path("nominations/<int:nomination_id>/opinion/", steps.opinion, name="opinion"),
    path("nominations/<int:nomination_id>/committee/", steps.committee, name="committee"),
    path("nominations/<int:nomination_id>/submit/", steps.submit, name="submit"),
    path("nominations/<int:nomination_id>/vote/", steps.vote, name="vote"),
    path("nominations/<int:nomination_id>/files/", steps.attachment_upload, name="attach"),
    path(
        "nominations/<int:nomination_id>/files/<int:honor_file_id>/",
        steps.attachment_download,
        name="attachment",
    ),
    path(
        "nominations/<int:nomination_id>/files/<int:honor_file_id>/delete/",
        steps.attachment_remove,
        name="attachment_delete",
    ),
    path("opinions/<int:honor_opinion_id>/override/", steps.override, name="override"),
    path("rounds/<int:round_id>/consult/", steps.round_consult, name="round_consult"),
    path("rounds/<int:round_id>/committee/", steps.round_committee, name="round_committee"),
    path(
        "nominations/<int:nomination_id>/withdraw/",
        nominations.nomination_withdraw_view,
        name="withdraw",
    ),
    path(
        "nominations/<int:nomination_id>/resubmit/",
        nominations.nomination_resubmit_view,
        name="resubmit",
    ),
    path(
        "nominations/<int:nomination_id>/certificate.docx",
        documents.certificate,
        name="certificate",
    ),
    path(
        "nominations/<int:nomination_id>/recommendation.docx",
        documents.recommendation,
        name="recommendation",
    ),
    path(
        "objections/<int:honor_objection_id>/resolve/",
        nominations.objection_resolve_view,
        name="objection_resolve",
    ),
]
