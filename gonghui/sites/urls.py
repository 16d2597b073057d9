app_name = "sites"
urlpatterns = []
