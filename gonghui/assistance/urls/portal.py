"""Portal (/m/assistance/) URLs: a worker applies for an archive and follows it."""

from django.urls import path

from gonghui.assistance.views import portal as views

app_name = "assistance_portal"

urlpatterns: list = [
    path("apply/", views.apply, name="apply"),
    path("mine/", views.mine, name="mine"),
]
