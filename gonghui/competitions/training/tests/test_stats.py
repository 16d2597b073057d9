"""The training's dashboard section and 主要数据 lines, in the reports' phrasing, read from the
roll-ups (the online keys of the other provider included; a missing one sums to 0)."""

import pytest
from django.utils import timezone

from gonghui.competitions.training.services import (
    academy_create,
    attendance_record,
    class_finish,
    class_start,
    enrollment_add,
    session_add,
)
from gonghui.competitions.training.stats import training_section
from gonghui.conftest import login
from gonghui.metrics.models import OrgStat

pytestmark = pytest.mark.django_db


def _finished_class(make_class, make_member, staff, tree):
    training_class = make_class()
    trainees = [
        enrollment_add(
            actor=staff.county_admin,
            training_class=training_class,
            member=make_member(tree.base_a),
        )
        for _ in range(3)
    ]
    session = session_add(
        actor=staff.county_admin,
        training_class=training_class,
        held_on=timezone.localdate(),
        hours="2.5",
    )
    class_start(actor=staff.county_admin, training_class=training_class)
    attendance_record(
        actor=staff.county_admin, session=session, present=[t.pk for t in trainees[:2]]
    )
    class_finish(actor=staff.county_admin, training_class=training_class)


def test_section_and_lines(staff, tree, academy, course, make_class, make_member):
    academy_create(
        actor=staff.city_admin, name="兰州工匠学院", level="city", org=tree.lanzhou,
        named_on=academy.named_on,
    )  # fmt: skip
    _finished_class(make_class, make_member, staff, tree)
    month = f"{timezone.localdate():%Y-%m}"
    section = training_section(org=tree.province, start=month, end=month)
    figures = section["figures"]
    assert (figures["academies"], figures["classes"], figures["enrollments"]) == (2, 1, 3)
    assert (figures["completions"], str(figures["hours"])) == (2, "5")
    assert section["lines"] == [
        "建成省级工匠学院1个、市级工匠学院1个，开设各类课程1门（线上0门、线下1门）。",
        "举办培训班1期，培训职工3人次，结业2人，累计5学时。",
    ]
    # The online courses' keys, once counted, add their line.
    OrgStat.objects.create(
        org=tree.province, metric="training.online.learners", period=month, value=120
    )
    OrgStat.objects.create(
        org=tree.province, metric="training.online.hours", period=month, value=340
    )
    lines = training_section(org=tree.province, start=month, end=month)["lines"]
    assert lines[-1] == "线上学习120人次，累计学习340小时。"
    OrgStat.objects.filter(metric__startswith="training.online.").delete()
    empty = training_section(org=tree.tianshui, start=month, end=month)
    assert empty["lines"][1] == "举办培训班0期，培训职工0人次，结业0人，累计0学时。"


def test_the_dashboard_and_the_report_show_them(staff, tree, academy):
    client = login(staff.sysadmin)
    page = client.get(f"/stats/org/{tree.province.pk}/").content.decode()
    assert 'id="training-section"' in page and "建成省级工匠学院1个" in page
    year = timezone.localdate().year
    report = client.get(
        f"/stats/org/{tree.province.pk}/report/", {"start": f"{year}-01", "end": f"{year}-12"}
    ).content.decode()
    assert "七、工匠学院与职工培训" in report and "建成省级工匠学院1个" in report


def test_the_report_docx_has_the_training_part(staff, tree, academy):
    import io

    from docx import Document

    year = timezone.localdate().year
    response = login(staff.sysadmin).get(
        f"/stats/org/{tree.province.pk}/report.docx", {"start": f"{year}-01", "end": f"{year}-12"}
    )
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(response))).paragraphs)
    assert "七、工匠学院与职工培训" in text
    assert "建成省级工匠学院1个，开设各类课程0门（线上0门、线下0门）。" in text
