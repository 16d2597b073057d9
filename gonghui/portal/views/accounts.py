# Placeholders so every portal page can link to every other while they are being built;
# each is replaced by its real view (TODO-SKELETON: none may remain at the end).
from django.http import Http404
from django.urls import path

from gonghui.accounts.decorators import public


@public
def _todo(request, **kwargs):
    raise Http404


urlpatterns = [
    path("login/", _todo, name="login"),
    path("sms/", _todo, name="sms_send"),
    path("logout/", _todo, name="logout"),
    path("certify/", _todo, name="certify"),
    path("me/", _todo, name="me"),
    path("password/", _todo, name="password"),
]
