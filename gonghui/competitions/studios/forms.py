from django import forms

from gonghui.competitions.models.studios import (
    PlaqueStatus,
    ReviewResult,
    StudioKind,
    StudioLevel,
    StudioStatus,
)
from gonghui.core.forms import WorkbenchForm
from gonghui.members.pickers import MemberPickerField
from gonghui.orgs.pickers import OrgPickerField

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BatchForm(WorkbenchForm):
    name = forms.CharField(label="批次名称", max_length=80)
    level = forms.ChoiceField(label="命名级别", choices=StudioLevel.choices)
    year = forms.IntegerField(label="年度")
    deadline = forms.DateField(label="申报截止日期", widget=_DATE)
    notice = forms.CharField(
        label="通知内容", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class StudioForm(WorkbenchForm):
    name = forms.CharField(label="工作室名称", max_length=80)
    kind = forms.ChoiceField(label="类型", choices=StudioKind.choices)
    org = OrgPickerField(label="依托单位", purpose="studio_host")
    lead = MemberPickerField(label="领衔人", purpose="studio_lead")
    alliance = forms.CharField(label="所属联盟", required=False, max_length=80)
    intro = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)
        self.fields["lead"].for_user(user)


class NamedStudioForm(WorkbenchForm):
    """What changes on a named studio."""

    plaque = forms.ChoiceField(label="挂牌状态", choices=PlaqueStatus.choices)
    alliance = forms.CharField(label="所属联盟", required=False, max_length=80)
    intro = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(WorkbenchForm):
    reason = forms.CharField(label="理由", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class OpinionForm(WorkbenchForm):
    opinion = forms.CharField(label="推荐意见", required=False, max_length=200)


class ReportForm(WorkbenchForm):
    year = forms.IntegerField(label="年度")
    projects = forms.IntegerField(label="创新项目数", min_value=0, initial=0)
    patents = forms.IntegerField(label="专利数", min_value=0, initial=0)
    methods = forms.IntegerField(label="先进操作法数", min_value=0, initial=0)
    benefit = forms.DecimalField(label="经济效益（万元）", min_value=0, decimal_places=2, initial=0)
    trained = forms.IntegerField(label="培养人才（人）", min_value=0, initial=0)
    funds_received = forms.DecimalField(
        label="获得经费（万元）", min_value=0, decimal_places=2, initial=0
    )
    funds_matched = forms.DecimalField(
        label="带动投入（万元）", min_value=0, decimal_places=2, initial=0
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewOpenForm(WorkbenchForm):
    deadline = forms.DateField(label="回头看截止日期", widget=_DATE)


class ReviewDecideForm(WorkbenchForm):
    result = forms.ChoiceField(label="复查结论", choices=ReviewResult.choices)
    reason = forms.CharField(label="理由", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class StudioFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *StudioStatus.choices]
    )
    level = forms.ChoiceField(
        label="级别", required=False, choices=[("", "全部级别"), *StudioLevel.choices]
    )
