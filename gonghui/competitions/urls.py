from django.urls import include, path

urlpatterns = [
    path("quiz/", include("gonghui.competitions.quiz.urls")),
]
