from django import forms

from gonghui.competitions.training.online.video import MB, VIDEO_MAX_BYTES, VIDEO_MAX_SECONDS
from gonghui.core.forms import WorkbenchForm


class CourseFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=80)
    published = forms.ChoiceField(
        label="上架状态",
        required=False,
        choices=[("", "全部"), ("1", "已上架"), ("0", "未上架")],
    )


class VideoForm(WorkbenchForm):
    video = forms.FileField(
        label="课程视频",
        help_text=f"MP4 或 WebM，不超过 {VIDEO_MAX_BYTES // MB} MB。",
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    seconds = forms.IntegerField(
        label="视频时长（秒）",
        required=False,
        min_value=1,
        max_value=VIDEO_MAX_SECONDS,
        help_text="MP4 视频的时长由系统读取；WebM 视频请填写。",
    )
