from django.urls import include, path

urlpatterns = [path("studios/", include("gonghui.competitions.studios.urls"))]
