"""The optional steps' pages: materials on the nomination page (upload, checklist, scoped
download, delete), a draft sent up, the staff vote, 征求意见 and the committee from the pages,
the layout on the catalogue page and the 推荐审批表 per layout."""

import io

import pytest
from django.urls import reverse
from docx import Document

from gonghui.conftest import login
from gonghui.core.errors import ApplicationError
from gonghui.honors.models import NominationStatus, RoundStatus
from gonghui.honors.rounds.services import (
    consult_start,
    nominate,
    nomination_approve,
    round_open,
)
from gonghui.honors.tests.steps_helpers import PDF, open_round, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _draft(staff, rnd, ht, make_member, tree):
    return nominate(
        actor=staff.base_admin,
        round=rnd,
        honor_type=ht,
        member=make_member(tree.base_a, name="李明"),
        post="焊工",
        front_line=True,
        deeds="扎根一线二十年。",
        submit=False,
    )


def test_materials_on_the_nomination_page(staff, province_admin, medal, make_member, tree):
    medal.materials = "主要事迹材料\n近期免冠彩色照片"
    medal.materials_enforced = True
    medal.save()
    rnd = open_round(province_admin, medal, tree)
    client = login(staff.base_admin)
    created = client.post(
        reverse("honors:nominate", args=[rnd.pk]),
        {
            "honor_type": medal.pk,
            "member": make_member(tree.base_a, name="陈静").pk,
            "deeds": "事迹",
            "draft": "1",
        },
    )
    assert created.status_code == 302
    n = rnd.nominations.get()
    assert n.status == NominationStatus.DRAFT
    page = client.get(reverse("honors:nomination", args=[n.pk])).content.decode()
    assert "✘ 主要事迹材料（必需，未上传）" in page and 'id="attachment-form"' in page

    bad = client.post(reverse("honors:attach", args=[n.pk]), {"file": pdf("a.pdf", b"GIF89a")})
    assert bad.status_code == 400 and "内容不是PDF文件" in bad.content.decode()
    up = client.post(
        reverse("honors:attach", args=[n.pk]), {"file": pdf(), "material": "主要事迹材料"}
    )
    assert up.status_code == 302
    a = n.attachments.get()
    page = client.get(reverse("honors:nomination", args=[n.pk])).content.decode()
    assert "✔ 主要事迹材料" in page and "事迹材料.pdf" in page

    refused = client.post(reverse("honors:submit", args=[n.pk]), follow=True)
    assert "须上传以下材料后才能上报：近期免冠彩色照片" in refused.content.decode()
    n.refresh_from_db()
    assert n.status == NominationStatus.DRAFT

    download = client.get(reverse("honors:attachment", args=[n.pk, a.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    # Above the nominating union: may read; outside the subtree: as missing.
    assert (
        login(staff.city_admin).get(reverse("honors:attachment", args=[n.pk, a.pk])).status_code
        == 200
    )
    outside = login(staff.tianshui_admin)
    assert outside.get(reverse("honors:attachment", args=[n.pk, a.pk])).status_code == 404
    assert outside.post(reverse("honors:attachment_delete", args=[n.pk, a.pk])).status_code == 404
    assert outside.post(reverse("honors:attach", args=[n.pk]), {"file": pdf()}).status_code == 404
    # A file id of another nomination answers as missing too.
    assert client.get(reverse("honors:attachment", args=[n.pk, a.pk + 1])).status_code == 404

    gone = client.post(reverse("honors:attachment_delete", args=[n.pk, a.pk]))
    assert gone.status_code == 302 and not n.attachments.exists()


def test_a_draft_with_the_vote_goes_up_from_the_page(
    staff, province_admin, medal, make_member, tree
):
    rnd = open_round(province_admin, medal, tree, base_vote=True)
    n = _draft(staff, rnd, medal, make_member, tree)
    client = login(staff.base_admin)
    page = client.get(reverse("honors:nomination", args=[n.pk])).content.decode()
    assert 'id="vote-form"' in page and 'data-testid="submit-draft"' in page
    form = client.get(reverse("honors:nominate", args=[rnd.pk])).content.decode()
    assert 'name="votes_total"' not in form and "保存草稿（上传材料、录入投票后上报）" in form
    vote = {
        "vote_date": "2026-12-01",
        "expected": 20,
        "present": 18,
        "votes_for": 9,
        "votes_against": 8,
        "votes_abstain": 1,
    }
    failed = client.post(reverse("honors:vote", args=[n.pk]), vote)
    assert failed.status_code == 400
    assert "赞成票9票，未超过实到人数18人的半数" in failed.content.decode()
    ok = client.post(
        reverse("honors:vote", args=[n.pk]), {**vote, "votes_for": 12, "votes_against": 5}
    )
    assert ok.status_code == 302
    assert client.post(reverse("honors:submit", args=[n.pk])).status_code == 302
    n.refresh_from_db()
    assert n.status == NominationStatus.PENDING and n.holder == tree.chengguan
    page = client.get(reverse("honors:nomination", args=[n.pk])).content.decode()
    assert "应到20人，实到18人，赞成12票" in page and 'id="vote-form"' not in page


def test_consultation_and_committee_from_the_pages(staff, province_admin, medal, make_member, tree):
    rnd = open_round(province_admin, medal, tree, consult=True, committee=True)
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
    client = login(province_admin)
    page = client.get(reverse("honors:round", args=[rnd.pk])).content.decode()
    assert "开始征求意见" in page and "征求意见 评审委员会评审" in page
    # A city admin may not start the stage (only the round's union).
    assert (
        login(staff.city_admin).post(reverse("honors:round_consult", args=[rnd.pk])).status_code
        == 403
    )
    assert client.post(reverse("honors:round_consult", args=[rnd.pk])).status_code == 302
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.CONSULTING

    missing = client.post(
        reverse("honors:opinion", args=[n.pk]), {"department": "信访", "agree": "0"}
    )
    assert missing.status_code == 400 and "请填写不同意的理由" in missing.content.decode()
    client.post(
        reverse("honors:opinion", args=[n.pk]),
        {"department": "信访", "agree": "0", "remark": "有信访件"},
    )
    o = n.opinions.get()
    refused = client.post(reverse("honors:round_committee", args=[rnd.pk]), follow=True)
    assert "有部门不同意意见" in refused.content.decode()
    client.post(reverse("honors:override", args=[o.pk]), {"reason": "经查不属实"})
    assert (
        login(staff.tianshui_admin)
        .post(reverse("honors:override", args=[o.pk]), {"reason": "x"})
        .status_code
        == 404
    )
    assert client.post(reverse("honors:round_committee", args=[rnd.pk])).status_code == 302
    page = client.get(reverse("honors:nomination", args=[n.pk])).content.decode()
    assert "不予采纳：经查不属实" in page and 'id="committee-form"' in page
    saved = client.post(
        reverse("honors:committee", args=[n.pk]),
        {"passed": "1", "votes_for": "7", "votes_against": "0", "votes_abstain": "0"},
    )
    assert saved.status_code == 302
    page = client.get(reverse("honors:nomination", args=[n.pk])).content.decode()
    assert "通过；赞成7票、反对0票、弃权0票" in page
    started = client.post(reverse("honors:round_publicity", args=[rnd.pk]), {"days": 5})
    assert started.status_code == 302
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PUBLICITY


def _docx_text(response) -> str:
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_layout_is_set_on_the_catalogue_and_shapes_the_form(
    staff, province_admin, catalogue, medal, make_member, tree
):
    model = catalogue["gansu-model"]
    assert (model.form_layout, medal.form_layout) == ("model", "medal")
    assert catalogue["gansu-vanguard"].form_layout == "pioneer"
    assert catalogue["longyuan-craftsman"].form_layout == "craftsman"
    admin = login(staff.sysadmin)
    assert "劳动模范" in admin.get(reverse("honors:types")).content.decode()
    edit = admin.get(reverse("honors:type_edit", args=[model.pk])).content.decode()
    assert 'name="form_layout"' in edit and 'name="materials_enforced"' in edit

    rnd = round_open(actor=province_admin, title="双类型", year=2026, quotas={medal: 5, model: 5})
    docs = {}
    for ht, name in ((medal, "李明"), (model, "王芳")):
        n = nominate(
            actor=staff.base_admin,
            round=rnd,
            honor_type=ht,
            member=make_member(tree.base_a, name=name),
            post="焊工",
            deeds=f"{name}的事迹",
        )
        nomination_approve(actor=staff.county_admin, nomination=n)
        response = login(staff.county_admin).get(reverse("honors:recommendation", args=[n.pk]))
        assert response.status_code == 200
        docs[ht.code] = _docx_text(response)
    medal_doc, model_doc = docs["gansu-may1-medal"], docs["gansu-model"]
    assert "甘肃省五一劳动奖章推荐表" in medal_doc and "基层工会意见" in medal_doc
    assert "甘肃省劳动模范推荐审批表" in model_doc
    assert "评选表彰工作委员会意见" in model_doc and "有关部门意见" in model_doc
    assert "评选表彰工作委员会意见" not in medal_doc and "基层工会意见" not in model_doc
    assert "技能等级" in medal_doc and "人员类别" in model_doc
    # The county's 同意上报 fills its box in both.
    assert "同意上报（城关区总工会" in medal_doc and "同意上报（城关区总工会" in model_doc

    # The administrator switches 劳模 to the craftsman layout: the next document follows.
    response = admin.post(
        reverse("honors:type_edit", args=[model.pk]),
        {
            "title": model.title,
            "level": model.level,
            "conferrer": model.conferrer_id,
            "subject": model.subject,
            "cycle_years": model.cycle_years,
            "form_layout": "craftsman",
            "active": "on",
        },
    )
    assert response.status_code == 302
    n = rnd.nominations.get(honor_type=model)
    text = _docx_text(login(staff.county_admin).get(reverse("honors:recommendation", args=[n.pk])))
    assert "甘肃省劳动模范选树推荐表" in text and "专家评审意见" in text


def test_consult_start_refusal_shows_on_the_round_page(
    staff, province_admin, medal, make_member, tree
):
    rnd = open_round(province_admin, medal, tree, consult=True)
    refused = login(province_admin).post(
        reverse("honors:round_consult", args=[rnd.pk]), follow=True
    )
    assert "拟表彰名单为空，不能开始征求意见" in refused.content.decode()
    with pytest.raises(ApplicationError):
        consult_start(actor=province_admin, round=rnd)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.OPEN
