from decimal import Decimal

from django import forms

from gonghui.competitions.models.training import (
    AcademyLevel,
    AcademyStatus,
    ClassStatus,
    CourseMode,
)
from gonghui.core.forms import WorkbenchForm
from gonghui.members.pickers import MemberPickerField
from gonghui.orgs.pickers import OrgPickerField

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AcademyForm(WorkbenchForm):
    name = forms.CharField(label="学院名称", max_length=80)
    level = forms.ChoiceField(label="级别", choices=AcademyLevel.choices)
    org = OrgPickerField(label="依托单位", purpose="training_host")
    batch = forms.CharField(label="命名批次", required=False, max_length=40)
    named_on = forms.DateField(label="命名日期", widget=_DATE)
    intro = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)


class ReasonForm(WorkbenchForm):
    reason = forms.CharField(label="理由", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class CourseEditForm(WorkbenchForm):
    title = forms.CharField(label="课程名称", max_length=80)
    trade = forms.CharField(label="工种", required=False, max_length=40)
    hours = forms.DecimalField(
        label="学时", min_value=Decimal("0.5"), max_value=999, decimal_places=1
    )
    intro = forms.CharField(
        label="课程简介", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CourseForm(CourseEditForm):
    mode = forms.ChoiceField(label="形式", choices=CourseMode.choices)
    field_order = ["title", "mode"]


class ClassEditForm(WorkbenchForm):
    name = forms.CharField(label="班次名称", max_length=80)
    starts_on = forms.DateField(label="开班日期", widget=_DATE)
    ends_on = forms.DateField(label="结业日期", widget=_DATE)
    enrol_deadline = forms.DateField(label="报名截止日期", widget=_DATE)
    capacity = forms.IntegerField(label="名额", min_value=1, max_value=1000)
    location = forms.CharField(label="地点", required=False, max_length=120)
    pass_percent = forms.IntegerField(
        label="结业出勤比例（%）", min_value=1, max_value=100, initial=80
    )


class ClassForm(ClassEditForm):
    org = OrgPickerField(label="举办工会", purpose="training_host")
    field_order = ["name", "org"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)


class EnrolForm(WorkbenchForm):
    member = MemberPickerField(label="学员", purpose="training_trainee")

    def __init__(self, *args, user, training_class, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_user(user, training_class=training_class.pk)


class SessionForm(WorkbenchForm):
    held_on = forms.DateField(label="日期", widget=_DATE)
    topic = forms.CharField(label="内容", required=False, max_length=80)
    hours = forms.DecimalField(
        label="学时", min_value=Decimal("0.5"), max_value=12, decimal_places=1
    )


class AttendanceForm(WorkbenchForm):
    present = forms.TypedMultipleChoiceField(
        label="出勤学员", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, trainees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(e.pk, e.member.name) for e in trainees]


class AcademyFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    level = forms.ChoiceField(
        label="级别", required=False, choices=[("", "全部级别"), *AcademyLevel.choices]
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *AcademyStatus.choices]
    )


class ClassFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *ClassStatus.choices]
    )
