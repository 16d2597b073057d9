from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.conftest import with_database
from gonghui.honors.models import HonorType
from gonghui.honors.rounds.catalogue import load_catalogue
from gonghui.honors.rounds.services import nominate, quota_set, round_open
from gonghui.inbox.tests.consistency import inbox_consistent_fixture

honors_inbox_consistent = inbox_consistent_fixture("honors.")


@pytest.fixture(autouse=True)
def honors_stats_consistent(request):
    """After every database test of honors, the rounds' roll-ups (honors conferred,
    nominations by status and their shares) agree with a recount."""
    if not with_database(request):
        yield
        return
    yield
    from gonghui.metrics.registry import provider
    from gonghui.metrics.services import stats_differences

    mine = (provider("honors"), provider("nominations"))
    wrong = [d for d in stats_differences() if any(p.owns(d.metric) for p in mine)]
    if wrong:
        pytest.fail(f"honors roll-ups disagree with a recount: {wrong[:10]}")


@pytest.fixture
def catalogue(tree):
    load_catalogue(tree.province)
    return {ht.code: ht for ht in HonorType.objects.all()}


@pytest.fixture
def medal(catalogue):
    return catalogue["gansu-may1-medal"]


@pytest.fixture
def province_admin(make_user, tree):
    from gonghui.accounts.permissions import ROLE_UNION_ADMIN

    return make_user("gs_admin", tree.province, ROLE_UNION_ADMIN)


@pytest.fixture
def tianshui_city_admin(make_user, tree):
    from gonghui.accounts.permissions import ROLE_UNION_ADMIN

    return make_user("tsc_admin", tree.tianshui, ROLE_UNION_ADMIN)


def later(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def medal_round(province_admin, staff, medal, tree):
    """省五一劳动奖章 2026: 10 places, 6 to 兰州 and 4 to 天水."""
    rnd = round_open(
        actor=province_admin,
        title="2026年甘肃省五一劳动奖章评选",
        year=2026,
        quotas={medal: 10},
        deadlines={"base": later(10), "county": later(20), "city": later(30)},
    )
    quota_set(actor=province_admin, round=rnd, honor_type=medal, org=tree.lanzhou, places=6)
    quota_set(actor=province_admin, round=rnd, honor_type=medal, org=tree.tianshui, places=4)
    return rnd


@pytest.fixture
def nominate_member(staff, make_member, medal_round, medal, tree):
    """A member of 兰州甲公司 nominated by its union's admin."""

    def make(org=None, actor=None, member=None, **fields):
        member = member or make_member(org or tree.base_a, name=fields.pop("name", "李明"))
        return nominate(
            actor=actor or staff.base_admin,
            round=fields.pop("round", medal_round),
            honor_type=fields.pop("honor_type", medal),
            member=member,
            post=fields.pop("post", "焊工"),
            front_line=fields.pop("front_line", True),
            deeds=fields.pop("deeds", "扎根一线二十年，攻克焊接难题十余项。"),
            **fields,
        )

    return make
