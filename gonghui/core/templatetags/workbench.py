from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_class(context, prefix: str, exclude: str = "") -> str:
    """Mark the current section of the left nav: "active" when the current URL name starts
    with `prefix` (and not with `exclude`)."""
    match = context["request"].resolver_match
    name = match.view_name if match else ""
    if name.startswith(prefix) and not (exclude and name.startswith(exclude)):
        return "active"
    return ""
