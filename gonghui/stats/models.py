from django.db import models


class OrgStat(models.Model):
    """One figure of an org's whole subtree (the org and everything below it).

    `period` is "" for a current total and "YYYY-MM" for a monthly flow. The metric keys are
    listed in `gonghui.stats.services`. Rows are only written through that module."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+", db_index=False)
    metric = models.CharField("指标", max_length=40)
    period = models.CharField("期间", max_length=7, blank=True)
    value = models.BigIntegerField("数值", default=0)

    class Meta:
        verbose_name = "统计汇总"
        verbose_name_plural = "统计汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["org", "metric", "period"], name="orgstat_org_metric_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.metric} {self.period} = {self.value}"
