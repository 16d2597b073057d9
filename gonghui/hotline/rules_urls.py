from django.urls import path

from gonghui.hotline import views

app_name = "hotline_rules"
urlpatterns = [
    path("", views.rules, name="list"),
    path("add/", views.rule_set, name="add"),
    path("<int:pk>/edit/", views.rule_set, name="edit"),
    path("<int:pk>/delete/", views.rule_delete, name="delete"),
]
