from django import forms

from gonghui.core.forms import CleanTextForm, WorkbenchForm
from gonghui.orgs.pickers import OrgPickerField
from gonghui.sites.models import Facility, Override, SiteType

CRS_CHOICES = [("WGS-84", "WGS-84（GPS、天地图）"), ("GCJ-02", "GCJ-02（高德、腾讯地图）")]


class SiteForm(WorkbenchForm):
    """Parses the site form; `sites.services` checks the values."""

    name = forms.CharField(label="名称", max_length=80)
    site_type = forms.ChoiceField(label="类型", choices=[("", "请选择"), *SiteType.choices])
    org = OrgPickerField(label="所属工会", purpose="org_in_scope")
    county = OrgPickerField(
        label="所在县区",
        purpose="site_county",
        help_text="输入县区名称或区划代码查找，如「城关」或「620102」。",
        error_messages={"invalid_choice": "所选县区不存在或已撤销，请重新选择。"},
    )
    address = forms.CharField(label="地址", max_length=200)
    lng = forms.FloatField(label="经度", help_text="十进制度，如 103.8512")
    lat = forms.FloatField(label="纬度", help_text="十进制度，如 36.0561")
    crs = forms.ChoiceField(label="坐标系", choices=CRS_CHOICES, initial="WGS-84")
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    hours = forms.CharField(
        label="开放时间",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如「周一至周五 08:00-12:00,14:00-18:00；周六 09:00-12:00」或「24小时」；"
        "未写到的日子不开放。",
    )
    facilities = forms.TypedMultipleChoiceField(
        label="服务设施",
        choices=Facility.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="说明", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)
        self.fields["county"].for_user(user)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["facilities"] = sum(data["facilities"])
        return data


class SiteFilterForm(WorkbenchForm):
    q = forms.CharField(label="查找", required=False, max_length=40)
    site_type = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部类型"), *SiteType.choices]
    )
    facility = forms.TypedChoiceField(
        label="设施",
        required=False,
        coerce=int,
        empty_value=0,
        choices=[("", "全部设施"), *Facility.choices],
    )


class OverrideForm(WorkbenchForm):
    override = forms.ChoiceField(label="开放状态", choices=Override.choices)


class PhotoForm(WorkbenchForm):
    photo = forms.FileField(label="照片", help_text="JPEG、PNG 或 WebP，不超过 5 MB。")
    caption = forms.CharField(label="说明", max_length=60, required=False)


class ImportForm(WorkbenchForm):
    file = forms.FileField(label="Excel 文件（.xlsx）")
    crs = forms.ChoiceField(
        label="坐标系（表中「坐标系」列留空时）", choices=CRS_CHOICES, initial="WGS-84"
    )


class RatingForm(CleanTextForm):
    score = forms.TypedChoiceField(
        label="评分",
        choices=[(n, f"{n} 分") for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择 1 到 5 分。", "invalid_choice": "请选择 1 到 5 分。"},
    )
    comment = forms.CharField(
        label="评价（选填）",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "评价不能超过300个字。"},
    )
