"""/api/v1/honors/ for the optional steps: materials (multipart upload, list, delete), a draft
sent up, the staff vote, 征求意见 and the committee; errors as elsewhere (400 with the
Chinese message, 404 out of scope)."""

import pytest

from gonghui.honors.models import NominationStatus, RoundStatus
from gonghui.honors.rounds.services import nominate, nomination_approve
from gonghui.honors.rounds.services.common import today
from gonghui.honors.tests.steps_helpers import open_round, pdf
from gonghui.honors.tests.test_api import auth, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_draft_materials_vote_and_submit(client, staff, province_admin, medal, make_member, tree):
    medal.materials = "主要事迹材料"
    medal.materials_enforced = True
    medal.save()
    rnd = open_round(province_admin, medal, tree, base_vote=True)
    member = make_member(tree.base_a, name="陈静")
    body = {"honor_type_id": medal.pk, "member_id": member.pk, "deeds": "事迹"}
    url = f"/api/v1/honors/rounds/{rnd.pk}/nominations"
    refused = post(client, staff.base_admin, url, body)
    assert refused.status_code == 400 and "须上传以下材料" in refused.json()["message"]
    created = post(client, staff.base_admin, url, {**body, "draft": True})
    assert created.status_code == 201 and created.json()["status"] == "draft"
    nid = created.json()["id"]

    files = f"/api/v1/honors/nominations/{nid}/attachments"
    headers = auth(client, staff.base_admin)
    bad = client.post(files, {"file": pdf("x.pdf", b"GIF89a")}, **headers)
    assert bad.status_code == 400 and "内容不是PDF文件" in bad.json()["message"]
    nul = client.post(files, {"file": pdf(), "material": "主要\x00材料"}, **headers)
    assert nul.status_code == 400 and "控制字符" in nul.json()["message"]
    no_file = client.post(files, {"material": "主要事迹材料"}, **headers)
    assert no_file.status_code == 400 and no_file.json()["message"] == "请选择要上传的文件。"
    up = client.post(files, {"file": pdf(), "material": "主要事迹材料"}, **headers)
    assert up.status_code == 201 and up.json()["material"] == "主要事迹材料"
    listed = client.get(files, **headers).json()
    assert [a["name"] for a in listed] == ["事迹材料.pdf"]
    download = client.get(listed[0]["url"], **headers)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert client.get(listed[0]["url"], **auth(client, staff.tianshui_admin)).status_code == 404
    outside = auth(client, staff.tianshui_admin)
    assert client.get(files, **outside).status_code == 404
    assert client.delete(f"{files}/{up.json()['id']}", **outside).status_code == 404

    submit = f"/api/v1/honors/nominations/{nid}/submit"
    refused = post(client, staff.base_admin, submit, {})
    assert refused.status_code == 400 and "先组织职工投票" in refused.json()["message"]
    vote = {
        "vote_date": today().isoformat(),
        "expected": 10,
        "present": 9,
        "votes_for": 4,
        "votes_against": 4,
        "votes_abstain": 1,
    }
    vote_url = f"/api/v1/honors/nominations/{nid}/vote"
    failed = post(client, staff.base_admin, vote_url, vote)
    assert failed.status_code == 400 and "未超过实到人数9人的半数" in failed.json()["message"]
    assert (
        post(
            client, staff.base_admin, vote_url, {**vote, "votes_for": 8, "votes_against": 0}
        ).status_code
        == 200
    )
    sent = post(client, staff.base_admin, submit, {})
    assert sent.status_code == 200 and sent.json()["status"] == "pending"
    again = client.delete(f"{files}/{up.json()['id']}", **headers)
    assert again.status_code == 400 and "只有草稿或退回到推荐单位的推荐" in again.json()["message"]


def test_consultation_and_committee(client, staff, province_admin, medal, make_member, tree):
    rnd = open_round(province_admin, medal, tree, consult=True, committee=True)
    created = post(
        client,
        province_admin,
        "/api/v1/honors/rounds",
        {
            "title": "接口批次",
            "year": 2026,
            "quotas": [{"honor_type_id": medal.pk, "places": 3}],
            "consult": True,
        },
    )
    assert created.status_code == 201 and created.json()["consult"] is True
    n = nominate(
        actor=staff.base_admin,
        round=rnd,
        honor_type=medal,
        member=make_member(tree.base_a),
        front_line=True,
        deeds="事迹",
    )
    for actor in (staff.county_admin, staff.city_admin, province_admin):
        nomination_approve(actor=actor, nomination=n)
    base = "/api/v1/honors"
    early = post(client, province_admin, f"{base}/rounds/{rnd.pk}/publicity", {})
    assert early.status_code == 400 and "请先开始征求意见" in early.json()["message"]
    started = post(client, province_admin, f"{base}/rounds/{rnd.pk}/consult", {})
    assert started.status_code == 200 and started.json()["status"] == RoundStatus.CONSULTING
    opinion = post(
        client,
        province_admin,
        f"{base}/nominations/{n.pk}/opinions",
        {"department": "税务", "agree": False, "remark": "欠税"},
    )
    assert opinion.status_code == 201
    assert (
        post(
            client,
            staff.city_admin,
            f"{base}/nominations/{n.pk}/opinions",
            {"department": "纪检", "agree": True},
        ).status_code
        == 403
    )
    listed = client.get(f"{base}/nominations/{n.pk}/opinions", **auth(client, province_admin))
    assert [o["department"] for o in listed.json()] == ["税务"]
    blocked = post(client, province_admin, f"{base}/rounds/{rnd.pk}/committee", {})
    assert blocked.status_code == 400 and "有部门不同意意见" in blocked.json()["message"]
    overridden = post(
        client,
        province_admin,
        f"{base}/opinions/{opinion.json()['id']}/override",
        {"reason": "已补缴"},
    )
    assert overridden.status_code == 200 and overridden.json()["overridden"] is True
    assert post(client, province_admin, f"{base}/rounds/{rnd.pk}/committee", {}).status_code == 200
    review = post(
        client,
        province_admin,
        f"{base}/nominations/{n.pk}/committee",
        {"passed": True, "score": "88.5"},
    )
    assert review.status_code == 201 and review.json()["score"] == "88.5"
    done = post(client, province_admin, f"{base}/rounds/{rnd.pk}/publicity", {})
    assert done.status_code == 200 and done.json()["status"] == "publicity"
    n.refresh_from_db()
    assert n.status == NominationStatus.APPROVED
