"""Portal (/m/assistance/) URLs: a worker applies for an archive and follows it."""

from django.urls import path

from gonghui.assistance import portal_views

app_name = "assistance_portal"

urlpatterns: list = [
    path("apply/", portal_views.apply, name="apply"),
    path("mine/", portal_views.mine, name="mine"),
]
