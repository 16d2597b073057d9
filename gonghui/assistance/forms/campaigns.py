"""Forms of 四送 campaigns and 金秋助学: they parse; `services.campaigns` checks the values."""

from django import forms

from gonghui.assistance.codes import AidForm, CampaignKind, SchoolLevel
from gonghui.assistance.models import Campaign, GrantStatus
from gonghui.core.forms import WorkbenchForm
from gonghui.orgs.pickers import OrgPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class CampaignForm(WorkbenchForm):
    kind = forms.ChoiceField(label="活动类型", choices=[("", "请选择"), *CampaignKind.choices])
    name = forms.CharField(label="活动名称", max_length=100)
    org = OrgPickerField(label="发起工会", purpose="campaign_org")
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    budget = forms.DecimalField(label="预算（元）", **MONEY)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)


class CampaignFilterForm(WorkbenchForm):
    kind = forms.ChoiceField(
        label="活动类型", required=False, choices=[("", "全部类型"), *CampaignKind.choices]
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)


class AllocationForm(WorkbenchForm):
    from_org = OrgPickerField(
        label="下拨工会",
        purpose="allocation_from",
        help_text="持有本活动资金的工会（发起工会或已获下拨的工会）。",
    )
    org = OrgPickerField(label="接收工会", purpose="allocation_to")
    amount = forms.DecimalField(label="下拨金额（元）", **MONEY)

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        funded = self.fields["from_org"].for_user(user, campaign=campaign.pk).queryset
        only = list(funded[:2])
        if len(only) == 1:
            self.fields["from_org"].initial = only[0].pk
        self.fields["org"].for_user(user, campaign=campaign.pk)


class RecipientSearchForm(WorkbenchForm):
    q = forms.CharField(label="身份证号或会员卡号", max_length=20, required=False)


class PaymentForm(WorkbenchForm):
    recipient = forms.ChoiceField(label="慰问对象", widget=forms.RadioSelect)
    form = forms.ChoiceField(label="慰问形式", choices=AidForm.choices, initial=AidForm.CASH)
    amount = forms.DecimalField(label="金额（元，实物折价）", **MONEY)
    goods = forms.CharField(label="实物内容", max_length=200, required=False)
    paid_on = forms.DateField(label="发放日期", widget=DATE)

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [
            (r.key, f"{r.name}（{r.id_masked}，{r.org.name}，{r.label}）") for r in recipients
        ]
        if len(recipients) == 1:
            self.fields["recipient"].initial = recipients[0].key


class PaymentImportForm(WorkbenchForm):
    file = forms.FileField(
        label="发放名单（.xlsx 或 .csv）",
        help_text="列：姓名、身份证号、金额；可选：慰问形式（现金/实物）、实物内容。"
        "整表有一行有误则全部不登记。",
    )
    paid_on = forms.DateField(label="发放日期", widget=DATE)


class RevokeForm(WorkbenchForm):
    reason = forms.CharField(
        label="撤销原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class GrantFilterForm(WorkbenchForm):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *GrantStatus.choices]
    )


class GrantArchiveSearchForm(WorkbenchForm):
    q = forms.CharField(label="申请人或学生身份证号", max_length=18, required=False)


class GrantApplyForm(WorkbenchForm):
    student = forms.ChoiceField(label="学生")
    year = forms.IntegerField(label="资助年度", min_value=2000, max_value=2100)
    school = forms.CharField(label="学校", max_length=100)
    school_level = forms.ChoiceField(
        label="就读层次", choices=[("", "请选择"), *SchoolLevel.choices]
    )
    proof = forms.FileField(
        label="录取通知书/在读证明", help_text="PDF、JPEG 或 PNG，不超过 5 MB。"
    )

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [
            (str(s.pk), f"{s.name}（{s.get_relation_display()}，{s.id_number_masked}）")
            for s in students
        ]


class GrantReviewForm(WorkbenchForm):
    approved = forms.TypedChoiceField(
        label="审核结果",
        choices=[("1", "批准资助"), ("0", "不予资助")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(label="资助金额（元）", required=False, **MONEY)
    opinion = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GrantPayForm(WorkbenchForm):
    paid_on = forms.DateField(label="发放日期", widget=DATE)
