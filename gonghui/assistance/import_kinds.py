"""Assistance's kinds of import (see gonghui/imports/kinds.py): hardship archives, and the
payment list of a 送温暖-type campaign."""

from datetime import date

from gonghui.accounts.permissions import Perm
from gonghui.assistance.imports import NO_PERMISSION, ROWS_INVALID, ImportRejected, archive_import
from gonghui.assistance.models import Campaign
from gonghui.assistance.services.campaigns.bulk import (
    BULK_REJECTED,
    BulkRejected,
    campaign_pay_bulk,
)
from gonghui.assistance.services.campaigns.common import PAYING_ORG_REQUIRED
from gonghui.core.errors import ApplicationError
from gonghui.imports.kinds import ImportKind, JobSummary, register_kind

ARCHIVES = "archives"
CAMPAIGN_PAYMENTS = "campaign_payments"
PAYMENTS_NO_PERMISSION = "您没有管理送温暖等活动的权限。"


def _run_archives(*, job, file, report, on_progress):
    try:
        return archive_import(
            actor=job.created_by,
            file=file,
            filename=job.filename,
            report=report,
            on_progress=on_progress,
        )
    except ImportRejected as exc:  # the rows are in the report; nothing was written
        return exc.summary


def _check_payments(*, actor, org, options) -> None:
    """The list is paid from the uploader's union: refused at once, not in the job."""
    if actor.org is None:
        raise ApplicationError(PAYING_ORG_REQUIRED)


def _run_payments(*, job, file, report, on_progress):
    campaign = Campaign.objects.get(pk=job.options["campaign"])
    paid_on = job.options.get("paid_on")
    try:
        payments = campaign_pay_bulk(
            actor=job.created_by,
            campaign=campaign,
            upload=file,
            paid_on=date.fromisoformat(paid_on) if paid_on else None,
        )
    except BulkRejected as exc:  # all or nothing: no one was paid
        for row in exc.rows:
            report.add(*row)
        return JobSummary(read=exc.read, failed=len(exc.rows), rolled_back=True)
    return JobSummary(read=len(payments), created=len(payments))


register_kind(
    ImportKind(
        code=ARCHIVES,
        label="困难职工档案",
        permission=Perm.ASSIST_MANAGE,
        refusal=NO_PERMISSION,
        audit_prefix="assistance",
        run=_run_archives,
        upload_url="assistance:io_import",
        home_url="assistance:io_import",
        home_label="困难职工档案",
        done_label="返回档案导入导出",
        template_url="assistance:io_template",
        rolled_back=ROWS_INVALID,
        counters=(("created", "新建档案"), ("skipped", "已有相同档案跳过"), ("failed", "错误")),
    )
)

register_kind(
    ImportKind(
        code=CAMPAIGN_PAYMENTS,
        label="发放名单",
        permission=Perm.CAMPAIGN_MANAGE,
        refusal=PAYMENTS_NO_PERMISSION,
        audit_prefix="campaign",
        run=_run_payments,
        check=_check_payments,
        upload_url="assistance:campaign_detail",
        home_url="assistance:campaign_detail",
        home_label="活动",
        done_label="返回活动",
        rolled_back=BULK_REJECTED,
        url_args=lambda job: (job.options["campaign"],),
        counters=(("created", "登记发放"), ("failed", "错误")),
    )
)
