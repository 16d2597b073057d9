"""Workbench forms of the 12351 hotline. They only parse what was typed; every rule (who may
act, in which state, the values allowed) is checked by hotline.services, whose errors are shown
beside the field they name."""

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.forms import WorkbenchForm
from gonghui.hotline.codes import Category, Channel, Complexity, Kind, Rating, Result, RuleKind
from gonghui.hotline.models import DeadlineRule
from gonghui.hotline.services import ATTACHMENT_KINDS, ATTACHMENT_MAX_PER_CASE, attachment_check
from gonghui.orgs.models import Org, OrgStatus, OrgType
from gonghui.orgs.pickers import OrgPickerField

ACCEPT = ",".join(ATTACHMENT_KINDS)
DATETIME_WIDGET = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
TOO_MANY_FILES = f"一次最多上传 {ATTACHMENT_MAX_PER_CASE} 个附件。"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked like case_attach checks it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > ATTACHMENT_MAX_PER_CASE:
            raise forms.ValidationError(TOO_MANY_FILES)
        errors = []
        for f in files:
            super().clean(f, initial)
            try:
                attachment_check(f)
            except Exception as exc:  # ApplicationError: its message is for the user
                errors.append(getattr(exc, "message", str(exc)))
        if errors:
            raise forms.ValidationError(errors)
        return files


def county_unions(centre: Org) -> QuerySet[Org]:
    """The county unions under the call centre, in tree order: the usual dispatch targets."""
    return dispatch_targets(centre).filter(org_type=OrgType.COUNTY)


def dispatch_targets(centre: Org) -> QuerySet[Org]:
    """Where an agent of the call centre may dispatch a case: any active union under it."""
    return Org.objects.filter(path__startswith=centre.path, status=OrgStatus.ACTIVE).order_by(
        "path"
    )


