from django import forms

from gonghui.core.forms import WorkbenchForm
from gonghui.members.pickers import MemberPickerField
from gonghui.recuperation.models import BaseLevel, Category, ParticipantStatus, Resort

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ResortForm(WorkbenchForm):
    name = forms.CharField(label="名称", max_length=80)
    place = forms.CharField(label="地点", max_length=120)
    level = forms.ChoiceField(label="级别", choices=BaseLevel.choices)
    plaque = forms.BooleanField(label="已挂牌", required=False)


class PlanForm(WorkbenchForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=100, help_text="例如：劳模工匠疗休养")


class BatchForm(WorkbenchForm):
    name = forms.CharField(label="批次名称", max_length=100)
    resort = forms.ModelChoiceField(label="基地", queryset=Resort.objects.none())
    route = forms.CharField(label="线路", max_length=200, required=False)
    start_on = forms.DateField(label="出发日期", widget=DATE_WIDGET)
    end_on = forms.DateField(label="返回日期", widget=DATE_WIDGET)
    places = forms.IntegerField(label="总名额", min_value=1, max_value=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resort"].queryset = Resort.objects.filter(active=True).order_by(
            "level", "name"
        )


class QuotaForm(WorkbenchForm):
    """One number per union directly below the organiser (0 or empty: no places)."""

    def __init__(self, *args, orgs, initial_places: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.orgs = list(orgs)
        for org in self.orgs:
            self.fields[f"org_{org.pk}"] = forms.IntegerField(
                label=org.name,
                min_value=0,
                max_value=2000,
                required=False,
                initial=initial_places.get(org.pk, 0),
            )

    def quotas(self) -> dict:
        return {org: self.cleaned_data.get(f"org_{org.pk}") or 0 for org in self.orgs}


class MemberParticipantForm(WorkbenchForm):
    member = MemberPickerField(label="会员", purpose="recuperation_participant")
    category = forms.ChoiceField(label="类别", choices=Category.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_user(user)


class PersonParticipantForm(WorkbenchForm):
    """A person who is not in the member registry (an honoree from before the system)."""

    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(label="身份证号", max_length=24)
    category = forms.ChoiceField(label="类别", choices=Category.choices)


class ParticipantFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *ParticipantStatus.choices]
    )


class CancelForm(WorkbenchForm):
    reason = forms.CharField(label="取消原因", max_length=100, required=False)
