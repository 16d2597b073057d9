"""The honoree page's 撤销荣誉 (one form per honor row, with a confirmation that can be
cancelled) and 推荐疗休养, in a real Chromium at 1366 and 375 px: the province's admin revokes one
of 张秀兰's two honors, and puts her forward to a 疗休养 batch."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gonghui.conftest import log_in, shot
from gonghui.honors.models import Honor
from gonghui.recuperation.models import BaseLevel, Category, Participant
from gonghui.recuperation.services import batch_create, plan_create, resort_create

pytestmark = pytest.mark.browser

NO = "甘总工发〔2026〕30号"


@pytest.mark.parametrize("width", [1366, 375])
def test_revoke_with_confirmation_and_recommend_recuperation(
    live_server,
    transactional_db,
    staff,
    tree,
    types,
    make_honoree,
    province_admin,
    browser_page,
    width,
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    zhang = make_honoree(tree.base_a, types.national, name="张秀兰", year=2015)
    make_honoree(tree.base_a, types.medal, id_number=zhang.id_number, year=2020)
    national, medal = (Honor.objects.get(honor_type=t) for t in (types.national, types.medal))
    resort = resort_create(
        actor=staff.sysadmin,
        org=tree.province,
        name="天水麦积山劳模疗休养基地",
        place="天水市麦积区",
        level=BaseLevel.PROVINCE,
        plaque=True,
    )
    plan = plan_create(actor=staff.sysadmin, org=tree.province, year=2026, title="劳模疗休养")
    start = timezone.localdate() + timedelta(days=20)
    batch_create(
        actor=staff.sysadmin,
        plan=plan,
        name="第1批",
        resort=resort,
        start_on=start,
        end_on=start + timedelta(days=6),
        places=10,
        route="兰州—天水",
    )

    log_in(page, live_server.url, province_admin.username)
    page.goto(f"{live_server.url}/honors/honorees/{zhang.pk}/")
    ids = Counter(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    assert [i for i, n in ids.items() if n > 1] == []

    row = page.locator(f'tr[data-honor="{medal.pk}"]')
    row.locator("summary", has_text="撤销荣誉").click()
    row.get_by_label("撤销文号").fill(NO)
    row.get_by_label("撤销理由").fill("申报材料弄虚作假")
    # The confirmation names the honor; cancelled, nothing is sent.
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    row.get_by_role("button", name="撤销荣誉").click()
    expect(row.get_by_label("撤销文号")).to_have_value(NO)
    assert asked and "甘肃省五一劳动奖章" in asked[0]
    medal.refresh_from_db()
    assert not medal.revoked

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="撤销荣誉").click()
    expect(page.locator(".messages")).to_contain_text("已撤销「甘肃省五一劳动奖章」（2020年）")
    expect(page.locator(f'tr[data-honor="{medal.pk}"] [data-testid="revoked"]')).to_be_visible()
    expect(page.locator(f'tr[data-honor="{national.pk}"] [data-testid="revoked"]')).to_have_count(0)
    medal.refresh_from_db()
    national.refresh_from_db()
    assert medal.revoked and medal.revoke_decision_no == NO and not national.revoked

    page.locator("summary", has_text="推荐疗休养").click()
    page.get_by_label("疗休养批次").select_option(index=1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("form[action$='/recuperation/']").get_by_role("button").click()
    expect(page.locator(".messages")).to_contain_text("已推荐「张秀兰」参加「第1批」疗休养")
    expect(page.locator("#recuperation-table")).to_contain_text("天水麦积山劳模疗休养基地")
    shot(page, f"honoree-actions-{width}")
    p = Participant.objects.get()
    assert p.name == "张秀兰" and p.category == Category.MODEL_WORKER
