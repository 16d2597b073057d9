"""The forms of the 工作人员账号 pages (gonghui/orgs/staff_views.py)."""

from django import forms

from gonghui.accounts.forms import PASSWORD_RULES
from gonghui.accounts.models import User
from gonghui.core.forms import CleanTextForm, WorkbenchForm
from gonghui.core.permissions import STANDARD_ROLES
from gonghui.orgs.pickers import OrgPickerField
from gonghui.orgs.staff_selectors import STATE_CHOICES

PASSWORDS_DIFFER = "两次输入的密码不一致，请重新输入。"
ROLE_CHOICES = [(role, role) for role in STANDARD_ROLES]


class StaffFilterForm(CleanTextForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    org = OrgPickerField(label="所属工会（含下级）", purpose="staff_org", required=False)
    role = forms.ChoiceField(
        label="角色", required=False, choices=[("", "全部角色"), *ROLE_CHOICES]
    )
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *STATE_CHOICES])

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)
        self.fields["org"].widget.placeholder = "全部工会（输入名称查找）"


class _OrgAndRoles(WorkbenchForm):
    full_name = forms.CharField(label="姓名", max_length=40)
    org = OrgPickerField(
        label="所属工会",
        purpose="staff_org",
        error_messages={
            "required": "请先查找并选择账号所属的工会。",
            "invalid_choice": "所选工会不在您的管理范围内或已撤销，请重新选择。",
        },
    )
    roles = forms.MultipleChoiceField(
        label="角色",
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个角色。"},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)


class StaffCreateForm(_OrgAndRoles):
    username = forms.CharField(
        label="账号", max_length=150, help_text="登录用的账号，字母、数字或 @.+-_，创建后不能修改。"
    )
    password = forms.CharField(
        label="初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_RULES,
    )
    password2 = forms.CharField(
        label="再输入一次初始密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "full_name", "org", "roles", "password", "password2"]

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", PASSWORDS_DIFFER)
        data.pop("password2", None)
        return data


class StaffEditForm(_OrgAndRoles):
    pass


class PasswordResetForm(WorkbenchForm):
    password = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_RULES,
    )
    password2 = forms.CharField(
        label="再输入一次新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", PASSWORDS_DIFFER)
        data.pop("password2", None)
        return data
