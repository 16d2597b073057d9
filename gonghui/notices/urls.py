from django.urls import path

from gonghui.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list_view, name="list"),
    path("new/", views.notice_create_view, name="create"),
    path("<int:notice_id>/", views.notice_detail, name="detail"),
    path("<int:notice_id>/edit/", views.notice_edit, name="edit"),
    path("<int:notice_id>/withdraw/", views.notice_withdraw_view, name="withdraw"),
]
