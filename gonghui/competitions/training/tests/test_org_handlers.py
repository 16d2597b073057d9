"""A merge moves a union's academies, classes and enrolments with their figures and 待办."""

import pytest

from gonghui.audit.models import AuditLog
from gonghui.competitions.training.services import class_start, enrollment_add
from gonghui.competitions.training.tests.conftest import stat, this_month
from gonghui.inbox.models import OpenItem
from gonghui.orgs.services import org_merge

pytestmark = pytest.mark.django_db


def test_a_merge_moves_the_academy_and_the_classes(staff, tree, make_class, make_member):
    training_class = make_class()
    enrollment = enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=make_member(tree.base_a)
    )
    class_start(actor=staff.county_admin, training_class=training_class)
    org_merge(actor=staff.city_admin, source=tree.chengguan, target=tree.qilihe)
    training_class.refresh_from_db()
    enrollment.refresh_from_db()
    assert training_class.org == tree.qilihe
    assert training_class.course.academy.org == tree.qilihe
    assert stat(tree.qilihe, "training.academies") == 1
    assert stat(tree.qilihe, "training.enrollments", this_month()) == 1
    assert OpenItem.objects.get(kind="competitions.training.finish").org_id == tree.qilihe.pk
    changes = AuditLog.objects.get(action="org.merge").changes
    assert changes["academies_moved"] == 1 and changes["training_classes_moved"] == 1
