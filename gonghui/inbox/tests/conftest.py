"""Test kinds on the org model: an org whose short name is 「待办」 has open work, due at the end
of its founding day; the kinds live only for the test that asks for them."""

import pytest

from gonghui.core.permissions import Perm
from gonghui.inbox.kinds import InboxKind, Item, register_kind, unregister_kind
from gonghui.orgs.models import Org
from gonghui.workcalendar.selectors import end_of_day

FLAG = "待办"


def org_item(org: Org) -> Item:
    return Item(
        org_id=org.pk,
        summary=f"请处理{org.name}",
        link=f"/orgs/{org.pk}/",
        due_at=end_of_day(org.founded_on) if org.founded_on else None,
    )


def make_kind(key: str, **kwargs) -> InboxKind:
    options = dict(
        key=key,
        label=f"测试待办{key}",
        permission=Perm.ORG_MANAGE,
        model="orgs.Org",
        source=lambda: Org.objects.filter(short_name=FLAG),
        item=org_item,
    )
    options.update(kwargs)
    return InboxKind(**options)


@pytest.fixture
def test_kinds():
    """Register kinds for one test: `test_kinds(kind, ...)`; all unregistered afterwards."""
    registered = []

    def add(*kinds: InboxKind) -> None:
        register_kind(*kinds)
        registered.extend(kind.key for kind in kinds)

    yield add
    for key in registered:
        unregister_kind(key)
