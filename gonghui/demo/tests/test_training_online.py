import pytest

from gonghui.accounts.models import User
from gonghui.competitions.models.training import Academy, Course, LessonProgress
from gonghui.competitions.training.online.selectors import online_course_list, published_courses
from gonghui.demo.accounts import ensure_demo_accounts
from gonghui.demo.members import seed_members
from gonghui.demo.orgs import seed_orgs
from gonghui.demo.training_online import LEARNERS, SAMPLE, seed_training_online
from gonghui.metrics.services import stats_differences, stats_rollup
from gonghui.orgs.loader import load_org_tree

pytestmark = pytest.mark.django_db


def test_demo_online_courses_with_learners(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_org_tree()
    seed_orgs(7)
    seed_members(1500, 7)
    ensure_demo_accounts()
    assert seed_training_online(seed=7) == LEARNERS
    assert seed_training_online(seed=7) == 0  # once only
    stats_rollup()
    assert [d for d in stats_differences() if d.metric.startswith("training.online")] == []
    assert Academy.objects.get().name == "甘肃省工匠学院（线上）"
    courses = list(published_courses())
    assert len(courses) == 2
    assert all(c.video.read() == SAMPLE.read_bytes() for c in courses)
    assert LessonProgress.objects.filter(completed_at__isnull=False).count() > LEARNERS // 2
    province_admin = User.objects.get(username="sysadmin")
    assert online_course_list(user=province_admin).count() == Course.objects.count()
