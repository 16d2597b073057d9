"""The workbench's frame, filled by the apps: home link, left menu and top-bar tools.

Core's `base.html` and error pages know no app. Each app that has a workbench page declares it in
a module `<app>/menu.py`, imported once when Django starts (`CoreConfig.ready`):

    from gonghui.core.permissions import Perm
    from gonghui.core.menu import MenuItem, register_menu

    register_menu(MenuItem("服务阵地", "sites:list", Perm.SITE_VIEW, order=90))

- `register_menu(*items)`: left-menu entries, shown to a user holding `permission`, sorted by
  `order`; an entry is marked current when the view's name starts with `section` (by default
  the URL's namespace, `"sites:"`) and not with `exclude` (one prefix or a tuple of them).
- `register_home(url_name)`: where the brand and the error pages' "back" button lead.
- `register_landing(url_name, role=)`: where a user of that standard role lands after logging
  in, instead of the home (the 12351 agent on 坐席工作台).
- `register_topbar(template)`: a template included in the top bar for a logged-in user (the
  notifications badge, the logout button), sorted by `order`.
- `register_object_link(model, label, url_name)`: a button on another app's workbench page of
  an object (`"sites.Site"`), leading to `url_name` with the object's id: how an app on top
  (portal's 职工端页面 of a site) shows on a page of an app below, which cannot name it.
  The page renders them with `{% object_links obj %}`.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str
    order: int
    section: str = ""
    exclude: str | tuple[str, ...] = ""

    def __post_init__(self):
        if not self.section:
            object.__setattr__(self, "section", self.url_name.split(":")[0] + ":")


@dataclass(frozen=True)
class ObjectLink:
    label: str
    url_name: str


@dataclass
class _Frame:
    items: list[MenuItem] = field(default_factory=list)
    topbar: list[tuple[int, str]] = field(default_factory=list)
    home: str | None = None
    landings: dict[str, str] = field(default_factory=dict)
    object_links: dict[str, list[ObjectLink]] = field(default_factory=dict)


_frame = _Frame()


def register_menu(*items: MenuItem) -> None:
    for item in items:
        if any(known.url_name == item.url_name for known in _frame.items):
            raise ImproperlyConfigured(f"Menu entry {item.url_name} registered twice")
        _frame.items.append(item)
    _frame.items.sort(key=lambda item: item.order)


def register_home(url_name: str) -> None:
    if _frame.home not in (None, url_name):
        raise ImproperlyConfigured(f"Two workbench homes: {_frame.home} and {url_name}")
    _frame.home = url_name


def register_landing(url_name: str, *, role: str) -> None:
    if _frame.landings.get(role, url_name) != url_name:
        raise ImproperlyConfigured(f"Two landing pages for {role}")
    _frame.landings[role] = url_name


def landing_url_name(roles: set[str]) -> str:
    """Where a user holding `roles` lands after logging in: the first role's landing page in
    registration order, else the home."""
    for role, url_name in _frame.landings.items():
        if role in roles:
            return url_name
    return home_url_name()


def register_topbar(template: str, *, order: int) -> None:
    if template not in (name for _, name in _frame.topbar):
        _frame.topbar.append((order, template))
        _frame.topbar.sort()


def register_object_link(model: str, label: str, url_name: str) -> None:
    links = _frame.object_links.setdefault(model.lower(), [])
    if ObjectLink(label, url_name) not in links:
        links.append(ObjectLink(label, url_name))


def object_links(model: str) -> list[ObjectLink]:
    """The links registered for a model (`"sites.site"`)."""
    return list(_frame.object_links.get(model.lower(), []))


def menu_items() -> list[MenuItem]:
    return list(_frame.items)


def topbar_templates() -> list[str]:
    return [name for _, name in _frame.topbar]


def home_url_name() -> str:
    if _frame.home is None:
        raise ImproperlyConfigured("No workbench home registered (an app's menu.py)")
    return _frame.home
