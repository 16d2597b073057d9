import django_filters


class NotificationFilter(django_filters.FilterSet):
    """`?unread=1` lists only the notifications not yet read."""

    unread = django_filters.CharFilter(method="only_unread")

    def only_unread(self, queryset, name, value):
        return queryset.filter(is_read=False) if value == "1" else queryset

    @property
    def only_unread_shown(self) -> bool:
        return self.data.get("unread") == "1"
