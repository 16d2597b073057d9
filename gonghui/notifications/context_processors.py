from django.utils.functional import SimpleLazyObject

from gonghui.notifications.selectors import unread_count


def notifications(request):
    """`notifications_unread` for the top bar: one COUNT query, run only if a template uses it
    (and once however often it does)."""
    user = getattr(request, "user", None)
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user=user))}
