"""The honors' URLs: rounds' pages (honors/rounds/urls.py) and care's (honors/care/urls.py)."""

from gonghui.honors.care.urls import urlpatterns as care_urls
from gonghui.honors.rounds.urls import urlpatterns as rounds_urls

app_name = "honors"
urlpatterns = [*rounds_urls, *care_urls]
