# Placeholders so every portal page can link to every other while they are being built;
# each is replaced by its real view (TODO-SKELETON: none may remain at the end).
from django.http import Http404
from django.urls import path

from gonghui.accounts.decorators import public


@public
def _todo(request, **kwargs):
    raise Http404


urlpatterns = [
    path("12351/", _todo, name="complaint_new"),
    path("12351/mine/", _todo, name="my_cases"),
    path("12351/mine/<str:number>/", _todo, name="case_detail"),
    path("12351/lookup/", _todo, name="case_lookup"),
]
