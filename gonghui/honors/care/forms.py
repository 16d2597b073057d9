"""Forms of the honoree pages and the allowance ledger."""

from django import forms

from gonghui.core.forms import CleanTextForm, WorkbenchForm
from gonghui.honors.models import AllowanceKind, CareKind, FundSource, HonorLevel, HonorType
from gonghui.orgs.pickers import OrgPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", "全部"), ("1", "是"), ("0", "否")]


class HonoreeFilterForm(CleanTextForm):
    q = forms.CharField(label="查找", required=False, max_length=60)
    honor_type = forms.ModelChoiceField(
        label="荣誉类型", queryset=HonorType.objects.all(), required=False, empty_label="全部"
    )
    level = forms.ChoiceField(
        label="级别", choices=[("", "全部"), *HonorLevel.choices], required=False
    )
    year = forms.IntegerField(label="年度", required=False, min_value=1950, max_value=2100)
    alive = forms.ChoiceField(label="健在", choices=YES_NO, required=False)
    hardship = forms.ChoiceField(label="困难劳模", choices=YES_NO, required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        flag = {"1": True, "0": False}
        return {
            "q": data.get("q") or "",
            "honor_type_id": data["honor_type"].pk if data.get("honor_type") else None,
            "level": data.get("level") or "",
            "year": data.get("year"),
            "alive": flag.get(data.get("alive") or ""),
            "hardship": flag.get(data.get("hardship") or ""),
        }


class ContactForm(WorkbenchForm):
    phone = forms.CharField(label="联系电话", required=False, max_length=20)
    employer = forms.CharField(label="工作单位", required=False, max_length=120)
    post = forms.CharField(label="岗位", required=False, max_length=60)


class DeathForm(WorkbenchForm):
    died_on = forms.DateField(label="去世日期", widget=DATE)


class AllowanceForm(WorkbenchForm):
    kind = forms.ChoiceField(label="类型", choices=AllowanceKind.choices)
    period = forms.CharField(label="期间", max_length=40)
    amount = forms.CharField(label="金额（元）", max_length=20)
    fund_source = forms.ChoiceField(label="资金来源", choices=FundSource.choices)
    paid_on = forms.DateField(label="发放日期", widget=DATE)
    note = forms.CharField(label="备注", required=False, max_length=200)


class CareForm(WorkbenchForm):
    kind = forms.ChoiceField(label="类型", choices=CareKind.choices)
    on = forms.DateField(label="日期", widget=DATE)
    content = forms.CharField(label="内容", max_length=200)
    team = forms.CharField(label="宣讲团/参加人员", required=False, max_length=200)
    sessions = forms.IntegerField(label="场次", required=False, min_value=0, initial=0)
    audience = forms.IntegerField(label="听众人次", required=False, min_value=0, initial=0)


class BatchForm(WorkbenchForm):
    key = forms.CharField(
        label="批次代码",
        max_length=60,
        help_text="同一代码重复生成只补发未发放的人，如 2026-spring-lz",
    )
    title = forms.CharField(label="批次名称", max_length=80)
    org = OrgPickerField(label="发放范围（工会及下级）", purpose="org_in_scope")
    level = forms.ChoiceField(
        label="荣誉级别", choices=[("", "全部"), *HonorLevel.choices], required=False
    )
    honor_type = forms.ModelChoiceField(
        label="荣誉类型", queryset=HonorType.objects.all(), required=False
    )
    kind = forms.ChoiceField(label="类型", choices=AllowanceKind.choices)
    period = forms.CharField(label="期间", max_length=40)
    amount = forms.CharField(label="每人金额（元）", max_length=20)
    fund_source = forms.ChoiceField(label="资金来源", choices=FundSource.choices)
    paid_on = forms.DateField(label="发放日期", widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)
        self.fields["honor_type"].empty_label = "全部"


class AllowanceFilterForm(CleanTextForm):
    kind = forms.ChoiceField(
        label="类型", choices=[("", "全部"), *AllowanceKind.choices], required=False
    )
    year = forms.IntegerField(label="年度", required=False, min_value=1950, max_value=2100)
    batch = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ImportForm(WorkbenchForm):
    file = forms.FileField(label="Excel 文件")


class RevokeForm(WorkbenchForm):
    """One per honor row of the honoree page: its ids carry the honor's id (unique on the page),
    the field names stay the same."""

    def __init__(self, *args, honor_id: int, **kwargs):
        super().__init__(*args, auto_id=f"id_revoke{honor_id}_%s", **kwargs)

    decision_no = forms.CharField(
        label="撤销文号", max_length=60, help_text="如：甘总工发〔2026〕30号"
    )
    reason = forms.CharField(
        label="撤销理由", max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecuperationForm(WorkbenchForm):
    """The batches are few (a province's year): a select is fine."""

    batch = forms.ModelChoiceField(label="疗休养批次", queryset=None, empty_label="请选择")

    def __init__(self, *args, batches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches
        self.fields["batch"].label_from_instance = lambda b: (
            f"{b.name}（{b.start_on:%Y-%m-%d} 出发，{b.plan.org.name}）"
        )
