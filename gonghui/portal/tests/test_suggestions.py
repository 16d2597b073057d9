"""Portal 五小 / 合理化建议: a certified member submits one to his base union (a 待办 there, the
union reviews it through the existing flow) and sees its status; size and rate limits."""

import pytest
from django.urls import reverse

from gonghui.audit.models import AuditLog
from gonghui.competitions.models.studios import Suggestion
from gonghui.competitions.studios.services import suggestion_review
from gonghui.competitions.studios.services import suggestions as svc
from gonghui.conftest import login
from gonghui.core.errors import ApplicationError
from gonghui.inbox.models import OpenItem
from gonghui.inbox.selectors import visible_items
from gonghui.members.models import Team, TeamMember

pytestmark = pytest.mark.django_db

ID = "620102198506060044"
URL = "/m/suggestions/"


@pytest.fixture
def member_worker(make_member, make_worker, tree):
    member = make_member(tree.base_a, name="张三", id_number=ID)
    return make_worker("13900003333", name="张三", id_number=ID, member=member)


def _post(client, **data):
    return client.post(
        URL, {"kind": "proposal", "title": "改进焊接夹具", "content": "现状……办法……", **data}
    )


def test_a_worker_submits_and_his_union_reviews(member_worker, worker_client, staff, tree):
    assert reverse("suggestions_portal:home") == URL
    client = worker_client(member_worker)
    assert "我要提报" in client.get(URL).content.decode()
    assert _post(client).status_code == 302
    item = Suggestion.objects.get()
    assert (item.org, item.member, item.online) == (tree.base_a, member_worker.member, True)
    assert item.created_by is None
    log = AuditLog.objects.get(action="competitions.studio.suggestion_online")
    assert (log.actor_id, log.changes["title"]) == (None, "改进焊接夹具")
    # The base union's 待办 「待评审的五小和合理化建议」 picks it up.
    todo = visible_items(staff.base_admin).get(kind="competitions.studio.suggestion")
    assert "改进焊接夹具" in todo.summary
    assert not visible_items(staff.base_c_admin).exists()
    page = client.get(URL).content.decode()
    assert "改进焊接夹具" in page and "待评审" in page
    suggestion_review(actor=staff.base_admin, suggestion=item, adopt=True, benefit="12.5")
    assert not OpenItem.objects.filter(kind="competitions.studio.suggestion").exists()
    page = client.get(URL).content.decode()
    assert "已采纳" in page and "经济效益12.50万元" in page
    # The workbench marks it as submitted online.
    workbench = login(staff.base_admin)
    assert "网上提报" in workbench.get("/competitions/studios/suggestions/").content.decode()
    detail = workbench.get(f"/competitions/studios/suggestions/{item.pk}/").content.decode()
    assert 'data-testid="online"' in detail


def test_bad_input_writes_nothing(member_worker, worker_client):
    client = worker_client(member_worker)
    assert _post(client, kind="nope").status_code == 400
    assert _post(client, title="").status_code == 400
    too_long = _post(client, content="长" * (svc.CONTENT_MAX + 1))
    assert too_long.status_code == 400
    assert not Suggestion.objects.exists()


def test_at_most_five_a_day(member_worker, worker_client):
    client = worker_client(member_worker)
    for n in range(svc.ONLINE_PER_DAY):
        assert _post(client, title=f"建议{n}").status_code == 302
    refused = _post(client, title="第六项")
    assert refused.status_code == 429
    assert "请明天再提报" in refused.content.decode()
    assert Suggestion.objects.count() == svc.ONLINE_PER_DAY


def test_a_refused_submission_does_not_count(member_worker, worker_client):
    client = worker_client(member_worker)
    for _ in range(svc.ONLINE_PER_DAY + 2):
        assert _post(client, kind="nope").status_code == 400
    with pytest.raises(ApplicationError, match=svc.KIND_INVALID):
        svc.suggestion_submit_by_worker(worker=member_worker, kind="nope", title="x", content="y")
    assert _post(client).status_code == 302


def test_for_his_team_only(member_worker, worker_client, tree):
    mine = Team.objects.create(org=tree.base_a, name="焊接班")
    Team.objects.create(org=tree.base_a, name="装配班")
    TeamMember.objects.create(team=mine, member=member_worker.member)
    client = worker_client(member_worker)
    page = client.get(URL).content.decode()
    assert "焊接班" in page and "装配班" not in page
    assert _post(client, team=mine.pk).status_code == 302
    assert Suggestion.objects.get().team == mine
    assert _post(client, team=mine.pk + 1).status_code == 400


def test_not_a_member_is_told_why(make_worker, worker_client):
    worker = make_worker("13900005555")
    client = worker_client(worker)
    page = client.get(URL)
    assert page.status_code == 200 and svc.WORKER_NOT_MEMBER in page.content.decode()
    assert _post(client).status_code == 403
    assert not Suggestion.objects.exists()
