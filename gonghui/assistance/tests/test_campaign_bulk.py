import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from gonghui.assistance.codes import AidForm
from gonghui.assistance.models import CampaignPayment
from gonghui.assistance.services import campaigns as svc
from gonghui.audit.models import AuditLog
from gonghui.imports.models import ImportJob, ImportStatus
from gonghui.stats.models import OrgStat


def xlsx(rows, header=("姓名", "身份证号", "金额", "慰问形式", "实物内容")):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("名单.xlsx", out.getvalue())


def test_a_good_list_pays_everyone(tree, staff, make_member, make_archive, campaign):
    first = make_member(tree.base_a, name="甲一")
    second = make_member(tree.base_b, name="乙二")
    make_archive(second)  # an archived household: paid as such
    payments = svc.campaign_pay_bulk(
        actor=staff.county_admin,
        campaign=campaign,
        upload=xlsx(
            [
                ("甲一", first.id_number, 300, "现金", None),
                ("乙二", second.id_number, "200.50", "实物", "米面油"),
            ]
        ),
        paid_on=date(2026, 1, 20),
    )
    assert len(payments) == 2
    assert payments[0].member == first
    assert payments[1].archive.member == second and payments[1].form == AidForm.GOODS
    stat = OrgStat.objects.get(org=tree.province, metric=f"campaign.{campaign.pk}.amount")
    assert stat.value == 50050
    assert AuditLog.objects.filter(action="campaign.pay_bulk").count() == 1


def test_one_bad_row_and_no_one_is_paid(tree, staff, make_member, campaign):
    first = make_member(tree.base_a, name="甲一")
    outside = make_member(tree.base_c, name="丙三")
    with pytest.raises(svc.BulkRejected) as exc:
        svc.campaign_pay_bulk(
            actor=staff.county_admin,
            campaign=campaign,
            upload=xlsx(
                [
                    ("甲一", first.id_number, 300, "", None),
                    ("甲一", first.id_number, 300, "", None),  # twice in the list
                    ("丙三", outside.id_number, 100, "", None),  # another county
                    ("错名", first.id_number, 100, "", None),  # not the registered name
                    ("甲一", first.id_number, "abc", "", None),
                ]
            ),
            paid_on=date(2026, 1, 20),
        )
    errors = exc.value.errors
    assert errors[0].startswith("第3行：「甲一」已在本次活动中领取过慰问")
    assert errors[1].startswith("第4行：本工会及下级工会中没有身份证号为")
    assert errors[2].startswith("第5行：") and "不符" in errors[2]
    assert errors[3] == "第6行：" + svc.AMOUNT_INVALID
    assert CampaignPayment.objects.count() == 0
    assert (
        not OrgStat.objects.filter(metric__startswith=f"campaign.{campaign.pk}.")
        .exclude(value=0)
        .exists()
    )


def test_the_list_cannot_spend_more_than_the_org_holds(tree, staff, make_member, campaign):
    people = [make_member(tree.base_a) for _ in range(3)]
    with pytest.raises(svc.BulkRejected) as exc:
        svc.campaign_pay_bulk(
            actor=staff.county_admin,
            campaign=campaign,
            upload=xlsx([(p.name, p.id_number, 400, "", None) for p in people]),
            paid_on=date(2026, 1, 20),
        )
    assert exc.value.errors == [exc.value.errors[0]]
    assert exc.value.errors[0].startswith("第4行：「城关区总工会」可用资金不足")
    assert CampaignPayment.objects.count() == 0


def test_name_must_match_the_id_number(tree, staff, make_member, campaign):
    member = make_member(tree.base_a, name="甲一")
    with pytest.raises(svc.BulkRejected) as exc:
        svc.campaign_pay_bulk(
            actor=staff.county_admin,
            campaign=campaign,
            upload=xlsx([("甲二", member.id_number, 100, "", None)]),
            paid_on=date(2026, 1, 20),
        )
    assert "与身份证号" in exc.value.errors[0] and "「甲一」不符" in exc.value.errors[0]


def test_import_from_the_page(
    tree, staff, make_member, campaign, django_capture_on_commit_callbacks
):
    """The list is paid by an import job (gonghui.imports); its page lists the bad rows."""
    member = make_member(tree.base_a, name="甲一")
    client = Client()
    client.force_login(staff.county_admin)
    url = reverse("assistance:campaign_pay_import", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"file": xlsx([("甲一", member.id_number, 5000, "", None)]), "paid_on": "2026-01-20"},
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and job.errors[0][0] == 2
    page = client.get(response["Location"]).text
    assert "全部未登记" in page and job.errors[0][3] in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"file": xlsx([("甲一", member.id_number, 500, "", None)]), "paid_on": "2026-01-20"},
        )
    assert response.status_code == 302
    assert CampaignPayment.objects.get().member == member