class VersionedForm(WorkbenchForm):
    """An action on a case: carries the version the page showed (optimistic locking)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class IntakeForm(WorkbenchForm):
    """接听登记."""

    channel = forms.ChoiceField(
        label="来源渠道",
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
        initial=Channel.PHONE,
    )
    received_at = forms.DateTimeField(
        label="受理时间", widget=DATETIME_WIDGET, input_formats=["%Y-%m-%dT%H:%M"]
    )
    caller_name = forms.CharField(label="来电人姓名", max_length=40)
    caller_phone = forms.CharField(label="联系电话", max_length=20)
    id_number = forms.CharField(
        label="身份证号",
        max_length=24,
        required=False,
        help_text="选填；与会员档案一致时自动关联。",
    )
    employer = forms.CharField(label="工作单位", max_length=120, required=False)
    county = OrgPickerField(
        label="单位所在县区",
        purpose="intake_county",
        required=False,
        help_text="选填；输入县区名称或区划代码查找，派单时预选该县区总工会。",
        error_messages={"invalid_choice": "所选县区不存在或已撤销，请重新选择。"},
    )
    kind = forms.ChoiceField(label="诉求类别", choices=[("", ""), *Kind.choices])
    category = forms.ChoiceField(label="问题分类", choices=[("", ""), *Category.choices])
    complexity = forms.ChoiceField(
        label="复杂程度",
        choices=Complexity.choices,
        initial=Complexity.SIMPLE,
    )
    workers_affected = forms.IntegerField(label="涉及人数", min_value=0, initial=1)
    amount_involved = forms.DecimalField(
        label="涉及金额（元）", min_value=0, max_digits=14, decimal_places=2, initial=0
    )
    description = forms.CharField(
        label="诉求内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachments = MultipleFileField(
        label="附件",
        help_text="可多选；PDF、图片、Word、Excel 或录音（MP3/AMR/WAV），每个不超过 10 MB。",
    )

    def __init__(self, *args, user: User, centre: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].for_user(user, centre=centre.pk)
        # The federation's current default rules, not a fixed text.
        self.fields["complexity"].help_text = "；".join(
            f"{rule.get_complexity_display()}：{rule.summary}"
            for rule in DeadlineRule.objects.filter(category="").order_by("complexity")
        )
        self.fields["received_at"].initial = lambda: timezone.localtime().replace(
            second=0, microsecond=0
        )
        for name in ("kind", "category"):
            self.fields[name].choices = [("", "请选择"), *self.fields[name].choices[1:]]


class DispatchForm(VersionedForm):
    to_org = OrgPickerField(
        label="承办工会",
        purpose="case_dispatch",
        help_text="已预选单位所在县区的总工会；也可输入名称查找其他工会。",
        error_messages={
            "required": "请选择承办工会。",
            "invalid_choice": "所选工会不存在或已撤销，请重新选择。",
        },
    )
    # Not required: left out, the case keeps its grade.
    complexity = forms.ChoiceField(
        label="复杂程度（可重新认定，办理时限随之重算）",
        choices=Complexity.choices,
        required=False,
    )
    note = forms.CharField(
        label="派单说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user: User, centre: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].for_user(user, centre=centre.pk)


class TransferForm(VersionedForm):
    to_org = OrgPickerField(
        label="转派给",
        purpose="case_transfer",
        error_messages={"invalid_choice": "只能转派给本工会的下级工会，请重新选择。"},
    )
    note = forms.CharField(
        label="转派说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user: User, holder: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].for_user(user, holder=holder.pk)


def transfer_targets(holder: Org) -> QuerySet[Org]:
    """Where the holding union may transfer a case: its active unions one or two levels down."""
    return (
        Org.objects.filter(path__startswith=holder.path, status=OrgStatus.ACTIVE)
        .exclude(pk=holder.pk)
        .filter(depth__lte=holder.depth + 2)
        .order_by("path")
    )


class AcceptForm(VersionedForm):
    pass


class ReturnForm(VersionedForm):
    reason = forms.CharField(
        label="退单原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(WorkbenchForm):
    note = forms.CharField(label="内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    contact = forms.BooleanField(label="这是与来电人的联系记录", required=False)


class CloseForm(VersionedForm):
    result = forms.ChoiceField(label="办理结果", choices=[("", ""), *Result.choices])
    reason = forms.CharField(
        label="结果说明",
        max_length=500,
        required=False,
        help_text="办理结果不是「解决」时必填。",
    )
    outcome = forms.CharField(
        label="办理情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    money_recovered = forms.DecimalField(
        label="追回金额（元）", min_value=0, max_digits=14, decimal_places=2, initial=0
    )
    workers_benefited = forms.IntegerField(label="受益职工人数", min_value=0, initial=0)
    lawyer = forms.CharField(
        label="参与律师", max_length=60, required=False, help_text="没有律师参与时留空。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", "请选择"), *Result.choices]


class CallbackForm(VersionedForm):
    rating = forms.ChoiceField(label="回访评价", choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="回访意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reopen = forms.BooleanField(label="不满意，退回原承办单位重新办理", required=False)


class SuperviseForm(WorkbenchForm):
    note = forms.CharField(
        label="督办意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachForm(WorkbenchForm):
    attachments = MultipleFileField(
        label="上传附件",
        required=True,
        help_text="PDF、图片、Word、Excel 或录音（MP3/AMR/WAV），每个不超过 10 MB，每个工单最多 10 个。",
    )


class QueueFilterForm(WorkbenchForm):
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(label="状态", required=False)
    due = forms.ChoiceField(
        label="时限",
        required=False,
        choices=[("", "全部"), ("soon", "一个工作日内到期"), ("overdue", "已超期")],
    )

    def __init__(self, *args, **kwargs):
        from gonghui.hotline.codes import CaseStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "全部状态"), *CaseStatus.choices]


class DeadlineRuleForm(WorkbenchForm):
    """办理时限规则: a new rule, or (with `rule`) the parameters of an existing one, whose
    complexity and category stay as they are."""

    complexity = forms.ChoiceField(label="复杂程度", choices=Complexity.choices)
    category = forms.ChoiceField(
        label="问题分类",
        required=False,
        choices=[("", "全部分类（默认规则）"), *Category.choices],
        help_text="选择一个分类即为该分类单独设置的规则，优先于默认规则。",
    )
    kind = forms.ChoiceField(label="计算方式", choices=RuleKind.choices, widget=forms.RadioSelect)
    days = forms.IntegerField(
        label="天数",
        required=False,
        initial=0,
        help_text="按工作日或自然日计算时填1至60；当日办结填0。",
        error_messages={"invalid": "天数应为0至60之间的整数。"},
    )
    cutoff = forms.TimeField(
        label="当日截止受理时间",
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        input_formats=["%H:%M", "%H:%M:%S"],
        help_text="仅用于当日办结：此时间以后受理的，下一工作日办结；不设则只看是否工作日。",
        error_messages={"invalid": "截止受理时间格式不正确，请按 17:30 的格式填写。"},
    )

    def __init__(self, *args, rule=None, **kwargs):
        if rule is not None:
            kwargs.setdefault(
                "initial",
                {
                    "complexity": rule.complexity,
                    "category": rule.category,
                    "kind": rule.kind,
                    "days": rule.days,
                    "cutoff": rule.cutoff,
                },
            )
        super().__init__(*args, **kwargs)
        if rule is not None:
            self.fields["complexity"].disabled = True
            self.fields["category"].disabled = True
