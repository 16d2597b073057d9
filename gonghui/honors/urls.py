"""URLs of honors (the rounds' and 劳模服务管理's, mounted at /honors/)."""

from gonghui.honors.care.urls import app_name, urlpatterns  # noqa: F401
