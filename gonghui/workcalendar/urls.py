from django.urls import path, register_converter

from gonghui.workcalendar import views
from gonghui.workcalendar.converters import IsoDateConverter

register_converter(IsoDateConverter, "isodate")

app_name = "workcalendar"
urlpatterns = [
    path("", views.year, name="year"),
    path("days/set/", views.day_set, name="day_set"),
    path("days/<isodate:day>/delete/", views.day_delete, name="day_delete"),
    path("import/", views.year_import, name="year_import"),
]
