"""五小 and 合理化建议: submitted for a worker or a team, reviewed by the union, recommended
upward one level at a time; counts of adopted ones and their benefit; the 待办 to review."""

from decimal import Decimal

import pytest

from gonghui.competitions.models.studios import Suggestion, SuggestionStatus
from gonghui.competitions.studios.inbox_kinds import SUGGESTION_SUMMARY
from gonghui.competitions.studios.selectors import suggestion_totals
from gonghui.competitions.studios.services import (
    flow,
    suggestion_recommend,
    suggestion_review,
    suggestion_submit,
    suggestions,
)
from gonghui.competitions.studios.tests.conftest import stat
from gonghui.conftest import login
from gonghui.core.errors import ApplicationError, Forbidden
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import visible_items
from gonghui.members.models import Team


@pytest.fixture
def submit_one(staff, tree, make_member):
    def make(*, actor=None, org=None, member=None, team=None, title="焊枪快速定位工装"):
        org = org or tree.base_a
        if member is None and team is None:
            member = make_member(org, name="孙巧手")
        return suggestion_submit(
            actor=actor or staff.base_admin,
            org=org,
            kind="five_small",
            title=title,
            content="改进后每道焊口节省工时10分钟。",
            member=member,
            team=team,
        )

    return make


def test_review_adopt_counts_and_the_inbox(staff, tree, submit_one):
    item = submit_one()
    row = OpenItem.objects.get(kind="competitions.studio.suggestion")
    assert row.summary == SUGGESTION_SUMMARY.format(kind="五小成果", title="焊枪快速定位工装")
    assert visible_items(staff.base_admin).filter(pk=row.pk).exists()
    assert not visible_items(staff.base_c_admin).filter(pk=row.pk).exists()
    assert stat(tree.lanzhou, "suggestions") == 1
    item = suggestion_review(actor=staff.base_admin, suggestion=item, adopt=True, benefit="45.6")
    assert item.status == SuggestionStatus.ADOPTED and item.benefit == Decimal("45.60")
    assert not OpenItem.objects.filter(kind="competitions.studio.suggestion").exists()
    assert stat(tree.province, "suggestions_adopted") == 1
    assert stat(tree.province, "suggestions_benefit") == 456_000
    with pytest.raises(ApplicationError, match=suggestions.NOT_PENDING):
        suggestion_review(actor=staff.base_admin, suggestion=item, adopt=False, note="x")
    totals = suggestion_totals(user=staff.county_admin)
    assert totals == {"submitted": 1, "adopted": 1, "benefit": Decimal("45.60")}


def test_reject_needs_a_reason(staff, tree, submit_one):
    item = submit_one()
    with pytest.raises(ApplicationError, match=flow.REASON_REQUIRED):
        suggestion_review(actor=staff.base_admin, suggestion=item, adopt=False)
    item = suggestion_review(actor=staff.base_admin, suggestion=item, adopt=False, note="已有同类")
    assert item.status == SuggestionStatus.REJECTED
    assert stat(tree.lanzhou, "suggestions_adopted") == 0


def test_recommend_upward_one_level_at_a_time(staff, tree, make_user, submit_one):
    from gonghui.accounts.permissions import ROLE_UNION_ADMIN

    township = make_user("dg_admin", tree.donggang, ROLE_UNION_ADMIN)
    item = submit_one()
    with pytest.raises(ApplicationError, match=suggestions.NOT_ADOPTED):
        suggestion_recommend(actor=staff.base_admin, suggestion=item)
    item = suggestion_review(actor=staff.base_admin, suggestion=item, adopt=True, benefit=3)
    with pytest.raises(ApplicationError, match=suggestions.NOT_YOUR_LEVEL):
        suggestion_recommend(actor=staff.county_admin, suggestion=item)
    item = suggestion_recommend(actor=staff.base_admin, suggestion=item)
    assert item.recommended_to == tree.donggang
    item = suggestion_recommend(actor=township, suggestion=item)
    assert item.recommended_to == tree.chengguan


def test_submitter_refusals(staff, tree, make_member, submit_one):
    with pytest.raises(ApplicationError, match=suggestions.SUBMITTER_REQUIRED):
        suggestion_submit(
            actor=staff.base_admin, org=tree.base_a, kind="proposal", title="t", content="c"
        )
    outsider = make_member(tree.base_b, name="周某")
    with pytest.raises(ApplicationError, match=suggestions.SUBMITTER_OUTSIDE):
        submit_one(member=outsider)
    with pytest.raises(Forbidden):
        submit_one(actor=staff.base_c_admin)
    team = Team.objects.create(org=tree.base_a, name="焊接一班")
    item = submit_one(team=team, title="班组合理化建议")
    assert item.team == team and item.member is None
    assert Suggestion.objects.count() == 1


def test_pages(staff, tree, make_member, submit_one):
    lead = make_member(tree.base_a, name="吴工")
    client = login(staff.base_admin)
    assert client.get("/competitions/studios/suggestions/new/").status_code == 200
    response = client.post(
        "/competitions/studios/suggestions/new/",
        {
            "kind": "proposal",
            "title": "降低电耗建议",
            "content": "错峰生产。",
            "org": tree.base_a.pk,
            "member": lead.pk,
        },
    )
    item = Suggestion.objects.get()
    assert response.status_code == 302
    url = f"/competitions/studios/suggestions/{item.pk}/review/"
    assert client.post(url, {"adopt": "0", "note": ""}).status_code == 400
    client.post(url, {"adopt": "1", "benefit": "8.5"})
    item.refresh_from_db()
    assert item.status == SuggestionStatus.ADOPTED
    page = login(staff.county_admin).get("/competitions/studios/suggestions/").content.decode()
    assert "采纳 1 项" in page and "降低电耗建议" in page
    assert login(staff.county_auditor).post(url, {"adopt": "1"}).status_code == 403
    other = login(staff.base_c_admin).get(f"/competitions/studios/suggestions/{item.pk}/")
    assert other.status_code == 404
