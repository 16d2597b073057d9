from django.db import models


class RateCounter(models.Model):
    """One fixed-window counter of `gonghui.core.ratelimit`, shared by every web process.

    Written only by the limiter's single atomic statement (INSERT … ON CONFLICT DO UPDATE …
    RETURNING), never read-modify-written, so the count is exact however many processes count
    at once. `key` holds the limit's scope and a keyed hash of the value (an IP address, a
    phone number), never the value itself."""

    key = models.CharField(max_length=120, primary_key=True)
    count = models.PositiveIntegerField()
    expires = models.BigIntegerField(db_index=True)  # Unix seconds: the window's end

    class Meta:
        verbose_name = "限流计数"
        verbose_name_plural = "限流计数"
