app_name = "sites_portal"
urlpatterns = []
