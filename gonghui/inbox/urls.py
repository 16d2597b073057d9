from django.urls import path

from gonghui.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox_home, name="home"),
    path("start/", views.inbox_start, name="start"),
    path("kind/<str:key>/", views.inbox_kind, name="kind"),
    path("<int:pk>/dismiss/", views.inbox_dismiss, name="dismiss"),
    path("behind/", views.inbox_behind, name="behind"),
    path("behind/<int:org_id>/", views.inbox_behind, name="behind_org"),
]
