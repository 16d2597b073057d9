"""Reading site values as people type them (form, Excel import): timetables, facilities,
coordinates. Each raises ApplicationError with a Chinese message that says what to fix."""

import re

from gonghui.core.errors import ApplicationError
from gonghui.sites.geo import gcj02_to_wgs84
from gonghui.sites.models import WEEKDAYS, Facility

COORDS_INVALID = "坐标不正确：纬度应在 -90 到 90 之间，经度应在 -180 到 180 之间。"
COORDS_OUTSIDE = "坐标不在中国境内，请核对经纬度是否填反（经度约 92–109，纬度约 32–43）。"
CRS_INVALID = "坐标系只能是 WGS-84 或 GCJ-02。"
HOURS_INVALID = (
    "开放时间「{part}」无法识别。请按「周一至周五 08:00-18:00；周六 09:00-12:00」或"
    "「每天 00:00-24:00」「24小时」的格式填写。"
)
HOURS_ORDER = "开放时间「{span}」的结束时间须晚于开始时间（跨夜请拆成两段）。"
HOURS_OVERLAP = "{day}的开放时间段有重叠，请合并后重新填写。"
FACILITY_INVALID = "服务设施「{name}」无法识别，可选：{choices}。"

_TIME = r"([01]?[0-9]|2[0-4])[:：]([0-5][0-9])"
_SPAN = re.compile(rf"^{_TIME}\s*[-–—~～至]\s*{_TIME}$")
_DAY_NAMES = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_DAY_RANGE = re.compile(r"^周([一二三四五六日天])(?:\s*[至到\-–~～]\s*周?([一二三四五六日天]))?$")
ALL_DAY = [["00:00", "24:00"]]


def _days(text: str) -> list[int]:
    if text in ("每天", "每日", "全周"):
        return list(range(1, 8))
    if text in ("工作日",):
        return list(range(1, 6))
    if text in ("周末",):
        return [6, 7]
    days: list[int] = []
    for token in re.split(r"[、,，/]", text):
        match = _DAY_RANGE.match(token.strip())
        if not match:
            raise ValueError
        first = _DAY_NAMES[match.group(1)]
        last = _DAY_NAMES[match.group(2)] if match.group(2) else first
        if last < first:
            raise ValueError
        days.extend(range(first, last + 1))
    return days


def _span(text: str) -> list[str]:
    match = _SPAN.match(text.strip())
    if not match:
        raise ValueError
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 == 24 or (h2 == 24 and m2):
        raise ValueError
    start, end = f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"
    if end <= start:
        raise ApplicationError(HOURS_ORDER.format(span=text.strip()), field="hours")
    return [start, end]


def parse_hours(text: str) -> dict[str, list[list[str]]]:
    """「周一至周五 08:00-12:00,14:00-18:00；周六 09:00-12:00」→ {"1": [["08:00", "12:00"], …]}.

    Days not named are closed. 「24小时」 means every day all day; 「休息」 closes the named days.
    """
    hours: dict[str, list[list[str]]] = {str(d): [] for d in range(1, 8)}
    text = (text or "").strip()
    if text in ("24小时", "全天24小时", "24小时开放", "全天"):
        return {str(d): [list(s) for s in ALL_DAY] for d in range(1, 8)}
    for part in re.split(r"[；;\n]+", text):
        part = part.strip()
        if not part:
            continue
        try:
            head, _, rest = part.partition(" ")
            days = _days(head.strip())
            rest = rest.strip()
            if rest in ("休息", "闭馆", "不开放"):
                spans = []
            elif rest in ("24小时", "全天"):
                spans = [list(s) for s in ALL_DAY]
            else:
                spans = [_span(s) for s in re.split(r"[,，、]", rest) if s.strip()]
                if not spans:
                    raise ValueError
        except (ValueError, KeyError):
            raise ApplicationError(HOURS_INVALID.format(part=part), field="hours") from None
        for day in days:
            hours[str(day)] = sorted(spans)
    for day, spans in hours.items():
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            if start < end:
                raise ApplicationError(
                    HOURS_OVERLAP.format(day=WEEKDAYS[int(day) - 1]), field="hours"
                )
    return hours


def format_hours(hours: dict) -> str:
    """The inverse of `parse_hours`, grouping runs of days with the same spans."""
    if all(hours.get(str(d)) == ALL_DAY for d in range(1, 8)):
        return "24小时"
    parts, day = [], 1
    while day <= 7:
        spans = hours.get(str(day), [])
        last = day
        while last < 7 and hours.get(str(last + 1), []) == spans:
            last += 1
        if spans:
            days = WEEKDAYS[day - 1] + (f"至{WEEKDAYS[last - 1]}" if last > day else "")
            parts.append(f"{days} " + ",".join(f"{s}-{e}" for s, e in spans))
        day = last + 1
    return "；".join(parts)


def parse_facilities(value: str | list) -> int:
    """「饮水、充电」 (or a list of labels or bit values) → bitmask."""
    by_label = {f.label: f.value for f in Facility}
    if isinstance(value, str):
        names = [n.strip() for n in re.split(r"[、,，/\s]+", value) if n.strip()]
    else:
        names = list(value)
    mask = 0
    for name in names:
        if str(name).isdigit() and int(name) in Facility.values:
            mask |= int(name)
        elif name in by_label:
            mask |= by_label[name]
        else:
            raise ApplicationError(
                FACILITY_INVALID.format(name=name, choices="、".join(by_label)),
                field="facilities",
            )
    return mask


def parse_coordinates(lat, lng, crs: str = "WGS-84") -> tuple[float, float]:
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        raise ApplicationError(COORDS_INVALID, field="lat") from None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ApplicationError(COORDS_INVALID, field="lat")
    if not (3 <= lat <= 54 and 73 <= lng <= 136):
        raise ApplicationError(COORDS_OUTSIDE, field="lat")
    crs = (crs or "WGS-84").strip().upper().replace("WGS84", "WGS-84").replace("GCJ02", "GCJ-02")
    if crs == "GCJ-02":
        lat, lng = gcj02_to_wgs84(lat, lng)
    elif crs != "WGS-84":
        raise ApplicationError(CRS_INVALID, field="crs")
    return round(lat, 7), round(lng, 7)
