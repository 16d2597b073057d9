"""Port "pickers": the named purposes a search box picks an object for.

A form field that picks an org (or a member) names a purpose; the purpose's function gives the
queryset of what may be picked, for a user (and the form's context, e.g. the case being
transferred). The form validates against that queryset and the search endpoint searches that
same queryset, so the endpoint never offers what the form would refuse, nor anything outside the
user's scope. Each app registers its purposes in its `org_pickers.py` (imported when Django
starts, `OrgsConfig.ready`):

    register_org_picker("member_join", lambda user: member_holding_orgs(user),
                        permission=Perm.MEMBER_ADD)

The widget carries a signed token (purpose, user, context parameters): the endpoint takes the
purpose and parameters only from it, and only for the user it was made for, so a request cannot
widen a form's choices by changing the parameters.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from gonghui.core.errors import NotFound

PICKER_EXPIRED = "查找已失效，请刷新页面后重新输入。"
# A form left open over a working day still searches; a token older than this is refused.
TOKEN_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class Purpose:
    name: str
    queryset: Callable[..., QuerySet]
    permission: str


class PickerRegistry:
    """The purposes of one kind of picker (`org`, `member`)."""

    def __init__(self, kind: str):
        self.kind = kind
        self._purposes: dict[str, Purpose] = {}

    def register(self, name: str, queryset: Callable[..., QuerySet], *, permission: str) -> None:
        known = self._purposes.get(name)
        if known is not None and known.queryset is not queryset:
            raise ImproperlyConfigured(f"{self.kind} picker {name!r} registered twice")
        self._purposes[name] = Purpose(name, queryset, permission)

    def purpose(self, name: str) -> Purpose:
        try:
            return self._purposes[name]
        except KeyError:
            raise ImproperlyConfigured(f"no {self.kind} picker purpose {name!r}") from None

    def queryset(self, name: str, user, params: dict[str, Any]) -> QuerySet:
        return self.purpose(name).queryset(user, **params)

    def token(self, name: str, user, params: dict[str, Any]) -> str:
        self.purpose(name)
        payload = {"p": name, "u": user.pk, "a": params}
        return signing.dumps(payload, salt=f"gonghui.pickers.{self.kind}", compress=True)

    def resolve(self, token: str, user) -> tuple[Purpose, QuerySet]:
        """The purpose and queryset a token stands for; NotFound for a token that is forged,
        expired, made for another user or names a purpose that no longer exists."""
        try:
            payload = signing.loads(
                token, salt=f"gonghui.pickers.{self.kind}", max_age=TOKEN_MAX_AGE
            )
        except signing.BadSignature:
            raise NotFound(PICKER_EXPIRED, code="picker_expired") from None
        purpose = self._purposes.get(payload.get("p"))
        if purpose is None or payload.get("u") != user.pk:
            raise NotFound(PICKER_EXPIRED, code="picker_expired")
        return purpose, purpose.queryset(user, **payload.get("a", {}))


org_pickers = PickerRegistry("org")


def register_org_picker(
    name: str, queryset: Callable[..., QuerySet[Any]], *, permission: str
) -> None:
    """Declare the purpose `name`: `queryset(user, **params)` is what its pickers offer."""
    org_pickers.register(name, queryset, permission=permission)
