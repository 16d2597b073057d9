from django.conf import settings
from django.db import models

# The table may hold any day in these years; the library and the weekend rule cover the rest.
FIRST_YEAR = 2000
LAST_YEAR = 2100


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", "休息日"
    WORKDAY = "workday", "调休上班"


class CalendarDay(models.Model):
    """One day whose working status the federation sets by hand: a State Council holiday or
    调休 workday of a year chinese-calendar does not know yet, or a correction of the library.
    A day in this table follows the table, whatever the library or the weekday says."""

    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField("名称", max_length=40, blank=True, help_text="例如：春节、国庆节调休")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "工作日历条目"
        verbose_name_plural = "工作日历条目"
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CalendarDayKind.values),
                name="calendarday_kind_valid",
            )
        ]

    def __str__(self) -> str:
        label = f"{self.day:%Y-%m-%d} {self.get_kind_display()}"
        return f"{label}（{self.name}）" if self.name else label

    @property
    def is_working(self) -> bool:
        return self.kind == CalendarDayKind.WORKDAY
