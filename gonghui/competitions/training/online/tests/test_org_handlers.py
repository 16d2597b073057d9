import pytest

from gonghui.competitions.models.training import LessonProgress
from gonghui.competitions.training.online.learning import progress_beat
from gonghui.orgs.services import org_merge

pytestmark = pytest.mark.django_db


def test_a_merge_hands_the_learners_to_the_receiving_union(published_course, learner, tree, staff):
    progress_beat(member=learner, course=published_course, position=0)
    org_merge(actor=staff.county_admin, source=tree.base_a, target=tree.base_b)
    assert LessonProgress.objects.get().org_id == tree.base_b.pk
    # The autouse check then recounts: the merge moved the figures along with the rows.
