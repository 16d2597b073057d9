"""推荐荣誉 for a studio's lead: from a named studio to the honors' 候选人库 through the
members.candidates port, with the studio's results as the reason; refused for a studio not
named (or revoked) and a second time."""

import pytest
from django.utils import timezone

from gonghui.audit.models import AuditLog
from gonghui.competitions.studios.services import members as m
from gonghui.competitions.studios.services import (
    studio_lead_put_forward,
    studio_report_file,
    studio_review_decide,
)
from gonghui.conftest import login, message_pattern
from gonghui.core.errors import ApplicationError, Conflict, Forbidden
from gonghui.honors.models import Candidate
from gonghui.members import candidates

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def test_the_lead_lands_in_the_candidate_pool_once(staff, tree, named_studio):
    studio_report_file(
        actor=staff.base_admin,
        studio=named_studio,
        year=YEAR,
        projects=12,
        patents=3,
        methods=2,
        benefit="356.50",
        trained=40,
    )
    assert studio_lead_put_forward(actor=staff.city_admin, studio=named_studio) == [
        "/honors/candidates/"
    ]
    candidate = Candidate.objects.get()
    assert candidate.member_id == named_studio.lead_id
    assert candidate.org == tree.base_a
    assert candidate.source_ref == f"studio:{named_studio.pk}"
    assert candidate.achievement == (
        f"领衔市级「{named_studio.name}」，{YEAR}年完成创新项目12项、专利3项、先进操作法2项，"
        "创造经济效益356.50万元，培养人才40人"
    )
    assert f"{YEAR}年：创新项目12项" in candidate.deeds
    named_studio.refresh_from_db()
    assert named_studio.lead_put_forward
    with pytest.raises(Conflict, match=message_pattern(m.ALREADY_PUT_FORWARD)):
        studio_lead_put_forward(actor=staff.city_admin, studio=named_studio)
    assert Candidate.objects.count() == 1
    assert AuditLog.objects.filter(action="competitions.studio.put_forward").count() == 1


def test_refused_unless_named_and_in_scope(staff, make_studio, named_studio):
    draft = make_studio()
    with pytest.raises(ApplicationError, match=m.NOT_NAMED):
        studio_lead_put_forward(actor=staff.city_admin, studio=draft)
    with pytest.raises(Forbidden):
        studio_lead_put_forward(actor=staff.base_c_admin, studio=named_studio)
    studio_review_decide(actor=staff.city_admin, studio=named_studio, result="revoke", reason="撤")
    with pytest.raises(ApplicationError, match=m.NOT_NAMED):
        studio_lead_put_forward(actor=staff.city_admin, studio=named_studio)
    assert not Candidate.objects.exists()


def test_refused_without_a_sink(monkeypatch, staff, named_studio):
    monkeypatch.setattr(candidates, "_SINKS", {})
    with pytest.raises(Conflict, match=m.NO_SINK):
        studio_lead_put_forward(actor=staff.city_admin, studio=named_studio)
    named_studio.refresh_from_db()
    assert not named_studio.lead_put_forward


def test_the_button(staff, named_studio):
    client = login(staff.city_admin)
    url = f"/competitions/studios/{named_studio.pk}/"
    assert 'data-testid="put-forward"' in client.get(url).content.decode()
    assert 'data-testid="put-forward"' not in login(staff.county_staff).get(url).content.decode()
    response = client.post(f"{url}put-forward/", follow=True)
    assert "已将领衔人" in response.content.decode()
    assert Candidate.objects.count() == 1
    page = client.get(url).content.decode()
    assert 'data-testid="put-forward"' not in page and "已推荐荣誉" in page
    # A second POST is refused with a message, nothing written.
    again = client.post(f"{url}put-forward/", follow=True).content.decode()
    assert "不能重复推荐" in again and Candidate.objects.count() == 1
    # Staff without the review permission may not.
    assert login(staff.county_staff).post(f"{url}put-forward/").status_code == 403
