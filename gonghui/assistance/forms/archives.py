"""Forms of 困难职工档案 (workbench and portal share the application fields)."""

from django import forms
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.codes import (
    ArchiveStatus,
    Cause,
    Disability,
    Health,
    Housing,
    Hukou,
    Level,
    Marriage,
    MedicalInsurance,
    ModelWorker,
    Relation,
    WorkStatus,
)
from gonghui.core.forms import CleanTextForm, WorkbenchForm
from gonghui.orgs.pickers import OrgPickerField

APPROVE_CHOICES = [("1", "通过"), ("0", "不通过")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class ArchiveFilterForm(CleanTextForm):
    q = forms.CharField(label="姓名", required=False, max_length=40)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部")] + ArchiveStatus.choices
    )
    level = forms.ChoiceField(
        label="困难类别", required=False, choices=[("", "全部")] + Level.choices
    )
    county = OrgPickerField(label="县区", purpose="archive_county", required=False)
    year = forms.IntegerField(label="申请年度", required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].for_user(user)
        self.fields["county"].widget.placeholder = "全部县区（输入名称查找）"


class ArchiveFieldsForm(WorkbenchForm):
    """The household's situation: what both the union and the worker fill in."""

    level = forms.ChoiceField(label="困难类别", choices=[("", "请选择")] + Level.choices)
    causes = forms.MultipleChoiceField(
        label="致困原因（可多选）", choices=Cause.choices, widget=forms.CheckboxSelectMultiple
    )
    situation = forms.CharField(
        label="家庭困难情况",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    monthly_income = forms.DecimalField(label="家庭月收入（元）", **MONEY)
    other_annual_income = forms.DecimalField(
        label="家庭其他年收入（元）", required=False, initial=0, **MONEY
    )
    health = forms.ChoiceField(label="健康情况", choices=[("", "请选择")] + Health.choices)
    disability = forms.ChoiceField(label="残疾类别", required=False, choices=Disability.choices)
    housing = forms.ChoiceField(label="住房类型", choices=[("", "请选择")] + Housing.choices)
    work_status = forms.ChoiceField(label="工作状态", choices=[("", "请选择")] + WorkStatus.choices)
    marriage = forms.ChoiceField(label="婚姻状况", choices=[("", "请选择")] + Marriage.choices)
    hukou = forms.ChoiceField(label="户口类型", choices=[("", "请选择")] + Hukou.choices)
    medical_insurance = forms.ChoiceField(
        label="医保状况", choices=[("", "请选择")] + MedicalInsurance.choices
    )
    single_parent = forms.BooleanField(label="单亲家庭", required=False)
    zero_employment = forms.BooleanField(label="家庭零就业", required=False)
    # The 劳模 subject type (困难劳模, helped here rather than in a copy inside honors).
    model_worker = forms.ChoiceField(label="劳模类型", required=False, choices=ModelWorker.choices)

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("id_number", None)
        if data.get("other_annual_income") is None:
            data["other_annual_income"] = 0
        return data


SENSITIVE_CONSENT_LABEL = (
    "我单独同意工会处理本人及家庭成员的健康状况、残疾情况等敏感个人信息，"
    "并已告知家庭成员、取得其同意"
)
SENSITIVE_CONSENT_HELP = (
    "这些信息属于敏感个人信息（《个人信息保护法》第二十八、二十九条），只用于困难职工认定、"
    "帮扶和年审，只有办理您的档案的工会工作人员可以查看，档案按工会业务档案的规定保存。"
    "不同意的，无法在线提交，您可以到所在工会线下申请。"
)


class PortalArchiveForm(ArchiveFieldsForm):
    """The worker's own application: the fields, and his separate consent (PIPL art. 29)."""

    sensitive_consent = forms.BooleanField(
        label=SENSITIVE_CONSENT_LABEL, help_text=SENSITIVE_CONSENT_HELP, required=False
    )

    def service_fields(self) -> dict:
        data = super().service_fields()
        data.pop("sensitive_consent", None)
        return data


class ArchiveApplyForm(ArchiveFieldsForm):
    id_number = forms.CharField(
        label="申请人身份证号",
        max_length=30,
        help_text="申请人须是本工会或下级工会的会员。",
    )
    field_order = ["id_number"]


class HouseholdRowForm(CleanTextForm):
    name = forms.CharField(label="姓名", required=False, max_length=40)
    relation = forms.ChoiceField(
        label="关系",
        required=False,
        choices=[("", "请选择")] + [c for c in Relation.choices if c[0] != Relation.SELF],
    )
    id_number = forms.CharField(label="身份证号", required=False, max_length=30)
    occupation = forms.CharField(label="职业/就学", required=False, max_length=60)
    monthly_income = forms.DecimalField(label="月收入（元）", required=False, **MONEY)
    health = forms.ChoiceField(label="健康", required=False, choices=[("", "—")] + Health.choices)


HouseholdFormSet = forms.formset_factory(HouseholdRowForm, extra=4, max_num=19)


def household_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]


class FirstReviewForm(WorkbenchForm):
    approved = forms.ChoiceField(
        label="初审结论", choices=APPROVE_CHOICES, widget=forms.RadioSelect
    )
    opinion = forms.CharField(
        label="审核意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    visited_on = forms.DateField(label="走访日期", widget=DATE)
    visitors = forms.CharField(label="走访人员", max_length=200)
    findings = forms.CharField(
        label="走访情况", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()


class DecisionForm(WorkbenchForm):
    approved = forms.ChoiceField(label="结论", choices=APPROVE_CHOICES, widget=forms.RadioSelect)
    opinion = forms.CharField(
        label="意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObjectionForm(WorkbenchForm):
    received_on = forms.DateField(label="收到日期", widget=DATE)
    raised_by = forms.CharField(label="异议人（可匿名）", required=False, max_length=40)
    content = forms.CharField(
        label="异议内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()


class ObjectionResolveForm(WorkbenchForm):
    upheld = forms.ChoiceField(
        label="核实结论",
        choices=[("0", "异议不成立"), ("1", "异议成立（档案不予建档）")],
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(
        label="核实处理情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnnualReviewForm(WorkbenchForm):
    year = forms.IntegerField(label="年审年度", min_value=2000, max_value=2100)
    approved = forms.ChoiceField(
        label="年审结论",
        choices=[("1", "继续符合条件"), ("0", "不再符合条件（解困退出）")],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label="意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    level = forms.ChoiceField(
        label="困难类别（如有变化）", required=False, choices=[("", "不变")] + Level.choices
    )
    monthly_income = forms.DecimalField(label="家庭月收入（如有变化）", required=False, **MONEY)
    other_annual_income = forms.DecimalField(
        label="家庭其他年收入（如有变化）", required=False, **MONEY
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ExitForm(WorkbenchForm):
    on = forms.DateField(label="解困日期", widget=DATE)
    reason = forms.CharField(
        label="解困原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.CharField(
        label="解困佐证", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class PovertyLineForm(WorkbenchForm):
    county = OrgPickerField(
        label="县区",
        purpose="poverty_line_county",
        help_text="输入县区名称或区划代码查找。",
        error_messages={
            "required": "请选择县区。",
            "invalid_choice": "所选县区不在您的管理范围内，请重新选择。",
        },
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    amount = forms.DecimalField(label="低保标准（元/人·月）", max_digits=12, decimal_places=2)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].for_user(user)
        self.fields["year"].initial = timezone.localdate().year
