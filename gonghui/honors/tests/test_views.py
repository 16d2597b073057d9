"""The workbench pages: each renders in scope, refuses out of scope as missing, and drives the
services."""

import pytest
from django.urls import reverse

from gonghui.conftest import login as logged_in
from gonghui.honors.models import NominationStatus, Round

pytestmark = pytest.mark.django_db


def login(client, user):
    return logged_in(user)


def test_catalogue_pages(client, staff, catalogue):
    client = login(client, staff.sysadmin)
    page = client.get(reverse("honors:types"))
    assert page.status_code == 200
    assert "甘肃省五一劳动奖章" in page.content.decode()
    assert client.get(reverse("honors:type_create")).status_code == 200
    ht = catalogue["gansu-model"]
    assert client.get(reverse("honors:type_edit", args=[ht.pk])).status_code == 200
    response = client.post(
        reverse("honors:type_create"),
        {
            "code": "tianshui-model",
            "title": "天水市劳动模范",
            "level": "city",
            "conferrer": staff.sysadmin.org_id,
            "subject": "person",
            "cycle_years": 5,
            "active": "on",
        },
    )
    assert response.status_code == 302
    client = login(client, staff.county_admin)
    assert client.get(reverse("honors:type_create")).status_code == 403


def test_round_pages_and_a_nomination(
    client, staff, province_admin, medal_round, medal, make_member, tree
):
    client = login(client, province_admin)
    page = client.get(reverse("honors:rounds"))
    assert "2026年甘肃省五一劳动奖章评选" in page.content.decode()
    assert client.get(reverse("honors:round_create")).status_code == 200
    detail = client.get(reverse("honors:round", args=[medal_round.pk])).content.decode()
    assert "兰州市总工会" in detail and "天水市总工会" in detail

    member = make_member(tree.base_a, name="陈静")
    client = login(client, staff.base_admin)
    assert client.get(reverse("honors:round", args=[medal_round.pk])).status_code == 200
    response = client.post(
        reverse("honors:nominate", args=[medal_round.pk]),
        {
            "honor_type": medal.pk,
            "member": member.pk,
            "post": "车工",
            "front_line": "on",
            "deeds": "技术革新十项。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    n = medal_round.nominations.get()
    assert n.holder == tree.chengguan
    client = login(client, staff.county_admin)
    page = client.get(reverse("honors:nomination", args=[n.pk])).content.decode()
    assert "同意上报" in page and member.id_number not in page
    client.post(reverse("honors:approve", args=[n.pk]))
    n.refresh_from_db()
    assert n.holder == tree.lanzhou
    client = login(client, staff.city_admin)
    response = client.post(reverse("honors:return", args=[n.pk]), {"reason": ""})
    assert response.status_code == 400 and "请填写理由" in response.content.decode()
    client.post(reverse("honors:return", args=[n.pk]), {"reason": "补充材料"})
    n.refresh_from_db()
    assert n.status == NominationStatus.RETURNED and n.holder == tree.chengguan


def test_out_of_scope_answers_as_missing(client, staff, medal_round, nominate_member):
    n = nominate_member()
    client = login(client, staff.tianshui_admin)
    assert client.get(reverse("honors:nomination", args=[n.pk])).status_code == 404
    assert client.get(reverse("honors:nomination", args=[999999])).status_code == 404
    # Tianshui sees the province's round (it sits below it), but not 兰州's nominations.
    page = client.get(reverse("honors:round", args=[medal_round.pk])).content.decode()
    assert n.name not in page


def test_a_city_round_is_not_seen_by_another_city(client, staff, catalogue, tree):
    from gonghui.honors.rounds.services import round_open

    rnd = round_open(
        actor=staff.city_admin,
        title="兰州市劳模评选",
        year=2026,
        quotas={catalogue["lanzhou-model"]: 20},
    )
    client = login(client, staff.tianshui_admin)
    assert client.get(reverse("honors:round", args=[rnd.pk])).status_code == 404
    client = login(client, staff.base_admin)
    assert client.get(reverse("honors:round", args=[rnd.pk])).status_code == 200
    assert Round.objects.count() == 1
