from django.urls import path

from gonghui.sites import views

app_name = "sites"
urlpatterns = [
    path("", views.site_list_view, name="list"),
    path("new/", views.site_create_view, name="create"),
    path("import/", views.site_import_view, name="import"),
    path("import/template/", views.site_import_template, name="import_template"),
    path("<int:site_id>/", views.site_detail, name="detail"),
    path("<int:site_id>/edit/", views.site_edit, name="edit"),
    path("<int:site_id>/delete/", views.site_delete_view, name="delete"),
    path("<int:site_id>/override/", views.site_override_view, name="override"),
    path("<int:site_id>/photos/", views.site_photo_upload, name="photo_upload"),
    path("<int:site_id>/photos/<int:photo_id>/", views.site_photo_view, name="photo"),
    path(
        "<int:site_id>/photos/<int:photo_id>/delete/",
        views.site_photo_delete,
        name="photo_delete",
    ),
]
