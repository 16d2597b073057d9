from django import forms

from gonghui.competitions.contests.rules import LEVEL_LABELS
from gonghui.competitions.models import (
    Competition,
    ContestClass,
    ContestDocument,
    ContestKind,
    ContestLevel,
    ContestStatus,
    Prize,
    Title,
)
from gonghui.core.forms import WorkbenchForm
from gonghui.members.codes import TECH_LEVEL_CHOICES
from gonghui.members.pickers import MemberPickerField
from gonghui.members.teams.pickers import TeamPickerField
from gonghui.orgs.pickers import OrgPickerField

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContestForm(WorkbenchForm):
    """Parses the contest form; `contests.services` checks the values."""

    name = forms.CharField(label="竞赛名称", max_length=120)
    kind = forms.ChoiceField(label="竞赛类型", choices=[("", "请选择"), *ContestKind.choices])
    contest_class = forms.ChoiceField(
        label="竞赛类别", choices=[("", "请选择"), *ContestClass.choices]
    )
    level_label = forms.ChoiceField(
        label="级别标注",
        required=False,
        choices=[("", "无（按主办工会层级）"), *[(x, x) for x in LEVEL_LABELS]],
        help_text="级别由主办工会决定，不能高于主办工会；企业工会可标注集团级、项目级等。",
    )
    co_organisers = forms.CharField(label="协办单位", max_length=300, required=False)
    industry_chain = forms.CharField(label="产业链/重点工程", max_length=120, required=False)
    trades = forms.CharField(
        label="竞赛工种",
        required=False,
        help_text="多个工种用顿号或逗号分隔，如「焊工、电工、钳工」；留空为不分工种。",
    )
    starts_on = forms.DateField(label="开始日期", widget=_DATE)
    ends_on = forms.DateField(label="结束日期", widget=_DATE)
    entry_deadline = forms.DateField(label="报名截止日期", required=False, widget=_DATE)
    results_due = forms.DateField(label="成绩录入截止日期", required=False, widget=_DATE)
    rules = forms.CharField(
        label="竞赛方案", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    prizes = forms.CharField(
        label="奖励办法", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ContestCreateForm(ContestForm):
    host = OrgPickerField(label="主办工会", purpose="contest_host")
    parent = forms.ModelChoiceField(
        label="上级竞赛",
        required=False,
        queryset=Competition.objects.none(),
        help_text="本竞赛是上级竞赛的分赛或选拔赛时选择（分级联动）。",
    )

    field_order = ["name", "host", "parent"]

    def __init__(self, *args, user, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].for_user(user)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda c: f"{c.name}（{c.host.name}）"


class ContestFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *ContestStatus.choices]
    )
    kind = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部类型"), *ContestKind.choices]
    )
    level = forms.ChoiceField(
        label="级别", required=False, choices=[("", "全部级别"), *ContestLevel.choices]
    )
    contest_class = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部类别"), *ContestClass.choices]
    )


class TransitionForm(WorkbenchForm):
    status = forms.ChoiceField(label="状态", choices=ContestStatus.choices)


def _trade_choice(form: WorkbenchForm, contest, *, required: bool = True) -> None:
    """When the contest runs trades, the trade is one of them (a unit may leave it blank)."""
    if contest.trades:
        blank = "请选择" if required else "不分工种（整体参赛）"
        form.fields["trade"] = forms.ChoiceField(
            label="工种",
            required=required,
            choices=[("", blank), *[(t, t) for t in contest.trades]],
        )


class MemberEntryForm(WorkbenchForm):
    member = MemberPickerField(label="参赛职工", purpose="contest_entrant")
    trade = forms.CharField(label="工种", max_length=60, required=False)

    def __init__(self, *args, user, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].for_user(user, contest=contest.pk)
        _trade_choice(self, contest)


class UnitEntryForm(WorkbenchForm):
    unit = OrgPickerField(label="参赛单位", purpose="contest_unit")
    trade = forms.CharField(label="工种", max_length=60, required=False)

    def __init__(self, *args, user, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].for_user(user, contest=contest.pk)
        _trade_choice(self, contest, required=False)
        if not contest.trades:
            del self.fields["trade"]


class TeamEntryForm(WorkbenchForm):
    team = TeamPickerField(label="参赛班组", purpose="contest_team")
    trade = forms.CharField(label="工种", max_length=60, required=False)

    def __init__(self, *args, user, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].for_user(user, contest=contest.pk)
        _trade_choice(self, contest)


class ResultForm(WorkbenchForm):
    score = forms.DecimalField(label="成绩", required=False, max_digits=7, decimal_places=2)
    rank = forms.IntegerField(label="名次", required=False, min_value=1)
    prize = forms.ChoiceField(label="奖项", required=False, choices=[("", "无"), *Prize.choices])
    title = forms.ChoiceField(
        label="授予称号", required=False, choices=[("", "无"), *Title.choices]
    )
    promoted_to = forms.ChoiceField(
        label="晋升技术等级", required=False, choices=[("", "不晋升"), *TECH_LEVEL_CHOICES]
    )


class DocumentForm(WorkbenchForm):
    kind = forms.ChoiceField(label="文件类别", choices=ContestDocument.Kind.choices)
    file = forms.FileField(label="文件", help_text="PDF 或图片，不超过 5 MB。")
