"""A chart's table view (`includes/chart_table.html`) rendered in Python, for the pages that show
many of them (the 数据看板 at province scale: a hundred and more rows, a thousand cells).

The markup and the cell values are those of the template: a value is localised and escaped as
the template engine does (`render_value_in_context`), and an int, the usual cell, is written as
is while the project does not group thousands (`USE_THOUSAND_SEPARATOR`). The template stays the
reference and the fallback: `chart_card.html` uses it for a table without `html`.
"""

import html
from collections.abc import Iterable

from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

# The template's text for a table without rows.
EMPTY = "暂无数据"


def cell_text(value) -> str:
    """One value as the template engine writes it (localised, escaped)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    if type(value) is str:
        return html.escape(value)  # django.utils.html.escape's own
    if isinstance(value, str):
        return conditional_escape(value)
    return conditional_escape(localize(template_localtime(value)))


def _row(cells: Iterable, head: str, body: str) -> str:
    out = []
    for n, cell in enumerate(cells):
        out.append(head.format(cell_text(cell)) if n == 0 else body.format(cell_text(cell)))
    return "".join(out)


def chart_table_html(
    *, key: str, title: str, headers: list, rows: list[list], footer: list | None = None
) -> SafeString:
    """`includes/chart_table.html` for these arguments (a table's fields)."""
    key = cell_text(key)
    parts = [
        f'<table class="table stats-table" id="table-{key}" data-chart="{key}">',
        f'<caption class="table-caption">{cell_text(title)}</caption>',
        "<thead><tr>",
        _row(headers, "<th>{}</th>", '<th class="num">{}</th>'),
        "</tr></thead><tbody>",
    ]
    for row in rows:
        parts += ["<tr>", _row(row, '<th scope="row">{}</th>', '<td class="num">{}</td>'), "</tr>"]
    if not rows:
        parts.append(f'<tr><td colspan="{len(headers)}" class="empty">{EMPTY}</td></tr>')
    parts.append("</tbody>")
    if footer:
        parts += [
            "<tfoot><tr>",
            _row(footer, "<th>{}</th>", '<th class="num">{}</th>'),
            "</tr></tfoot>",
        ]
    parts.append("</table>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped by cell_text
