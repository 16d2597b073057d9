from django.urls import path

from gonghui.sites import portal_views

app_name = "sites_portal"
urlpatterns = [
    path("", portal_views.nearby, name="nearby"),
    path("map/", portal_views.site_map, name="map"),
    path("geojson/", portal_views.geojson, name="geojson"),
    path("<int:site_id>/", portal_views.site_detail, name="detail"),
    path("<int:site_id>/rate/", portal_views.site_rate_view, name="rate"),
    path("<int:site_id>/photos/<int:photo_id>/", portal_views.site_photo_view, name="photo"),
]
