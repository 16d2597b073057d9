# Placeholders so every portal page can link to every other while they are being built;
# each is replaced by its real view (TODO-SKELETON: none may remain at the end).
from django.http import Http404
from django.urls import path

from gonghui.accounts.decorators import public


@public
def _todo(request, **kwargs):
    raise Http404


urlpatterns = [
    path("join/", _todo, name="join"),
    path("join/<int:org_id>/", _todo, name="join_org"),
    path("card/", _todo, name="card"),
    path("requests/", _todo, name="requests"),
]
