"""Portal (/m/assistance/) URLs: a worker applies for an archive and follows it."""

app_name = "assistance_portal"

urlpatterns: list = []
