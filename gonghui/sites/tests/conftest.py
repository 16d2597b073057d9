import pytest

from gonghui.sites.models import Facility, Override, SiteType
from gonghui.sites.services import site_create, site_set_override

WEEKDAYS_8_TO_18 = "周一至周五 08:00-18:00"


@pytest.fixture
def make_site(staff, tree):
    """A site in 城关区 (by default owned by 城关区总工会), created through the service."""
    counter = iter(range(100_000))

    def make(
        *,
        name: str | None = None,
        lat: float = 36.06,
        lng: float = 103.83,
        site_type: str = SiteType.STATION,
        org=None,
        county=None,
        hours: str = "24小时",
        facilities: int = Facility.WATER | Facility.REST,
        actor=None,
        address: str = "兰州市城关区测试路1号",
        override: str = Override.AUTO,
        **extra,
    ):
        site = site_create(
            actor=actor or staff.sysadmin,
            org=org or tree.chengguan,
            county=county or tree.chengguan,
            name=name or f"测试驿站{next(counter)}",
            site_type=site_type,
            address=address,
            lat=lat,
            lng=lng,
            hours=hours,
            facilities=facilities,
            **extra,
        )
        if override != Override.AUTO:
            site = site_set_override(actor=staff.sysadmin, site=site, override=override)
        return site

    return make
