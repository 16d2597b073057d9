from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

from gonghui.core import menu

register = template.Library()

# The workbench frame is drawn on every page: its argument-less URLs are reversed once per
# process (per URLconf and script prefix), and the menu's entries once per set of entries a
# user may open. Only the current entry's mark is worked out per request.
_urls: dict[tuple, str] = {}
_menus: dict[tuple, list[tuple[str, str, str, str | tuple[str, ...]]]] = {}


def _url(name: str) -> str:
    key = (get_urlconf(), get_script_prefix(), name)
    url = _urls.get(key)
    if url is None:
        url = _urls[key] = reverse(name)
    return url


def _entries(user) -> list[tuple[str, str, str, str | tuple[str, ...]]]:
    items = menu.menu_items()
    allowed = tuple(item.url_name for item in items if user.has_perm(item.permission))
    key = (get_urlconf(), get_script_prefix(), allowed)
    entries = _menus.get(key)
    if entries is None:
        entries = [
            (item.label, _url(item.url_name), item.section, item.exclude)
            for item in items
            if item.url_name in allowed
        ]
        if len(_menus) > 1000:
            _menus.clear()
        _menus[key] = entries
    return entries


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
    return _url(menu.home_url_name())


@register.inclusion_tag("includes/menu.html", takes_context=True)
def workbench_menu(context) -> dict:
    """The left menu: the registered entries the user may open, the current one marked."""
    entries = [
        {"label": label, "url": url, "active": _active(context, section, exclude)}
        for label, url, section, exclude in _entries(context["user"])
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
