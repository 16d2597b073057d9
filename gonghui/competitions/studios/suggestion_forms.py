from django import forms

from gonghui.competitions.models.studios import SuggestionKind, SuggestionStatus
from gonghui.core.forms import WorkbenchForm
from gonghui.members.models import Team
from gonghui.members.pickers import MemberPickerField
from gonghui.orgs.pickers import OrgPickerField
from gonghui.orgs.selectors import org_scope_path


class SuggestionForm(WorkbenchForm):
    kind = forms.ChoiceField(label="类别", choices=SuggestionKind.choices)
    title = forms.CharField(label="名称", max_length=80)
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 5}))
    org = OrgPickerField(label="所在工会", purpose="studio_host")
    member = MemberPickerField(label="提报人", purpose="studio_lead", required=False)
    team = forms.ModelChoiceField(
        label="或提报班组",
        queryset=Team.objects.none(),
        required=False,
        help_text="职工个人提报选提报人，班组集体提报选班组。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)
        self.fields["member"].for_user(user)
        self.fields["team"].queryset = Team.objects.filter(
            org__path__startswith=org_scope_path(user), active=True
        ).order_by("org__path", "name")


class SuggestionReviewForm(WorkbenchForm):
    adopt = forms.TypedChoiceField(
        label="评审结论",
        choices=[("1", "采纳"), ("0", "不采纳")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    benefit = forms.DecimalField(
        label="经济效益（万元）", min_value=0, decimal_places=2, required=False, initial=0
    )
    note = forms.CharField(
        label="评审意见", required=False, max_length=200, help_text="不采纳时须填写理由。"
    )


class SuggestionFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    kind = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部类别"), *SuggestionKind.choices]
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *SuggestionStatus.choices]
    )
