"""`{% dashboard_chart table heading=… note=… wide=True %}`: a chart card of the 数据看板 with
its Excel download, rendered in Python (`core.charttables.chart_card_html`) instead of an
include and a `{% url %}` for each of its dozen cards."""

from django import template
from django.urls import reverse

from gonghui.core.charttables import chart_card_html

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_chart(context, table, heading: str = "", note: str = "", wide: bool = False):
    export_url = reverse("stats:export", args=[context["org"].pk, table.key])
    return chart_card_html(table, heading=heading, note=note, wide=wide, export_url=export_url)
