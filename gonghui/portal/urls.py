from gonghui.portal.views import accounts, complaints, home, joining, legal

app_name = "portal"
urlpatterns = home.urlpatterns + accounts.urlpatterns + joining.urlpatterns
urlpatterns += complaints.urlpatterns + legal.urlpatterns
