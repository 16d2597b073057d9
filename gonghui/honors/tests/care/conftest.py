"""Fixtures of 劳模服务管理: the catalogue's person honors, honorees in the test tree, and a check
after every database test that the `honorees` roll-ups agree with a recount."""

from datetime import date

import pytest

from gonghui.conftest import id_with_check, with_database
from gonghui.honors.care.metrics import honoree_figures, stats_honoree_changed
from gonghui.honors.care.services import honoree_find_or_create
from gonghui.honors.models import Honor, HonorLevel, HonorSubject, HonorType
from gonghui.honors.models.honorees import HonorSource


@pytest.fixture(autouse=True)
def honorees_stats_consistent(request):
    if not with_database(request):
        yield
        return
    yield
    from gonghui.metrics.registry import provider
    from gonghui.metrics.services import stats_differences

    mine = provider("honorees")
    wrong = [d for d in stats_differences() if mine.owns(d.metric)]
    if wrong:
        pytest.fail(f"honorees roll-ups disagree with a recount: {wrong[:10]}")


class Types:
    pass


@pytest.fixture
def types(tree):
    t = Types()

    def make(code, title, level, order):
        return HonorType.objects.create(
            code=code,
            title=title,
            level=level,
            conferrer=tree.province,
            conferring_body="甘肃省总工会",
            subject=HonorSubject.PERSON,
            order=order,
        )

    t.national = make("national-model", "全国劳动模范和先进工作者", HonorLevel.NATIONAL, 1)
    t.medal = make("gs-medal", "甘肃省五一劳动奖章", HonorLevel.PROVINCE, 2)
    t.province = make("gs-model", "甘肃省劳动模范", HonorLevel.PROVINCE, 3)
    return t


def _id(n: int) -> str:
    return id_with_check(f"62010219{60 + n % 30:02d}0101{n:03d}")


@pytest.fixture
def make_honoree(staff):
    counter = iter(range(1, 1000))

    def make(org, honor_type, *, year=2015, name="", id_number="", actor=None, **fields):
        n = next(counter)
        honoree, _ = honoree_find_or_create(
            actor=actor or staff.sysadmin,
            name=name or f"劳模{n}",
            org=org,
            id_number=id_number or _id(n),
            **fields,
        )
        before = honoree_figures(honoree)
        Honor.objects.create(
            honoree=honoree, honor_type=honor_type, year=year, source=HonorSource.IMPORTED
        )
        stats_honoree_changed(before=before, honoree=honoree)
        return honoree

    return make


@pytest.fixture
def paid_on():
    return date(2026, 1, 20)
