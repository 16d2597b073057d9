from django.shortcuts import render
from django.urls import path

from gonghui.accounts.decorators import public
from gonghui.portal.auth import current_worker


@public
def home(request):
    return render(request, "portal/home.html", {"worker": current_worker(request), "tab": "home"})


urlpatterns = [path("", home, name="home")]
