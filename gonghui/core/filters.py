"""List filters read from a page's query string, through django-filter: the view hands the
actor-scoped queryset of a selector to a FilterSet and lists its `.qs`."""

import django_filters
from django.db.models import QuerySet

ALL = "all"


class StatusTabs(django_filters.FilterSet):
    """The status tabs over a list (待审批 | 已同意 | … | 全部): `?status=` one of the model's
    statuses, or "all"; a missing or unknown value shows the `default` tab. `tab` is the tab
    shown."""

    status = django_filters.CharFilter(field_name="status")

    def __init__(self, data, queryset: QuerySet, *, default: str):
        statuses = {value for value, _ in queryset.model._meta.get_field("status").choices}
        tab = data.get("status", default)
        if tab not in statuses and tab != ALL:
            tab = default
        self.tab = tab
        super().__init__({"status": "" if tab == ALL else tab}, queryset=queryset)
