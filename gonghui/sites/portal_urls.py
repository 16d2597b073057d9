# Placeholders so every portal page can link to every other while they are being built;
# each is replaced by its real view (TODO-SKELETON: none may remain at the end).
from django.http import Http404
from django.urls import path

from gonghui.accounts.decorators import public


@public
def _todo(request, **kwargs):
    raise Http404


app_name = "sites_portal"
urlpatterns = [
    path("", _todo, name="nearby"),
    path("map/", _todo, name="map"),
]
