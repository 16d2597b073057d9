from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gonghui.conftest import message_pattern
from gonghui.core.errors import ApplicationError
from gonghui.sites.models import Facility, Override, Site, facility_labels
from gonghui.sites.parsing import (
    FACILITY_INVALID,
    HOURS_INVALID,
    HOURS_ORDER,
    HOURS_OVERLAP,
    format_hours,
    parse_facilities,
    parse_hours,
)

SH = ZoneInfo("Asia/Shanghai")
# 2026-11-23 is a Monday.
MONDAY = datetime(2026, 11, 23, tzinfo=SH)


def at(day_offset: int, hh: int, mm: int = 0) -> datetime:
    return MONDAY.replace(day=23 + day_offset, hour=hh, minute=mm)


def site(hours: str, override: str = Override.AUTO) -> Site:
    return Site(hours=parse_hours(hours), override=override)


def test_parse_hours_weekday_ranges_and_split_days():
    hours = parse_hours("周一至周五 08:00-12:00,14:00-18:00；周六 09:00-12:00")
    assert hours["1"] == [["08:00", "12:00"], ["14:00", "18:00"]]
    assert hours["5"] == hours["1"]
    assert hours["6"] == [["09:00", "12:00"]]
    assert hours["7"] == []


def test_parse_hours_24h_and_everyday():
    assert parse_hours("24小时") == {str(d): [["00:00", "24:00"]] for d in range(1, 8)}
    assert parse_hours("每天 7:30-21:00")["7"] == [["07:30", "21:00"]]


@pytest.mark.parametrize(
    "text",
    ["周一至周五 8点到18点", "周八 08:00-10:00", "周五至周一 08:00-10:00", "每天 25:00-26:00"],
)
def test_parse_hours_rejects_nonsense(text):
    with pytest.raises(ApplicationError, match=message_pattern(HOURS_INVALID)):
        parse_hours(text)


def test_parse_hours_rejects_backwards_and_overlapping_spans():
    with pytest.raises(ApplicationError) as exc:
        parse_hours("周一 18:00-08:00")
    assert exc.value.message == HOURS_ORDER.format(span="18:00-08:00")
    with pytest.raises(ApplicationError) as exc:
        parse_hours("周二 08:00-12:00,11:00-14:00")
    assert exc.value.message == HOURS_OVERLAP.format(day="周二")


def test_format_hours_round_trips():
    for text in [
        "周一至周五 08:00-12:00,14:00-18:00；周六 09:00-12:00",
        "24小时",
        "周一 08:00-09:00；周三至周日 10:00-24:00",
    ]:
        assert format_hours(parse_hours(text)) == text


def test_open_now_follows_hours_in_shanghai_time():
    s = site("周一至周五 08:00-18:00")
    assert s.is_open_at(at(0, 8, 0))
    assert s.is_open_at(at(0, 17, 59))
    assert not s.is_open_at(at(0, 18, 0))
    assert not s.is_open_at(at(0, 7, 59))
    assert not s.is_open_at(at(5, 10))  # Saturday
    # 01:00 UTC on Monday is 09:00 in Lanzhou.
    assert s.is_open_at(datetime(2026, 11, 23, 1, 0, tzinfo=ZoneInfo("UTC")))
    assert not s.is_open_at(datetime(2026, 11, 22, 23, 0, tzinfo=ZoneInfo("UTC")))


def test_24h_site_is_open_at_midnight():
    s = site("24小时")
    assert s.is_open_at(at(0, 0, 0)) and s.is_open_at(at(6, 23, 59))


def test_override_wins_over_hours():
    assert not site("24小时", Override.CLOSED).is_open_at(at(0, 12))
    assert site("周一 08:00-09:00", Override.OPEN).is_open_at(at(3, 3))
    assert not site("").is_open_at(at(0, 12))


def test_facilities_bitmask():
    mask = parse_facilities("饮水、充电，无线网络")
    assert mask == Facility.WATER | Facility.CHARGING | Facility.WIFI
    assert facility_labels(mask) == ["饮水", "充电", "无线网络"]
    with pytest.raises(
        ApplicationError,
        match=message_pattern(FACILITY_INVALID.format(name="洗澡", choices="{choices}")),
    ):
        parse_facilities("饮水、洗澡")
