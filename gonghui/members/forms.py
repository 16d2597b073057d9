from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone

from gonghui.core.forms import WorkbenchForm
from gonghui.members.codes import Category, ChangeReason, MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.pickers import OrgPickerField

# What member_update may change, in the order the form shows it.
RECORD_FIELDS = [
    "name",
    "category",
    "member_type",
    "ethnicity",
    "education",
    "political_status",
    "employment_status",
    "household_type",
    "employer",
    "job",
    "employee_no",
    "title",
    "tech_level",
    "work_start_year",
    "email",
    "native_place",
]
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


# The record's own fields, built from the model (labels, code lists) as a plain Form: a ModelForm
# would write into the member before members.services.member_update could compare and audit.
_RecordForm = type(
    "_RecordForm",
    (WorkbenchForm,),
    {
        "__module__": __name__,
        "name": forms.CharField(label="姓名", max_length=40),
        "id_number": forms.CharField(label="身份证号", max_length=24),
        "phone": forms.CharField(label="手机号", max_length=20),
        **fields_for_model(Member, fields=RECORD_FIELDS[1:]),
        "field_order": ["name", "id_number", "phone", "org", "joined_on"],
    },
)


class MemberCreateForm(_RecordForm):
    """入会登记. Values are checked by members.services.member_create; the form only parses."""

    org = OrgPickerField(label="所属工会", purpose="member_holding")
    joined_on = forms.DateField(label="入会日期", widget=DATE_WIDGET)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)
        self.fields["joined_on"].initial = timezone.localdate


class MemberEditForm(_RecordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("id_number", "phone"):
            self.fields[name].required = False
            self.fields[name].help_text = "留空表示不修改。"


class MemberFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    category = forms.ChoiceField(
        label="职工类别",
        required=False,
        choices=[("", "全部类别"), ("new_forms", "新就业形态（全部）"), *Category.choices],
    )
    status = forms.ChoiceField(
        label="会籍状态", required=False, choices=[("", "全部状态"), *MemberStatus.choices]
    )
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TransferRequestForm(WorkbenchForm):
    """转出方申请 from the member's page: any union of the province that holds members."""

    to_org = OrgPickerField(
        label="转入工会",
        purpose="transfer_target",
        error_messages={
            "required": "请先查找并选择转入工会。",
            "invalid_choice": "所选工会不存在或已撤销，请重新选择。",
        },
    )
    reason = forms.ChoiceField(
        label="转会原因",
        choices=[
            (c.value, c.label)
            for c in (
                ChangeReason.RELATION_CHANGED,
                ChangeReason.LAID_OFF,
                ChangeReason.UNEMPLOYED,
                ChangeReason.BANKRUPT,
            )
        ],
        initial=ChangeReason.RELATION_CHANGED,
    )
    note = forms.CharField(
        label="说明", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member is not None:
            self.fields["to_org"].for_user(user, exclude=member.org_id)


class TransferInForm(TransferRequestForm):
    """转入方申请: the receiving union asks for a member of another union."""

    name = forms.CharField(label="姓名", max_length=40)
    id_number = forms.CharField(label="身份证号", max_length=24)
    to_org = OrgPickerField(
        label="转入工会",
        purpose="member_holding",
        error_messages={
            "required": "请选择转入工会。",
            "invalid_choice": "所选工会不存在或已撤销，请重新选择。",
        },
    )
    field_order = ["name", "id_number", "to_org", "reason", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["to_org"].for_user(user)


class StatusChangeForm(WorkbenchForm):
    """保留会籍 / 退会: the date and the reason of the change."""

    on = forms.DateField(label="会籍变化日期", widget=DATE_WIDGET, initial=timezone.localdate)
    reason = forms.ChoiceField(label="会籍变化原因", choices=ChangeReason.choices)
    note = forms.CharField(
        label="说明", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TransferDecisionForm(WorkbenchForm):
    note = forms.CharField(label="审批意见", max_length=200, required=False)
