"""Forms of the honors' workbench pages; the services check the values."""

from django import forms

from gonghui.core.forms import WorkbenchForm
from gonghui.honors.models import FormLayout, HonorLevel, HonorSubject, HonorType, Step
from gonghui.members.models import Team
from gonghui.members.pickers import MemberPickerField
from gonghui.orgs.pickers import OrgPickerField

_DATE = {"type": "date"}


class HonorTypeForm(WorkbenchForm):
    code = forms.SlugField(
        label="代码", max_length=40, help_text="英文字母、数字和连字符，如 gansu-may1-medal。"
    )
    title = forms.CharField(label="称号", max_length=60)
    level = forms.ChoiceField(label="级别", choices=[("", "请选择"), *HonorLevel.choices])
    conferrer = OrgPickerField(label="授予单位", purpose="honor_conferrer")
    conferring_body = forms.CharField(label="授予机关", max_length=60, required=False)
    subject = forms.ChoiceField(label="对象", choices=[("", "请选择"), *HonorSubject.choices])
    cycle_years = forms.IntegerField(label="评选周期（年）", min_value=1, max_value=10, initial=1)
    regulation = forms.CharField(
        label="评选办法", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    regulation_version = forms.CharField(label="办法版本", max_length=40, required=False)
    materials = forms.CharField(
        label="所需材料（每行一项）", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    materials_enforced = forms.BooleanField(
        label="上报前须上传所需材料",
        required=False,
        help_text="勾选后，推荐须为每项所需材料上传附件才能上报。",
    )
    form_layout = forms.ChoiceField(
        label="推荐审批表样式",
        choices=FormLayout.choices,
        initial=FormLayout.MEDAL,
        required=False,
        help_text="决定推荐审批表的标题、栏目和各级意见栏。",
    )
    active = forms.BooleanField(label="在用", required=False, initial=True)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conferrer"].for_user(user)
        if editing:
            del self.fields["code"]

    def clean_form_layout(self) -> str:
        return self.cleaned_data.get("form_layout") or FormLayout.MEDAL


class RoundForm(WorkbenchForm):
    title = forms.CharField(label="批次名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    ratio = forms.DecimalField(
        label="差额比例",
        min_value=1,
        max_value=2,
        decimal_places=2,
        initial=1,
        help_text="下级可按名额的该倍数推荐，如 1.2；最终名单以名额为准。",
    )
    front_line_pct = forms.IntegerField(
        label="一线职工占比不低于（%）", required=False, min_value=0, max_value=100
    )
    women_pct = forms.IntegerField(
        label="女性占比不低于（%）", required=False, min_value=0, max_value=100
    )
    new_form_min = forms.IntegerField(
        label="新就业形态劳动者不少于（名）", required=False, min_value=0
    )
    migrant_min = forms.IntegerField(label="农民工不少于（名）", required=False, min_value=0)
    skilled_min = forms.IntegerField(label="高技能人才不少于（名）", required=False, min_value=0)
    publicity_days = forms.IntegerField(label="公示工作日数", min_value=1, max_value=30, initial=5)
    recommend_upward = forms.BooleanField(
        label="向上级推荐（结束时导出推荐名单和推荐审批表）", required=False
    )
    base_vote = forms.BooleanField(
        label="基层工会须组织职工投票（赞成票过半数方可上报）", required=False
    )
    consult = forms.BooleanField(label="公示前征求有关部门意见（征求意见）", required=False)
    committee = forms.BooleanField(label="公示前经评审委员会评审", required=False)

    def __init__(self, *args, types: list[HonorType], **kwargs):
        super().__init__(*args, **kwargs)
        self.types = types
        for ht in types:
            self.fields[f"quota_{ht.pk}"] = forms.IntegerField(
                label=f"「{ht.title}」名额",
                required=False,
                min_value=1,
                help_text="留空为不评选该荣誉。",
            )
        for step in Step:
            self.fields[f"due_{step.value}"] = forms.DateField(
                label=f"{step.label}截止日期", required=False, widget=forms.DateInput(attrs=_DATE)
            )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        quotas = {ht: data.pop(f"quota_{ht.pk}") for ht in self.types}
        deadlines = {s.value: data.pop(f"due_{s.value}") for s in Step}
        return {
            **data,
            "quotas": {ht: n for ht, n in quotas.items() if n},
            "deadlines": {s: d for s, d in deadlines.items() if d},
        }


class QuotaForm(WorkbenchForm):
    honor_type = forms.ModelChoiceField(label="荣誉", queryset=HonorType.objects.none())
    org = OrgPickerField(label="下级工会", purpose="honor_quota_to")
    places = forms.IntegerField(label="名额", min_value=0)

    def __init__(self, *args, user, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["honor_type"].queryset = round.honor_types.all()
        self.fields["org"].for_user(user)


class NominationForm(WorkbenchForm):
    honor_type = forms.ModelChoiceField(label="荣誉", queryset=HonorType.objects.none())
    member = MemberPickerField(
        label="被推荐人（个人）",
        purpose="honor_nominee",
        required=False,
        help_text="从会员库中选择在会会员；姓名、性别、工作单位取自会员信息。",
    )
    nominee_org = OrgPickerField(
        label="被推荐单位（集体）", purpose="honor_collective", required=False
    )
    team = forms.ModelChoiceField(
        label="被推荐班组（班组·车间·项目部）", queryset=Team.objects.none(), required=False
    )
    post = forms.CharField(label="岗位", max_length=60, required=False)
    front_line = forms.BooleanField(label="一线职工", required=False)
    new_form = forms.BooleanField(label="新就业形态劳动者", required=False)
    migrant = forms.BooleanField(label="农民工", required=False)
    skill_grade = forms.CharField(label="技能等级", max_length=20, required=False)
    skilled = forms.BooleanField(label="高技能人才", required=False)
    innovations = forms.CharField(
        label="创新成果", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deeds = forms.CharField(label="主要事迹", widget=forms.Textarea(attrs={"rows": 6}))
    prior_honors = forms.CharField(
        label="曾获荣誉", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    headcount = forms.IntegerField(label="职工人数（集体）", required=False, min_value=0)
    votes_for = forms.IntegerField(label="职工投票：赞成票", required=False, min_value=0)
    votes_total = forms.IntegerField(label="职工投票：参加人数", required=False, min_value=0)

    def __init__(self, *args, user, round, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["honor_type"].queryset = round.honor_types.all()
        self.fields["member"].for_user(user)
        self.fields["nominee_org"].for_user(user)
        self.fields["team"].queryset = teams
        if round.base_vote:  # the vote is its own step on the nomination page
            del self.fields["votes_for"]
            del self.fields["votes_total"]


class ResubmitForm(NominationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("honor_type", "member", "nominee_org", "team"):
            del self.fields[name]


class ReasonForm(WorkbenchForm):
    reason = forms.CharField(label="理由", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


_AGREE = [("", "请选择"), ("1", "同意"), ("0", "不同意")]


class OpinionForm(WorkbenchForm):
    department = forms.CharField(
        label="部门", max_length=40, help_text="如 纪检、信访、安监、公安、环保、税务"
    )
    agree = forms.TypedChoiceField(label="意见", choices=_AGREE, coerce=lambda v: v == "1")
    remark = forms.CharField(label="说明（不同意时必填）", max_length=200, required=False)


class CommitteeForm(WorkbenchForm):
    score = forms.DecimalField(
        label="评分（0至100）", required=False, min_value=0, max_value=100, decimal_places=1
    )
    votes_for = forms.IntegerField(label="赞成票", required=False, min_value=0)
    votes_against = forms.IntegerField(label="反对票", required=False, min_value=0)
    votes_abstain = forms.IntegerField(label="弃权票", required=False, min_value=0)
    passed = forms.TypedChoiceField(
        label="评审结论",
        choices=[("", "请选择"), ("1", "通过"), ("0", "不通过")],
        coerce=lambda v: v == "1",
    )
    remark = forms.CharField(label="评审意见", max_length=200, required=False)


class VoteForm(WorkbenchForm):
    vote_date = forms.DateField(label="投票日期", widget=forms.DateInput(attrs=_DATE))
    expected = forms.IntegerField(label="应到人数", min_value=0)
    present = forms.IntegerField(label="实到人数", min_value=0)
    votes_for = forms.IntegerField(label="赞成票", min_value=0)
    votes_against = forms.IntegerField(label="反对票", min_value=0)
    votes_abstain = forms.IntegerField(label="弃权票", min_value=0)


class AttachmentForm(WorkbenchForm):
    file = forms.FileField(
        label="材料文件", help_text="PDF、JPG、PNG 或 Word（.docx），不超过10MB。"
    )
    material = forms.ChoiceField(label="材料项", required=False)

    def __init__(self, *args, honor_type: HonorType, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].choices = [
            ("", "其他材料"),
            *((m, m) for m in honor_type.material_list),
        ]

    def service_kwargs(self) -> dict:
        return {
            "uploaded_file": self.cleaned_data["file"],
            "material": self.cleaned_data["material"],
        }


class PublicityForm(WorkbenchForm):
    days = forms.IntegerField(label="公示工作日数", min_value=1, max_value=30)


class DecisionForm(WorkbenchForm):
    decision_no = forms.CharField(
        label="表彰决定文号", max_length=60, help_text="如 甘总工发〔2026〕18号"
    )
    decided_on = forms.DateField(label="决定日期", widget=forms.DateInput(attrs=_DATE))


class ResolveForm(WorkbenchForm):
    upheld = forms.TypedChoiceField(
        label="核查结果",
        choices=[("", "请选择"), ("1", "反映属实（撤销该候选人）"), ("0", "反映不实")],
        coerce=lambda v: v == "1",
    )
    finding = forms.CharField(
        label="核查结论", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class FilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    status = forms.CharField(required=False, max_length=12)
