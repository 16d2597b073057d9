from django import template

from gonghui.audit.registry import action_label as _action_label

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """The Chinese name of an audited action; unknown actions show their code."""
    return _action_label(action)
