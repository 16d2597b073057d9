from django.db import models


class OrgStat(models.Model):
    """One figure of an org's whole subtree (the org and everything below it).

    `period` is "" for a current total and "YYYY-MM" for a monthly figure. The metric keys are
    published by the apps that own the counted tables (`<app>/metrics.py`, see
    `gonghui.metrics.registry`). Rows are only written through `gonghui.metrics`. The table
    keeps its first name (`stats_orgstat`): the model moved from the `stats` app."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+", db_index=False)
    metric = models.CharField("指标", max_length=40)
    period = models.CharField("期间", max_length=7, blank=True)
    value = models.BigIntegerField("数值", default=0)

    class Meta:
        db_table = "stats_orgstat"
        verbose_name = "统计汇总"
        verbose_name_plural = "统计汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["org", "metric", "period"], name="orgstat_org_metric_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.metric} {self.period} = {self.value}"
