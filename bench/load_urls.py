"""URL conf of `bench/load.py`'s server: the product's URLs plus `/__bench__/hello/`.

The hello view is the ceiling of the load bench: the same gunicorn, settings and middleware as
the product, a view that reads nothing and renders nothing. It is not in the product's URLs.
"""

from django.http import HttpResponse
from django.urls import path

from gonghui.urls import (  # noqa: F401 - a root URL conf names its error handlers
    handler400,
    handler403,
    handler404,
    handler500,
)
from gonghui.urls import urlpatterns as product_urlpatterns


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("__bench__/hello/", hello), *product_urlpatterns]
