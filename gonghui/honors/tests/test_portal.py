"""The portal's 公示: public names, unions and deeds, never an ID number or phone; a logged-in
worker's named objection is recorded (contact encrypted)."""

import pytest
from django.test import Client

from gonghui.conftest import worker_session_key
from gonghui.honors.models import Objection
from gonghui.honors.rounds.services import nomination_approve, publicity_start

pytestmark = pytest.mark.django_db


def test_publicity_page_and_an_objection(
    client, nominate_member, staff, province_admin, medal_round, make_worker, settings
):
    n = nominate_member()
    for user in (staff.county_admin, staff.city_admin, province_admin):
        nomination_approve(actor=user, nomination=n)
    assert client.get(f"/m/honors/{medal_round.pk}/").status_code == 404
    publicity_start(actor=province_admin, round=medal_round)
    page = client.get(f"/m/honors/{medal_round.pk}/").content.decode()
    assert n.name in page and "扎根一线" in page
    assert n.member.id_number not in page and n.member.phone not in page
    assert "2026年甘肃省五一劳动奖章评选" in client.get("/m/honors/").content.decode()

    url = f"/m/honors/{medal_round.pk}/{n.pk}/objection/"
    assert client.get(url).status_code == 302  # a worker logs in first
    worker = make_worker("13812345678", name="刘职工", id_number="620102198506060044")
    browser = Client()
    browser.cookies[settings.SESSION_COOKIE_NAME] = worker_session_key(worker)
    bad = browser.post(url, {"name": "刘职工", "contact": "123", "text": "反映"})
    assert bad.status_code == 400 and Objection.objects.count() == 0
    done = browser.post(url, {"name": "刘职工", "contact": "13812345678", "text": "事迹有出入"})
    assert done.status_code == 302
    objection = Objection.objects.get()
    assert b"13812345678" not in bytes(objection.contact_enc)
    assert objection.contact_masked == "138****5678"
