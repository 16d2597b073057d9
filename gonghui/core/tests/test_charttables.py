"""The table views rendered in Python (`core.charttables`) equal the template's."""

import re
from decimal import Decimal

from django.template.loader import render_to_string

from gonghui.core.charttables import cell_text, chart_table_html


def _squeezed(markup: str) -> str:
    return re.sub(r">\s+<", "><", markup.strip())


def _both(table: dict) -> tuple[str, str]:
    template = render_to_string("includes/chart_table.html", {"table": table})
    return _squeezed(template), _squeezed(chart_table_html(**table))


def test_rows_footer_and_awkward_cells_render_as_the_template_does():
    table = {
        "key": "assist_fund",
        "title": "本年救助按资金来源 <b>&",
        "headers": ["资金来源", "金额（元）", "人次"],
        "rows": [
            ["<script>alert('x')</script>", Decimal("1234.50"), 7],
            ['"引号" & 撇号\'', 0, None],
            ["占比", "12.5%", -3],
        ],
        "footer": ["合计", Decimal("1234.50"), 4],
    }
    template, python = _both(table)
    assert python == template
    assert "&lt;script&gt;" in python and "<script>" not in python


def test_an_empty_table_says_so_and_has_no_footer():
    table = {"key": "age", "title": "会员年龄构成", "headers": ["年龄段", "会员数"], "rows": []}
    table["footer"] = None
    template, python = _both(table)
    assert python == template
    assert 'colspan="2" class="empty">暂无数据' in python


def test_cell_text_matches_the_template_for_each_type():
    for value in (0, 12345678, -1, 1.5, Decimal("0.10"), None, True, "a<b", "甘肃"):
        expected = render_to_string(
            "includes/chart_table.html",
            {"table": {"key": "k", "title": "t", "headers": ["h"], "rows": [[value]]}},
        )
        assert f'<th scope="row">{cell_text(value)}</th>' in expected, value


def test_the_card_renders_as_the_template_does():
    from django.utils.safestring import mark_safe

    from gonghui.core.charttables import chart_card_html

    table = {
        "key": "assist_level",
        "title": "在档档案按困难类别 <i>",
        "headers": ["困难类别", "户数"],
        "rows": [["深度困难", 3]],
        "footer": ["合计", 3],
    }
    variants = [
        {},
        {"heading": "会员年龄构成 & 分布", "note": "说明 <b>一</b>", "wide": True},
        {"export_url": "/stats/org/1/export/assist_level.xlsx?a=1&b=2"},
        {"note": mark_safe("<a href='/x'>已是安全的</a>")},
    ]
    for options in variants:
        for given in (table, {**table, "html": chart_table_html(**table)}):
            template = render_to_string("includes/chart_card.html", {"table": given, **options})
            python = chart_card_html(given, **options)
            assert _squeezed(python) == _squeezed(template), options
    assert 'class="card chart-card chart-wide"' in chart_card_html(table, wide=True)
    assert "&lt;i&gt;" in chart_card_html(table)
