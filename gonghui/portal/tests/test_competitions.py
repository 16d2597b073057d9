"""Portal 劳动和技能竞赛: a member sees the contests open to his union, applies, and his union
gets the 待办."""

import pytest
from django.urls import reverse

from gonghui.competitions.models import Entry, EntryStatus
from gonghui.inbox.selectors import visible_items

pytestmark = pytest.mark.django_db


def test_a_member_applies_on_the_portal(
    make_contest, make_member, make_worker, worker_client, staff, tree
):
    open_above = make_contest(name="全省焊工大赛")
    make_contest(actor=staff.sibling_admin, name="七里河区竞赛")
    member = make_member(tree.base_a, id_number="620102198506060044")
    worker = make_worker("13900003333", name="张三", id_number="620102198506060044", member=member)
    client = worker_client(worker)
    page = client.get(reverse("competitions_portal:home")).content.decode()
    assert "全省焊工大赛" in page and "七里河区竞赛" not in page
    url = reverse("competitions_portal:apply", args=[open_above.pk])
    assert client.post(url, {"trade": "厨师"}).status_code == 400
    assert client.post(url, {"trade": "焊工"}).status_code == 302
    entry = Entry.objects.get()
    assert (entry.status, entry.member) == (EntryStatus.PENDING, member)
    assert list(visible_items(staff.base_admin).values_list("kind", flat=True)) == [
        "competitions.contest.confirm"
    ]
    assert "已报名" in client.get(reverse("competitions_portal:home")).content.decode()


def test_a_contest_beside_answers_as_missing(
    make_contest, make_member, make_worker, worker_client, staff, tree
):
    other = make_contest(actor=staff.sibling_admin)
    member = make_member(tree.base_a, id_number="620102198506060044")
    worker = make_worker("13900004444", name="张三", id_number="620102198506060044", member=member)
    response = worker_client(worker).get(reverse("competitions_portal:apply", args=[other.pk]))
    assert response.status_code == 404
