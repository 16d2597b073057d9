from django import template
from django.urls import reverse

from gonghui.core import menu

register = template.Library()


def _active(context, prefix: str, exclude: str | tuple[str, ...] = "") -> bool:
    request = context.get("request")
    match = request.resolver_match if request else None
    name = match.view_name if match else ""
    return name.startswith(prefix) and not (exclude and name.startswith(exclude))


@register.simple_tag(takes_context=True)
def nav_class(context, prefix: str, exclude: str = "") -> str:
    """Mark the current section of a nav: "active" when the current URL name starts with
    `prefix` (and not with `exclude`)."""
    return "active" if _active(context, prefix, exclude) else ""


@register.simple_tag
def home_url() -> str:
    """The workbench home (the app that registered it in its menu.py)."""
    return reverse(menu.home_url_name())


@register.inclusion_tag("includes/menu.html", takes_context=True)
def workbench_menu(context) -> dict:
    """The left menu: the registered entries the user may open, the current one marked."""
    user = context["user"]
    entries = [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "active": _active(context, item.section, item.exclude),
        }
        for item in menu.menu_items()
        if user.has_perm(item.permission)
    ]
    return {"entries": entries}


@register.inclusion_tag("includes/object_links.html")
def object_links(obj) -> dict:
    """The buttons other apps registered for this object's page (`core.menu.object_links`)."""
    links = menu.object_links(obj._meta.label)
    return {"links": [(link.label, reverse(link.url_name, args=[obj.pk])) for link in links]}


@register.simple_tag
def topbar_templates() -> list[str]:
    """The registered top-bar templates (notifications badge, logout …), for `{% include %}`."""
    return menu.topbar_templates()
