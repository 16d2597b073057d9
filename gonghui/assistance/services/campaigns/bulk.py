"""Paying everyone on a spreadsheet list at once, all or nothing."""

from datetime import date
from decimal import Decimal

from gonghui.accounts.models import User
from gonghui.assistance.codes import AidForm, ArchiveStatus
from gonghui.assistance.models import (
    Archive,
    Campaign,
    CampaignPayment,
)
from gonghui.assistance.services.campaigns.common import (
    FORM_INVALID,
    PAYING_ORG_REQUIRED,
    _require_scope,
)
from gonghui.assistance.services.campaigns.payments import campaign_pay
from gonghui.audit.services import atomic_keeping_denials, audit_record
from gonghui.core import crypto, uploads
from gonghui.core.cleaning import CELL_CONTROL, control_cell
from gonghui.core.errors import ApplicationError
from gonghui.core.masking import mask_id_number
from gonghui.core.tabular import open_table, text
from gonghui.members.codes import HOLDING_STATUSES
from gonghui.members.idnumber import normalize
from gonghui.members.models import Member
from gonghui.orgs.models import Org

BULK_COLUMNS = ["姓名", "身份证号", "金额", "慰问形式", "实物内容"]
BULK_REQUIRED = {"姓名", "身份证号", "金额"}
BULK_EMPTY = "文件中没有发放记录，请按模板填写后再上传。"
BULK_TOO_MANY = "一次最多导入 {n} 条发放记录，请分批上传。"
BULK_REJECTED = "名单中有 {n} 行有误，全部未登记。请按下列说明改正后重新上传。"
ROW_NOT_FOUND = "本工会及下级工会中没有身份证号为 {masked} 的在册会员或已建档困难职工。"
ROW_NAME_MISMATCH = "姓名「{name}」与身份证号 {masked} 登记的姓名「{registered}」不符。"
BULK_MAX_ROWS = 5000
_FORMS = {"": AidForm.CASH, **{label: code for code, label in AidForm.choices}}
_FORMS.update({code: code for code in AidForm.values})


# The column of the list a refusal points at (ApplicationError.field; none: the person).
_FIELD_COLUMNS = {
    **{column: column for column in BULK_COLUMNS},
    "recipient": "身份证号",
    "amount": "金额",
    "form": "慰问形式",
    "goods": "实物内容",
}


class BulkRejected(ApplicationError):
    """A payment list with errors: nothing was written; `errors` holds one line per bad row,
    `rows` the same as (row, column, masked value, reason), `read` the rows read."""

    def __init__(self, message: str, rows: list[tuple[int, str, str, str]], read: int = 0):
        super().__init__(message, field="file")
        self.rows = rows
        self.errors = [f"第{number}行：{reason}" for number, *_, reason in rows]
        self.read = read


def _bulk_recipient(org: Org, name: str, raw_id: str) -> dict:
    number = normalize(raw_id)
    person_hashes = crypto.lookup_hashes(number)
    archive = (
        Archive.objects.filter(
            member__id_number_hash__in=person_hashes,
            org__path__startswith=org.path,
            status=ArchiveStatus.ARCHIVED,
        )
        .select_related("member", "org")
        .first()
    )
    member = (
        None
        if archive
        else Member.objects.filter(
            id_number_hash__in=person_hashes,
            org__path__startswith=org.path,
            status__in=HOLDING_STATUSES,
        )
        .select_related("org")
        .first()
    )
    if archive is None and member is None:
        raise ApplicationError(ROW_NOT_FOUND.format(masked=mask_id_number(number)))
    registered = archive.member.name if archive else member.name
    if name != registered:
        raise ApplicationError(
            ROW_NAME_MISMATCH.format(
                name=name, masked=mask_id_number(number), registered=registered
            )
        )
    return {"archive": archive} if archive else {"member": member}


@atomic_keeping_denials(durable=True)
def campaign_pay_bulk(
    *, actor: User, campaign: Campaign, upload, paid_on: date | None, org: Org | None = None
) -> list[CampaignPayment]:
    """Pay everyone on a list (姓名, 身份证号, 金额; optional 慰问形式, 实物内容) from `org`.
    All or nothing: one bad row and no one is paid, with every bad row reported."""
    org = org if org is not None else actor.org
    if org is None:
        raise ApplicationError(PAYING_ORG_REQUIRED)
    _require_scope(actor, org, campaign)
    uploads.check_spreadsheet(upload)
    table = open_table(
        upload, getattr(upload, "name", "") or "", columns=BULK_COLUMNS, required=BULK_REQUIRED
    )
    errors: list[tuple[int, str, str, str]] = []
    payments: list[CampaignPayment] = []
    try:
        for number, row in table.rows:
            cells = {column: text(row.get(column)) for column in BULK_COLUMNS}
            if not any(cells.values()):
                continue
            if len(payments) + len(errors) >= BULK_MAX_ROWS:
                raise ApplicationError(BULK_TOO_MANY.format(n=BULK_MAX_ROWS), field="file")
            try:
                if column := control_cell(cells):
                    raise ApplicationError(CELL_CONTROL.format(column=column), field=column)
                form = _FORMS.get(cells["慰问形式"])
                if form is None:
                    raise ApplicationError(FORM_INVALID, field="form")
                payments.append(
                    campaign_pay(
                        actor=actor,
                        campaign=campaign,
                        org=org,
                        form=form,
                        amount=cells["金额"],
                        goods=cells["实物内容"],
                        paid_on=paid_on,
                        **_bulk_recipient(org, cells["姓名"], cells["身份证号"]),
                    )
                )
            except ApplicationError as exc:
                column = _FIELD_COLUMNS.get(exc.field or "recipient", "")
                value = cells.get(column, "")
                if column == "身份证号":
                    value = mask_id_number(value)
                errors.append((number, column, value, exc.message))
    finally:
        table.close()
    if errors:
        raise BulkRejected(
            BULK_REJECTED.format(n=len(errors)), errors, read=len(payments) + len(errors)
        )
    if not payments:
        raise ApplicationError(BULK_EMPTY, field="file")
    audit_record(
        actor=actor,
        action="campaign.pay_bulk",
        obj=campaign,
        org=org,
        changes={
            "count": len(payments),
            "amount": str(sum((p.amount for p in payments), Decimal(0))),
            "file": getattr(upload, "name", ""),
        },
    )
    return payments
