from django import template

from gonghui.inbox.selectors import inbox_count

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_badge(context) -> int:
    """The user's open items, counted once per request however often the bar is drawn."""
    request = context.get("request")
    if request is None:
        return 0
    if not hasattr(request, "_inbox_count"):
        request._inbox_count = inbox_count(request.user)
    return request._inbox_count
