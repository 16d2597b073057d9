"""Durations as people read them: 天/小时/分钟, never a raw count of minutes.

    {% load durations %}
    已超 {{ case.minutes_late|minutes_as_duration }}   → 已超 337 天

The rule (the same in `hotline/static/hotline/console.js`, which counts down in the page):
under an hour, minutes; under a day, hours and minutes; under a week, days and hours; from a
week on, days alone. Each part is rounded down, a zero part is left out.
"""

from django import template

register = template.Library()

HOUR = 60
DAY = 24 * HOUR
WEEK = 7 * DAY


def duration_text(minutes: int) -> str:
    """`minutes` (its size; the caller says 剩余 or 已超) as 「5 小时 12 分钟」."""
    minutes = abs(int(minutes))
    days, rest = divmod(minutes, DAY)
    hours, mins = divmod(rest, HOUR)
    if minutes < HOUR:
        parts = [(mins, "分钟")]
    elif minutes < DAY:
        parts = [(hours, "小时"), (mins, "分钟")]
    elif minutes < WEEK:
        parts = [(days, "天"), (hours, "小时")]
    else:
        parts = [(days, "天")]
    shown = [f"{n} {unit}" for n, unit in parts if n] or [f"{parts[0][0]} {parts[0][1]}"]
    return " ".join(shown)


@register.filter
def minutes_as_duration(minutes) -> str:
    return duration_text(minutes)
