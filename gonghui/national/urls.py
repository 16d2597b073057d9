from django.urls import path

from gonghui.national import views

app_name = "national"
urlpatterns = [
    path("exchange/", views.exchange_view, name="exchange"),
    path("transfers/", views.transfer_list_view, name="transfers"),
    path("transfers/new/<int:member_id>/", views.transfer_request_view, name="request"),
    path("transfers/<int:transfer_id>/approve/", views.transfer_approve_view, name="approve"),
    path("transfers/<int:transfer_id>/reject/", views.transfer_reject_view, name="reject"),
]
