from datetime import timedelta

import pytest
from django.utils import timezone

from gonghui.accounts.permissions import ROLE_UNION_ADMIN
from gonghui.competitions.models.studios import StudioKind, StudioLevel
from gonghui.competitions.studios.services import (
    studio_approve,
    studio_batch_create,
    studio_create,
    studio_submit,
)
from gonghui.inbox.tests.consistency import inbox_consistent_fixture

inbox_consistent = inbox_consistent_fixture("competitions.studio.")


@pytest.fixture(autouse=True)
def studio_stats_consistent(request):
    """After each database test the studios' roll-ups agree with a recount."""
    from gonghui.conftest import with_database

    if not with_database(request):
        yield
        return
    yield
    from gonghui.metrics.registry import provider
    from gonghui.metrics.services import stats_differences

    wrong = [d for d in stats_differences() if provider("studios").owns(d.metric)]
    if wrong:
        pytest.fail(f"studio roll-ups disagree with a recount: {wrong[:10]}")


@pytest.fixture
def township_admin(tree, make_user):
    return make_user("dg_admin", tree.donggang, ROLE_UNION_ADMIN)


@pytest.fixture
def city_batch(staff):
    """A 市级 naming batch of 兰州市总工会, open for a month."""
    return studio_batch_create(
        actor=staff.city_admin,
        name="兰州市第四批劳模创新工作室",
        level=StudioLevel.CITY,
        year=timezone.localdate().year,
        deadline=timezone.localdate() + timedelta(days=30),
    )


@pytest.fixture
def make_studio(staff, tree, make_member, city_batch):
    """A draft application of 兰州甲公司 (by its own union) to the city batch."""
    counter = iter(range(1000))

    def make(*, actor=None, org=None, batch=None, lead=None, **extra):
        n = next(counter)
        org = org or tree.base_a
        return studio_create(
            actor=actor or staff.base_admin,
            batch=batch or city_batch,
            org=org,
            lead=lead or make_member(org, name=f"王师傅{n}"),
            name=extra.pop("name", f"王师傅劳模创新工作室{n}"),
            kind=extra.pop("kind", StudioKind.MODEL_WORKER),
            **extra,
        )

    return make


@pytest.fixture
def named_studio(staff, township_admin, make_studio):
    """A studio of 兰州甲公司 through every level up to its naming by 兰州市总工会."""
    studio = make_studio()
    studio_submit(actor=staff.base_admin, studio=studio)
    for reviewer in (township_admin, staff.county_admin, staff.city_admin):
        studio = studio_approve(actor=reviewer, studio=studio)
    return studio


def stat(org, metric: str) -> int:
    """The stored roll-up of `metric` for `org`'s subtree (0 when no row)."""
    from gonghui.metrics.models import OrgStat

    row = OrgStat.objects.filter(org=org, metric=metric, period="").first()
    return row.value if row else 0


@pytest.fixture
def studio_named_last_year(named_studio):
    """`named_studio` as if named on 1 June of last year, its report of last year now due (the
    naming date moved by hand; the 待办 asked again, as the 1 January rebuild does)."""
    from datetime import date

    from gonghui.competitions.models.studios import Studio
    from gonghui.inbox.services import refresh

    last = timezone.localdate().year - 1
    Studio.objects.filter(pk=named_studio.pk).update(
        named_on=date(last, 6, 1), next_report_year=last
    )
    named_studio.refresh_from_db()
    refresh(named_studio)
    return named_studio
