"""The audit log's filters (django-filter over `selectors.audit_log_list`): a date range in
local time, the actor, the action, the object type and the result."""

from datetime import date, datetime, time, timedelta

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.audit.forms import AuditFilterForm, DateInput
from gonghui.audit.models import AuditLog, AuditResult
from gonghui.audit.objects import object_type_choices
from gonghui.audit.registry import grouped_actions

DATE_INVALID = "请输入有效的日期，例如 2026-05-01。"
# Django fills %(value)s with what was sent.
CHOICE_INVALID = {
    "action": "「%(value)s」不是可选的操作，请从列表中选择。",
    "object_type": "「%(value)s」不是可选的对象类型，请从列表中选择。",
    "result": "「%(value)s」不是可选的结果，请从列表中选择。",
}


def _day_start(day: date) -> datetime:
    """Midnight of `day` in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditLogFilter(django_filters.FilterSet):
    start = django_filters.DateFilter(label="开始日期", method="from_day", widget=DateInput())
    end = django_filters.DateFilter(label="结束日期", method="until_day", widget=DateInput())
    username = django_filters.CharFilter(label="操作人", method="by_actor", max_length=150)
    # Their choices are read when the filter is built: apps declare actions in `ready()`.
    action = django_filters.ChoiceFilter(label="操作", choices=[], empty_label="全部操作")
    object_type = django_filters.ChoiceFilter(label="对象类型", choices=[], empty_label="全部对象")
    result = django_filters.ChoiceFilter(
        label="结果", choices=AuditResult.choices, empty_label="全部结果"
    )

    class Meta:
        model = AuditLog
        fields = ["start", "end", "username", "action", "object_type", "result"]
        form = AuditFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["action"].extra["choices"] = grouped_actions()
        self.filters["object_type"].extra["choices"] = object_type_choices()
        for name, message in CHOICE_INVALID.items():
            self.form.fields[name].error_messages["invalid_choice"] = message
        for name in ("start", "end"):
            self.form.fields[name].error_messages["invalid"] = DATE_INVALID

    def from_day(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        if value <= date.min:
            return queryset  # midnight of 0001-01-01 in UTC+8 is before the first UTC day
        return queryset.filter(at__gte=_day_start(value))

    def until_day(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        if value >= date.max:
            return queryset
        return queryset.filter(at__lt=_day_start(value + timedelta(days=1)))

    def by_actor(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(actor_username__icontains=value) | Q(actor__full_name__icontains=value)
        )

    def applied(self) -> dict[str, str]:
        """The filters in force, as the export's audit row records them."""
        return {k: str(v) for k, v in self.form.cleaned_data.items() if v not in (None, "")}
