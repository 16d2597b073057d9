from django import forms

from gonghui.core.forms import WorkbenchForm
from gonghui.imports.models import ImportMode
from gonghui.orgs.pickers import OrgPickerField

UPLOAD_TYPE = "请上传 .xlsx 或 .csv 文件。"


class MemberImportForm(WorkbenchForm):
    file = forms.FileField(label="文件（.xlsx 或 .csv）")
    mode = forms.ChoiceField(
        label="导入方式",
        choices=ImportMode.choices,
        initial=ImportMode.VALID,
        widget=forms.RadioSelect,
    )
    org = OrgPickerField(
        label="默认工会（文件中「所属企业/工会」为空时）",
        purpose="member_holding",
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].for_user(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(UPLOAD_TYPE)
        return upload
