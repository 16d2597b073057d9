from django import forms

from gonghui.core.forms import WorkbenchForm
from gonghui.members.models import Team, TeamKind
from gonghui.members.pickers import MemberPickerField
from gonghui.orgs.pickers import OrgPickerField


class TeamCreateForm(WorkbenchForm):
    """新建班组. The service checks the values; the leader is chosen on the edit page, among the
    union's members."""

    org = OrgPickerField(label="所属工会", purpose="member_holding")
    name = forms.CharField(label="名称", max_length=50)
    kind = forms.ChoiceField(label="类型", choices=TeamKind.choices, initial=TeamKind.TEAM)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)


class TeamEditForm(WorkbenchForm):
    name = forms.CharField(label="名称", max_length=50)
    kind = forms.ChoiceField(label="类型", choices=TeamKind.choices)
    leader = MemberPickerField(label="班组长", purpose="team_leader", required=False)

    def __init__(self, *args, user, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].for_user(user, org_id=team.org_id)


class TeamMemberAddForm(WorkbenchForm):
    member = MemberPickerField(label="会员", purpose="team_member")
    role = forms.CharField(label="岗位", max_length=40, required=False)

    def __init__(self, *args, user, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_user(user, team_id=team.pk)


class TeamFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)
    active = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), ("1", "在用"), ("0", "已停用")],
    )
