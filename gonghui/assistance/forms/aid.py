"""Forms of help plans, aid payments, cap exceptions and caps; the services check the rules."""

from django import forms
from django.utils import timezone

from gonghui.assistance.codes import AidForm, FundSource, Measure
from gonghui.assistance.models import Archive, MeasureStatus
from gonghui.assistance.selectors.aid import user_at_top
from gonghui.core.forms import WorkbenchForm
from gonghui.orgs.pickers import OrgPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0.01}


def _this_year() -> int:
    return timezone.localdate().year


class MeasureForm(WorkbenchForm):
    kind = forms.ChoiceField(
        label="帮扶措施（五个一批）", choices=[("", "请选择"), *Measure.choices]
    )
    content = forms.CharField(
        label="具体内容", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible_org = OrgPickerField(label="责任单位", purpose="measure_responsible")
    target_date = forms.DateField(label="完成时限", widget=DATE)

    def __init__(self, *args, user, archive: Archive, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_org"].for_user(user, archive=archive.pk)


class MeasureStatusForm(WorkbenchForm):
    status = forms.ChoiceField(label="改为", choices=MeasureStatus.choices)
    note = forms.CharField(
        label="说明", required=False, max_length=1000, help_text="终止措施时必填。"
    )


class NoteForm(WorkbenchForm):
    note = forms.CharField(
        label="进展情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AidRecordForm(WorkbenchForm):
    form = forms.ChoiceField(label="救助形式", choices=AidForm.choices, initial=AidForm.CASH)
    amount = forms.DecimalField(label="金额（元，实物折价）", **MONEY)
    goods = forms.CharField(
        label="实物内容", required=False, max_length=200, help_text="实物救助必填。"
    )
    fund_source = forms.ChoiceField(label="资金来源", choices=[("", "请选择"), *FundSource.choices])
    paid_on = forms.DateField(label="发放日期", widget=DATE)
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"form": AidForm.CASH, "paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ExceptionRequestForm(WorkbenchForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    extra_amount = forms.DecimalField(label="超出上限金额（元）", **MONEY)
    reason = forms.CharField(
        label="申请理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": _this_year()})
        super().__init__(*args, **kwargs)


class ExceptionDecideForm(WorkbenchForm):
    decision = forms.ChoiceField(
        label="审批结果",
        choices=[("approve", "批准"), ("reject", "不批准")],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label="审批意见",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不批准时必填。",
    )


class CapForm(WorkbenchForm):
    org = OrgPickerField(
        label="适用工会",
        purpose="org_in_scope",
        required=False,
        help_text="上限适用于该工会及其下级工会的档案，就近适用。",
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    amount = forms.DecimalField(label="每户年度救助上限（元）", **MONEY)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"year": _this_year(), "org": user.org_id})
        super().__init__(*args, **kwargs)
        field = self.fields["org"]
        field.for_user(user)
        self.at_top = user_at_top(user)
        if self.at_top:
            field.help_text += "留空则为全省默认（未单独设置的工会适用）。"
        else:
            field.required = True
            field.error_messages["required"] = "请选择适用工会。"


class LedgerFilterForm(WorkbenchForm):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    fund_source = forms.ChoiceField(
        label="资金来源", required=False, choices=[("", "全部来源"), *FundSource.choices]
    )
    county = OrgPickerField(label="县区", purpose="ledger_county", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].for_user(user)
        self.fields["county"].widget.placeholder = "全部县区（输入名称查找）"
