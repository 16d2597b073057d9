import pytest

from gonghui.accounts.models import User
from gonghui.competitions.models.training import (
    Academy,
    AcademyLevel,
    ClassStatus,
    Enrollment,
    EnrollmentStatus,
    TrainingClass,
)
from gonghui.competitions.training.stats import training_section
from gonghui.demo.accounts import demo_orgs, ensure_demo_accounts
from gonghui.demo.members import seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.demo.training import seed_training
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import check_items
from gonghui.inbox.services import rebuild
from gonghui.metrics.services import stats_differences, stats_rollup
from gonghui.orgs.loader import load_org_tree

pytestmark = pytest.mark.django_db


def test_demo_academies_courses_classes_and_certificates():
    load_org_tree()
    seed_orgs(7)
    seed_members(1500, 7)
    ensure_demo_accounts()
    academies, classes, enrolled = seed_training(seed=7)
    assert academies == Academy.objects.count() >= 10
    assert seed_training(seed=7) == (0, 0, 0)  # once only
    stats_rollup()
    assert [d for d in stats_differences() if d.metric.startswith("training.")] == []
    rebuild()
    assert check_items() == []
    assert enrolled == Enrollment.objects.exclude(status=EnrollmentStatus.APPLIED).count()
    statuses = set(TrainingClass.objects.values_list("status", flat=True))
    assert {ClassStatus.OPEN, ClassStatus.RUNNING, ClassStatus.FINISHED} <= statuses
    completed = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED)
    assert completed.exists() and not completed.filter(certificate_no="").exists()
    for enrollment in Enrollment.objects.prefetch_related("classsession_set"):
        attended = sum(s.hours for s in enrollment.classsession_set.all())
        assert enrollment.hours == attended
    orgs = demo_orgs()
    assert OpenItem.objects.filter(
        kind="competitions.training.finish", org=orgs["chengguan"]
    ).exists()
    assert OpenItem.objects.filter(kind="competitions.training.confirm").count() == 1
    year = str(TrainingClass.objects.order_by("-starts_on").first().starts_on.year)
    section = training_section(org=orgs["province"], start=f"{year}-01", end=f"{year}-12")
    assert section["figures"]["academies"] == academies
    assert (
        f"建成省级工匠学院{Academy.objects.filter(level=AcademyLevel.PROVINCE).count()}个"
        in (section["lines"][0])
    )
    assert User.objects.filter(username="cg_admin").exists()
