from gonghui.demo.accounts import demo_orgs, ensure_demo_accounts
from gonghui.demo.notices import NOTICES, seed_notices
from gonghui.notices.selectors import notices_for_union
from gonghui.orgs.loader import load_org_tree


def test_demo_notices_reach_a_chengguan_worker_from_each_level(db):
    load_org_tree()
    ensure_demo_accounts()
    assert seed_notices() == len(NOTICES)
    assert seed_notices() == 0  # once only
    orgs = demo_orgs()
    seen = list(notices_for_union(orgs["street"]))
    publishers = {n.publisher.name for n in seen}
    assert {orgs["province"].name, orgs["lanzhou"].name, orgs["chengguan"].name} <= publishers
    assert orgs["qilihe"].name not in publishers
    # Newest first.
    assert [n.publish_from for n in seen] == sorted((n.publish_from for n in seen), reverse=True)
