"""Durations read as 天/小时/分钟 (`{% load durations %}` … `|minutes_as_duration`)."""

import pytest
from django.template import Context, Template

from gonghui.core.templatetags.durations import duration_text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 分钟"),
        (1, "1 分钟"),
        (59, "59 分钟"),
        (60, "1 小时"),
        (312, "5 小时 12 分钟"),
        (1439, "23 小时 59 分钟"),
        (1440, "1 天"),
        (2 * 1440 + 3 * 60 + 59, "2 天 3 小时"),
        (7 * 1440 - 1, "6 天 23 小时"),
        (7 * 1440 + 600, "7 天"),
        (485765, "337 天"),
        (-312, "5 小时 12 分钟"),
    ],
)
def test_duration_text(minutes, text):
    assert duration_text(minutes) == text


def test_the_filter_in_a_template():
    template = Template("{% load durations %}已超 {{ n|minutes_as_duration }}")
    assert template.render(Context({"n": 485765})) == "已超 337 天"
