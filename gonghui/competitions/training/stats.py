"""The training's section of the dashboard and its lines of the 「主要数据」 report, for an
org's subtree over a period of months, read from the roll-up table (`OrgStat`) only: academies
and courses as they stand, classes, 人次, 结业 and 学时 of the classes started in the period,
and the online courses' 人次 and hours (`training.online.*`, counted by their own provider;
a key nobody has counted sums to 0).
"""

from decimal import Decimal

from django.db.models import Q, Sum

from gonghui.competitions.models.training import AcademyLevel, CourseMode
from gonghui.competitions.training.metrics import TENTHS
from gonghui.metrics.models import OrgStat
from gonghui.metrics.reads import Rows, period_sums
from gonghui.orgs.models import Org

MONTHLY = (
    "training.classes",
    "training.enrollments",
    "training.completions",
    "training.tenth_hours",
    "training.online.learners",
    "training.online.hours",
)
STANDING = (
    "training.academies",
    *(f"training.academies.{code}" for code in AcademyLevel.values),
    "training.courses",
    *(f"training.courses.{code}" for code in CourseMode.values),
)


def training_section(*, org: Org, start: str, end: str, rows: Rows | None = None) -> dict:
    """The subtree's figures; the monthly ones for months `start`..`end` ("YYYY-MM"). `rows`:
    the org's roll-ups read by the caller (`metrics.reads.org_rows`, from `start` on)."""
    if rows is not None:
        values = period_sums(rows, start, end, set(MONTHLY).__contains__, current=STANDING)
    else:
        values = {
            row["metric"]: row["total"]
            for row in OrgStat.objects.filter(org=org)
            .filter(
                Q(metric__in=STANDING, period="")
                | Q(metric__in=MONTHLY, period__gte=start, period__lte=end)
            )
            .values("metric")
            .annotate(total=Sum("value"))
        }
    figures = {
        "academies": values.get("training.academies", 0),
        "courses": values.get("training.courses", 0),
        "courses_online": values.get("training.courses.online", 0),
        "courses_offline": values.get("training.courses.offline", 0),
        "classes": values.get("training.classes", 0),
        "enrollments": values.get("training.enrollments", 0),
        "completions": values.get("training.completions", 0),
        "hours": Decimal(values.get("training.tenth_hours", 0)) / TENTHS,
        "online_learners": values.get("training.online.learners", 0),
        "online_hours": values.get("training.online.hours", 0),
    }
    by_level = [
        (label, values.get(f"training.academies.{code}", 0)) for code, label in AcademyLevel.choices
    ]
    return {
        "start": start,
        "end": end,
        "figures": figures,
        "by_level": by_level,
        "lines": report_lines(figures, dict(by_level)),
    }


def report_lines(figures: dict, by_level: dict) -> list[str]:
    """The lines in the reports' own phrasing ("建成省级工匠学院28个", "培训…人次")."""
    national = by_level[AcademyLevel.NATIONAL_SITE.label]
    province = by_level[AcademyLevel.PROVINCE.label]
    city = by_level[AcademyLevel.CITY.label]
    academies = f"建成省级工匠学院{province}个"
    if national:
        academies = f"申报全国工匠学院建设点{national}个，{academies}"
    if city:
        academies += f"、市级工匠学院{city}个"
    lines = [
        f"{academies}，开设各类课程{figures['courses']}门"
        f"（线上{figures['courses_online']}门、线下{figures['courses_offline']}门）。",
        f"举办培训班{figures['classes']}期，培训职工{figures['enrollments']}人次，"
        f"结业{figures['completions']}人，累计{figures['hours']:g}学时。",
    ]
    if figures["online_learners"] or figures["online_hours"]:
        lines.append(
            f"线上学习{figures['online_learners']}人次，累计学习{figures['online_hours']}小时。"
        )
    return lines
