"""URLs of 劳模服务管理 (all names start with `honoree`: the menu's section)."""

from django.urls import path

from gonghui.honors.care import views

app_name = "honors"
urlpatterns = [
    path("honorees/", views.honoree_list_view, name="honorees"),
    path("honorees/allowances/", views.allowance_list_view, name="honorees_allowances"),
    path(
        "honorees/allowances/export/",
        views.allowance_export_view,
        name="honorees_allowances_export",
    ),
    path("honorees/batch/", views.batch_view, name="honorees_batch"),
    path("honorees/import/", views.honoree_import_view, name="honorees_import"),
    path(
        "honorees/import/template/",
        views.honoree_import_template,
        name="honorees_import_template",
    ),
    path("honorees/<int:pk>/", views.honoree_detail, name="honoree"),
    path("honorees/<int:pk>/unmask/", views.honoree_unmask_view, name="honoree_unmask"),
    path("honorees/<int:pk>/contact/", views.honoree_contact, name="honoree_contact"),
    path("honorees/<int:pk>/death/", views.honoree_death, name="honoree_death"),
    path("honorees/<int:pk>/hardship/", views.honoree_hardship, name="honoree_hardship"),
    path("honorees/<int:pk>/allowances/", views.honoree_allowance, name="honoree_allowance"),
    path(
        "honorees/<int:pk>/honors/<int:honor_id>/revoke/",
        views.honoree_revoke,
        name="honoree_revoke",
    ),
    path(
        "honorees/<int:pk>/recuperation/",
        views.honoree_recuperation,
        name="honoree_recuperation",
    ),
    path("honorees/<int:pk>/cares/", views.honoree_care, name="honoree_care"),
]
