"""Portal /m/training/: the classes of the worker's union chain, his application (a 待办 at his
union), his record, and his certificate — his own only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.competitions.models.training import Enrollment, EnrollmentStatus
from gonghui.competitions.training.services import (
    attendance_record,
    class_finish,
    class_start,
    enrollment_add,
    enrollment_confirm,
    session_add,
)
from gonghui.conftest import VALID_IDS
from gonghui.inbox.selectors import visible_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_member, make_worker, tree):
    member = make_member(tree.base_a, id_number=VALID_IDS[3], name="张三")
    return make_worker("13900003333", name="张三", id_number=VALID_IDS[3], member=member)


def test_a_worker_sees_the_classes_of_his_union_chain_and_applies(
    worker, make_class, staff, tree, worker_client
):
    mine = make_class(name="城关焊工班")
    make_class(actor=staff.sysadmin, org=tree.qilihe, name="七里河电工班")
    client = worker_client(worker)
    page = client.get(reverse("training_portal:home")).content.decode()
    assert "城关焊工班" in page and "七里河电工班" not in page
    response = client.post(reverse("training_portal:apply", args=[mine.pk]))
    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert (enrollment.status, enrollment.member) == (EnrollmentStatus.APPLIED, worker.member)
    assert [i.kind for i in visible_items(staff.base_admin)] == ["competitions.training.confirm"]
    page = client.get(reverse("training_portal:home")).content.decode()
    assert "已报名" in page and "待确认" in page
    again = client.post(reverse("training_portal:apply", args=[mine.pk]))
    assert again.status_code == 409 and "不能重复报名" in again.content.decode()


def test_a_class_beside_answers_as_missing(worker, make_class, staff, tree, worker_client):
    other = make_class(actor=staff.sysadmin, org=tree.qilihe)
    response = worker_client(worker).get(reverse("training_portal:apply", args=[other.pk]))
    assert response.status_code == 404


def test_his_certificate_and_nobody_elses(
    worker, make_class, make_member, make_worker, staff, tree, worker_client
):
    training_class = make_class()
    his = enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=worker.member
    )
    other = enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=make_member(tree.base_b)
    )
    session = session_add(
        actor=staff.county_admin,
        training_class=training_class,
        held_on=timezone.localdate(),
        hours=4,
    )
    class_start(actor=staff.county_admin, training_class=training_class)
    attendance_record(actor=staff.county_admin, session=session, present=[his.pk, other.pk])
    class_finish(actor=staff.county_admin, training_class=training_class)
    client = worker_client(worker)
    page = client.get(reverse("training_portal:home")).content.decode()
    his.refresh_from_db()
    assert his.certificate_no in page
    mine = client.get(reverse("training_portal:certificate", args=[his.pk]))
    assert mine.status_code == 200 and "attachment" in mine["Content-Disposition"]
    theirs = client.get(reverse("training_portal:certificate", args=[other.pk]))
    missing = client.get(reverse("training_portal:certificate", args=[987654]))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content


def test_he_withdraws_his_application_after_confirming_and_not_once_started(
    worker, make_class, make_member, staff, tree, worker_client
):
    training_class = make_class(name="城关焊工班")
    client = worker_client(worker)
    client.post(reverse("training_portal:apply", args=[training_class.pk]))
    his = Enrollment.objects.get(member=worker.member)
    other = enrollment_add(
        actor=staff.county_admin, training_class=training_class, member=make_member(tree.base_b)
    )
    url = reverse("training_portal:withdraw", args=[his.pk])
    assert "撤回报名" in client.get(reverse("training_portal:home")).content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200 and "确定撤回" in confirm.content.decode()
    his.refresh_from_db()
    assert his.status == EnrollmentStatus.APPLIED  # the confirmation page changes nothing
    # Somebody else's enrolment answers as a missing one.
    for pk in (other.pk, 987654):
        theirs = reverse("training_portal:withdraw", args=[pk])
        assert client.get(theirs).status_code == client.post(theirs).status_code == 404
    other.refresh_from_db()
    assert other.status == EnrollmentStatus.ENROLLED

    assert client.post(url).status_code == 302
    his.refresh_from_db()
    assert his.status == EnrollmentStatus.CANCELLED
    assert list(visible_items(staff.base_admin)) == []  # nothing left to confirm

    # Applied again and confirmed; once the class has started, only his union can cancel.
    client.post(reverse("training_portal:apply", args=[training_class.pk]))
    his.refresh_from_db()
    assert his.status == EnrollmentStatus.APPLIED
    enrollment_confirm(actor=staff.base_admin, enrollment=his)
    class_start(actor=staff.county_admin, training_class=training_class)
    refused = client.post(url)
    assert refused.status_code == 400 and "请联系举办工会" in refused.content.decode()
    his.refresh_from_db()
    assert his.status == EnrollmentStatus.ENROLLED
