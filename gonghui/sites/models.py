"""Service sites (服务阵地): 驿站, 职工之家, 文化宫 … on a map, with an open/closed light.

Coordinates are WGS-84 degrees (GPS, `navigator.geolocation`); GCJ-02 input is converted on the
way in (`sites.geo`). Facilities are a bitmask so that "has 饮水 and 充电" is one
`F("facilities").bitand(mask) == mask` filter, the same SQL on SQLite and PostgreSQL.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Q

SHANGHAI = ZoneInfo("Asia/Shanghai")


class SiteType(models.TextChoices):
    STATION = "station", "户外劳动者驿站"
    HOME = "home", "职工之家"
    PALACE = "palace", "工人文化宫"
    LIBRARY = "library", "职工书屋"
    NURSING = "nursing", "母婴室"
    DRIVER = "driver", "司机之家"
    SERVICE = "service", "职工服务中心"
    PARK = "park", "劳动文化公园"


class Facility(models.IntegerChoices):
    """One bit each: a site's `facilities` is the sum of the bits it has."""

    WATER = 1, "饮水"
    MEAL = 2, "热饭"
    CHARGING = 4, "充电"
    TOILET = 8, "如厕"
    REST = 16, "休息"
    MEDKIT = 32, "药箱"
    AIRCON = 64, "空调"
    WIFI = 128, "无线网络"
    BOOKS = 256, "图书"


# Plain tuples: reading enum members is slow enough to show on a map of 20,000 sites.
_FACILITY_BITS = tuple((int(f.value), str(f.label)) for f in Facility)


def facility_labels(mask: int) -> list[str]:
    return [label for bit, label in _FACILITY_BITS if mask & bit]


class Override(models.TextChoices):
    AUTO = "auto", "按开放时间"
    OPEN = "open", "强制开放"
    CLOSED = "closed", "暂停开放"


WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def is_open(hours: dict, override: str, when: datetime) -> bool:
    """The status light from a site's weekly hours and override (also used on raw rows)."""
    if override == "open":
        return True
    if override == "closed":
        return False
    local = when.astimezone(SHANGHAI)
    now = local.hour * 60 + local.minute
    for start, end in hours.get(str(local.isoweekday()), []):
        if _minutes(start) <= now < _minutes(end):
            return True
    return False


class Site(models.Model):
    name = models.CharField("名称", max_length=80)
    site_type = models.CharField("类型", max_length=10, choices=SiteType.choices)
    # Scope: staff see and manage the sites of their org subtree.
    org = models.ForeignKey(
        "orgs.Org", verbose_name="所属工会", on_delete=models.PROTECT, related_name="sites"
    )
    county = models.ForeignKey(
        "orgs.Org", verbose_name="所在县区", on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField("地址", max_length=200)
    lat = models.FloatField("纬度（WGS-84）")
    lng = models.FloatField("经度（WGS-84）")
    # The site's public service number, not personal data: stored and shown in full.
    phone = models.CharField("联系电话", max_length=30, blank=True)
    # {"1": [["08:00", "18:00"]], …, "7": []}: ISO weekday → opening intervals, close may be
    # "24:00"; a 24-hour site has ["00:00", "24:00"] every day. Checked by `services.parse_hours`.
    hours = models.JSONField("开放时间", default=dict)
    facilities = models.PositiveIntegerField("服务设施", default=0)
    override = models.CharField(
        "开放状态", max_length=10, choices=Override.choices, default=Override.AUTO
    )
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "服务阵地"
        verbose_name_plural = "服务阵地"
        indexes = [
            # Bounding-box prefilter of the nearest-site search: a range on lat, then lng.
            models.Index(fields=["lat", "lng"], name="site_lat_lng"),
            models.Index(fields=["county", "site_type"], name="site_county_type"),
        ]
        constraints = [
            # Also what makes an Excel re-import update rather than duplicate.
            models.UniqueConstraint(fields=["org", "name"], name="site_unique_name_per_org"),
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180),
                name="site_coordinates_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open_at(self, when: datetime) -> bool:
        """Open at `when` (any time zone; read in Asia/Shanghai), the override winning."""
        return is_open(self.hours, self.override, when)

    @property
    def facility_labels(self) -> list[str]:
        return facility_labels(self.facilities)

    @property
    def hours_rows(self) -> list[tuple[str, str]]:
        """(weekday, "08:00-12:00，14:00-18:00" or "不开放") for display."""
        rows = []
        for day, label in enumerate(WEEKDAYS, start=1):
            spans = self.hours.get(str(day), [])
            text = "，".join(
                "全天" if (s, e) == ("00:00", "24:00") else f"{s}-{e}" for s, e in spans
            )
            rows.append((label, text or "不开放"))
        return rows


# Photos are kept in the database: a few per site, size-capped, and served by a view, so a
# deployment needs no shared media volume and backups hold them with the rows they belong to.
class SitePhoto(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="photos")
    data = models.BinaryField()
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    caption = models.CharField("说明", max_length=60, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "阵地照片"
        verbose_name_plural = "阵地照片"
        ordering = ["id"]


class SiteRating(models.Model):
    """会员评家: one score per member per site per calendar month (Asia/Shanghai)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField("评分")
    comment = models.CharField("评价", max_length=300, blank=True)
    # The first day of the month the rating counts for.
    month = models.DateField("月份")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "会员评家"
        verbose_name_plural = "会员评家"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "site", "month"], name="site_rating_once_per_month"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="site_rating_score_1_5"
            ),
        ]
