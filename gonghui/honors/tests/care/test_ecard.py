"""The worker's electronic member card shows the honors he holds (not the revoked ones), in a
bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.conftest import VALID_IDS
from gonghui.honors.care.selectors import honors_on_card
from gonghui.honors.care.services import honoree_find_or_create
from gonghui.honors.models import Honor
from gonghui.honors.models.honorees import HonorSource
from gonghui.honors.rounds.services import honor_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_member, tree):
    return make_member(tree.base_a, id_number=VALID_IDS[1], name="李四")


@pytest.fixture
def worker(make_worker, member):
    return make_worker("13900000001", name="李四", id_number=VALID_IDS[1], member=member)


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/m/card/").content.decode()
    return len(ctx.captured_queries), page


def _honor(honoree, honor_type, year):
    from gonghui.honors.care.metrics import honoree_figures, stats_honoree_changed

    before = honoree_figures(honoree)
    honor = Honor.objects.create(
        honoree=honoree, honor_type=honor_type, year=year, source=HonorSource.IMPORTED
    )
    stats_honoree_changed(before=before, honoree=honoree)
    return honor


def test_the_card_lists_the_honors_held(
    staff, tree, types, member, worker, worker_client, province_admin
):
    client = worker_client(worker)
    _queries(client)  # warm: the session's once-a-minute save and the user's kept permissions
    without, page = _queries(client)
    assert "所获荣誉" not in page
    honoree, _ = honoree_find_or_create(
        actor=staff.sysadmin, name="李四", org=tree.base_a, id_number=VALID_IDS[1]
    )
    assert honoree.member_id == member.pk
    _honor(honoree, types.medal, 2024)
    revoked = _honor(honoree, types.province, 2020)
    _honor(honoree, types.national, 2025)
    honor_revoke(
        actor=province_admin, honor=revoked, decision_no="甘总工发〔2026〕30号", reason="弄虚作假"
    )
    with_honors, page = _queries(client)
    assert "所获荣誉" in page
    assert "<li>全国劳动模范和先进工作者（2025）</li><li>甘肃省五一劳动奖章（2024）</li>" in page
    assert "甘肃省劳动模范（2020）" not in page
    # One query for the honors (made also when there are none), whatever their number.
    assert with_honors == without
    _honor(honoree, types.province, 2010)
    assert _queries(client)[0] == with_honors


def test_an_honoree_not_linked_is_found_by_id_number(staff, tree, types, member):
    from gonghui.honors.models import Honoree

    honoree, _ = honoree_find_or_create(
        actor=staff.sysadmin, name="李四", org=tree.base_a, id_number=VALID_IDS[1]
    )
    Honoree.objects.filter(pk=honoree.pk).update(member=None)
    _honor(honoree, types.medal, 2024)
    lines = honors_on_card(member_id=member.pk, id_number_hash=member.id_number_hash)
    assert lines == ["甘肃省五一劳动奖章（2024）"]
    assert honors_on_card(member_id=member.pk + 1000, id_number_hash="") == []
