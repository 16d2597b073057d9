app_name = "portal_admin"
urlpatterns = []
