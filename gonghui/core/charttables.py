"""A chart's table view (`includes/chart_table.html`) and its whole card (`includes/chart_card.html`)
rendered in Python, for the pages that show many of them (the 数据看板 at province scale: a
dozen cards, a hundred and more rows, a thousand cells).

The markup and the cell values are those of the template: a value is localised and escaped as
the template engine does (`render_value_in_context`), and an int, the usual cell, is written as
is while the project does not group thousands (`USE_THOUSAND_SEPARATOR`). The templates stay the
reference (the tests render both) and the fallback: `chart_card.html` uses `chart_table.html` for
a table without `html`.
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


def _field(table, name: str):
    return table.get(name) if isinstance(table, dict) else getattr(table, name, None)


def chart_card_html(
    table, *, heading: str = "", note: str = "", wide: bool = False, export_url: str = ""
) -> SafeString:
    """`includes/chart_card.html` for a table (a dict or an object with the same fields; its
    `html` when it has one, else `chart_table_html`)."""
    key = cell_text(_field(table, "key"))
    title = cell_text(heading or _field(table, "title"))
    html_view = _field(table, "html") or chart_table_html(
        **{f: _field(table, f) for f in ("key", "title", "headers", "rows", "footer")}
    )
    parts = [
        f'<section class="card chart-card{" chart-wide" if wide else ""}" id="card-{key}">',
        f'<div class="chart-head"><h2>{title}</h2><div class="actions">',
        f'<button type="button" class="btn btn-ghost btn-sm" data-toggle-table="{key}"'
        f' aria-controls="view-table-{key}" aria-expanded="false">查看表格</button>',
    ]
    if export_url:
        parts.append(
            f'<a class="btn btn-ghost btn-sm" data-export="{key}"'
            f' href="{cell_text(export_url)}">下载 Excel</a>'
        )
    parts.append("</div></div>")
    if note:
        parts.append(f'<p class="muted small">{cell_text(note)}</p>')
    parts += [
        f'<div class="chart" id="chart-{key}" data-chart="{key}" role="img"'
        f' aria-label="{title}图表"></div>',
        f'<div class="chart-table" id="view-table-{key}" hidden>{html_view}</div>',
        "</section>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped by cell_text
