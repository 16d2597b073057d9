from django import forms

from gonghui.competitions.models.quiz import OPTION_LETTERS, QuestionKind, QuizStatus
from gonghui.core.forms import WorkbenchForm

_DATETIME = {"type": "datetime-local"}


def _when(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=forms.DateTimeInput(attrs=_DATETIME, format="%Y-%m-%dT%H:%M")
    )


class QuizForm(WorkbenchForm):
    """Parses the quiz form; `bank.quiz_create`/`quiz_update` check the values."""

    title = forms.CharField(label="名称", max_length=80)
    description = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_at = _when("开始时间")
    closes_at = _when("结束时间")
    duration_minutes = forms.IntegerField(label="答题时长（分钟）", initial=20)
    attempts_allowed = forms.IntegerField(label="可答次数", initial=1)
    draw_count = forms.IntegerField(
        label="每次抽题数", initial=0, help_text="从题库随机抽取的题数，0 为全部题目。"
    )
    certificate_top = forms.IntegerField(
        label="前几名发证书", initial=10, help_text="按得分和用时排名，前几名可打印证书。"
    )
    pass_score = forms.IntegerField(
        label="及格分", required=False, help_text="得分达到此分数为及格；不设及格分请留空。"
    )


class QuestionForm(WorkbenchForm):
    kind = forms.ChoiceField(label="题型", choices=QuestionKind.choices)
    text = forms.CharField(label="题目", widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(
        label="答案",
        max_length=12,
        help_text="选项字母，多选题如 ACD；判断题填「正确」或「错误」。",
    )
    score = forms.IntegerField(label="分值", initial=1)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for letter in OPTION_LETTERS[:6]:
            self.fields[f"option_{letter}"] = forms.CharField(
                label=f"选项{letter}", required=False, max_length=200
            )

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["options"] = [data.pop(f"option_{letter}", "") for letter in OPTION_LETTERS[:6]]
        return data


class QuizFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *QuizStatus.choices]
    )


class QuestionImportForm(WorkbenchForm):
    file = forms.FileField(
        label="题库文件（.xlsx 或 .csv）",
        help_text="列：题型、题目、选项A—选项H、答案、分值。整表有一行有误则全部不导入。",
    )
