from django.urls import path

from gonghui.competitions.training.online import views

app_name = "training_online"
urlpatterns = [
    path("", views.course_list_view, name="list"),
    path("<int:course_id>/", views.course_view, name="course"),
    path("<int:course_id>/video/", views.course_video_upload_view, name="upload"),
    path("<int:course_id>/publish/", views.course_publish_view, name="publish"),
    path("<int:course_id>/unpublish/", views.course_unpublish_view, name="unpublish"),
    path("<int:course_id>/watch/", views.course_video_view, name="video"),
]
