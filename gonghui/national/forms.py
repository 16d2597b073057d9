from django import forms

from gonghui.core.forms import CleanTextForm
from gonghui.national.models import ConsentBy
from gonghui.national.peers import peers
from gonghui.national.provinces import province_name
from gonghui.national.services import CONSENT_TEXT


class CrossTransferForm(CleanTextForm):
    to_province = forms.ChoiceField(label="转入省份")
    to_org_code = forms.CharField(label="转入工会统一社会信用代码", max_length=18, min_length=18)
    consent_by = forms.ChoiceField(label="职工同意方式", choices=ConsentBy.choices)
    consent = forms.BooleanField(label=CONSENT_TEXT, required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_province"].choices = [
            (code, province_name(code)) for code in sorted(peers())
        ]


class RejectForm(CleanTextForm):
    note = forms.CharField(label="审批意见", max_length=200)
