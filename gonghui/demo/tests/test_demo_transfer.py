"""The demo's pending transfer is in the demo accounts' 待办, and the table is right."""

import pytest

from gonghui.accounts.models import User
from gonghui.demo.accounts import ensure_demo_accounts
from gonghui.demo.members import seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.demo.transfers import seed_pending_transfer
from gonghui.inbox.selectors import check_items, visible_items
from gonghui.members.models import Transfer
from gonghui.orgs.loader import load_org_tree

pytestmark = pytest.mark.django_db


def test_the_demo_transfer_waits_in_cg_admins_inbox():
    load_org_tree()
    seed_orgs(7)
    seed_members(400, 7)
    ensure_demo_accounts()
    assert seed_pending_transfer() == 1
    assert seed_pending_transfer() == 0, "asked once, however often the demo is seeded"
    transfer = Transfer.objects.get()
    assert transfer.requested_by.username == "qlh_base_admin"
    assert check_items() == []
    cg_admin = User.objects.get(username="cg_admin")
    assert list(visible_items(cg_admin).values_list("kind", flat=True)) == [
        "members.transfer_below"
    ]
    base_admin = User.objects.get(username="base_admin")
    assert list(visible_items(base_admin).values_list("kind", flat=True)) == ["members.transfer"]
